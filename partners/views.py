from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from hours.selectors import local_date
from partners.models import ConsultationSlot, Offer, Partner
from partners.selectors import partners_by_kind
from services.models import Material, Topic
from services.selectors import least_recently_checked, page_languages


class PartnerListView(TemplateView):
    template_name = "partners/partner_list.html"

    def get_context_data(self, **kwargs):
        groups = partners_by_kind()
        return super().get_context_data(
            groups=groups,
            checked_on=least_recently_checked(
                items=[partner for group in groups for partner in group.partners]
            ),
            **kwargs,
        )


class PartnerDetailView(DetailView):
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        self.today = local_date(timezone.now())
        slots = ConsultationSlot.objects.not_ended(on=self.today)
        offers = Offer.objects.public().prefetch_related(
            "languages",
            Prefetch("topics", queryset=Topic.objects.published()),
            Prefetch("slots", queryset=slots),
        )
        return Partner.objects.published().prefetch_related(
            Prefetch("offers", queryset=offers, to_attr="public_offers"),
            Prefetch(
                "materials", queryset=Material.objects.published(), to_attr="public_materials"
            ),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=self.today, available_languages=page_languages(obj=self.object), **kwargs
        )
