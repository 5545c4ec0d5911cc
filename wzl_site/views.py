from django.utils import timezone
from django.views.generic import TemplateView

from hours.selectors import centre_location, opening_status, weekly_schedule
from partners.selectors import partners_by_kind
from services.models import TargetGroup, Topic


class CentreHoursMixin:
    """Adds the centre's location, its week and whether it is open now."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        location = centre_location()
        if location is not None:
            context.update(
                location=location,
                schedule=weekly_schedule(location=location),
                status=opening_status(location=location, at=timezone.now()),
            )
        return context


class HomeView(CentreHoursMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topics=Topic.objects.published(),
            target_groups=TargetGroup.objects.published(),
            partner_groups=partners_by_kind(),
            **kwargs,
        )


class VisitView(CentreHoursMixin, TemplateView):
    template_name = "visit.html"
