import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_response_headers
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, RedirectView, TemplateView

from hours.outputs import (
    AHEAD_DAYS,
    CalendarEvent,
    icalendar_feed,
    opening_events,
    opening_hours_jsonld,
)
from hours.selectors import (
    centre_location,
    day_plans,
    local_date,
    opening_status,
    weekly_schedule,
)
from partners.selectors import partners_by_kind, slot_occurrences
from services.models import TargetGroup, Topic
from services.selectors import centre_profile
from wzl_site.client_ip import client_ip
from wzl_site.forms import BarrierReportForm
from wzl_site.models import LegalPage
from wzl_site.operations import barrier_report_create
from wzl_site.page_cache import content_cached
from wzl_site.search import RESULTS_PER_PAGE, parse_query, site_search

logger = logging.getLogger(__name__)

CALENDAR_DAYS = 14
# The iCalendar feed has no "now" in it beyond the day: calendar apps may keep it an hour.
FEED_MAX_AGE = 3600


class CentreHoursMixin:
    """Adds the centre's location, its weekly hours and whether it is open now.

    The response may be cached only until the status can change (the next opening, closing
    or midnight), so no cache, ours or a browser's, shows a stale status.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        # The location with its periods and exceptions from the day on: kept while the content
        # and the day stay the same; the status is worked out from it afresh on every request.
        location = content_cached(
            "centre", local_date(now), compute=lambda: centre_location(at=now)
        )
        if location is not None:
            context.update(
                location=location,
                schedule=weekly_schedule(location=location, at=now),
                status=opening_status(location=location, at=now),
            )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        status = context.get("status")
        if status is not None:
            seconds = (status.changes_at - timezone.now()).total_seconds()
            patch_response_headers(response, cache_timeout=max(0, int(seconds)))
        return response


class OpeningHoursJsonLdMixin(CentreHoursMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "location" in context:
            location, at = context["location"], context["status"].at
            url = self.request.build_absolute_uri(reverse("visit"))
            # The next 90 days as of the day: the same all day long until the content changes.
            context["opening_hours_jsonld"] = content_cached(
                "jsonld",
                local_date(at),
                get_language(),  # holidays and closures are named in the page's language
                url,
                compute=lambda: opening_hours_jsonld(location=location, at=at, url=url),
            )
        return context


class HomeView(OpeningHoursJsonLdMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topics=Topic.objects.published(),
            target_groups=TargetGroup.objects.published(),
            # Read only where the template's fragments are not in the cache.
            partner_groups=SimpleLazyObject(partners_by_kind),
            profile=SimpleLazyObject(centre_profile),
            **kwargs,
        )


class VisitView(OpeningHoursJsonLdMixin, TemplateView):
    template_name = "visit.html"


class CalendarView(CentreHoursMixin, TemplateView):
    """Who is here when: the next 14 days with the centre's hours and the partners' slots."""

    template_name = "calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "location" in context:
            plans = day_plans(
                location=context["location"],
                start=context["status"].at.date(),
                days=CALENDAR_DAYS,
            )
            slots = slot_occurrences(plans=plans)
            context["days"] = [(plan, slots[plan.day]) for plan in plans]
        return context


class CalendarFeedView(View):
    """The next 90 days of opening times and partner slots as an iCalendar feed."""

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        location = centre_location(at=now)
        if location is None:
            raise Http404
        plans = day_plans(location=location, start=local_date(now), days=AHEAD_DAYS)
        events = opening_events(
            location=location, plans=plans, summary=gettext("Welcome Centre Leipzig is open")
        )
        events += slot_events(slot_occurrences(plans=plans))
        body = icalendar_feed(
            name=gettext("Welcome Centre Leipzig: who is here when"), events=events, at=now
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="wzl-hours.ics"'
        patch_response_headers(response, cache_timeout=FEED_MAX_AGE)
        return response


def slot_events(occurrences_by_day) -> list[CalendarEvent]:
    """One calendar event per partner slot that takes place."""
    return [
        CalendarEvent(
            uid=f"{item.starts:%Y%m%d}-slot-{item.slot.pk}@wzl",
            summary=f"{item.partner.name}: {item.offer.title}",
            starts=item.starts,
            ends=item.ends,
            description=gettext("Appointment only") if item.appointment_only else "",
        )
        for occurrences in occurrences_by_day.values()
        for item in occurrences
    ]


def _database_state() -> str:
    """ "ok" when the database answers a query on a connection of its own.

    A fresh connection, not the request's: a persistent connection to a hung server would block
    in its health check, while a new one gives up after the connect timeout."""
    connection = None
    try:
        connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        return "error"
    finally:
        if connection is not None:
            connection.close()
    return "ok"


def _cache_state() -> str:
    """ "ok" when the cache keeps and returns a value."""
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, timeout=10)
        if cache.get("healthz") != token:
            raise RuntimeError("the cache did not return what was stored")
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return "error"
    return "ok"


class FaviconView(RedirectView):
    """``/favicon.ico``: the icon among the static files, under its hashed name in production
    (so it is looked up per request, never at import time)."""

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")


class HealthView(View):
    """For a load balancer: 200 when the database and the cache answer, else 503, as JSON."""

    def get(self, request):
        states = {"database": _database_state(), "cache": _cache_state()}
        healthy = all(state == "ok" for state in states.values())
        response = JsonResponse(states, status=200 if healthy else 503)
        add_never_cache_headers(response)
        return response


def bad_request(request, exception):
    """Django's 400 page without its CSRF check (``requires_csrf_token``), which parses a posted
    body: a malformed one would turn the 400 into a 500, or escape Django altogether."""
    return HttpResponseBadRequest("Bad request", content_type="text/plain")


class SearchView(TemplateView):
    """Results for ``?q=``, 20 a page; without a query, the form and a hint."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = parse_query(self.request.GET.get("q", ""))
        results = site_search(terms=query.terms, language=get_language()) if query.terms else []
        return super().get_context_data(
            query=query,
            page_obj=Paginator(results, RESULTS_PER_PAGE).get_page(self.request.GET.get("page")),
            # Suggested when nothing is found; read only then.
            topics=Topic.objects.published(),
            **kwargs,
        )


class LegalPageView(TemplateView):
    """A page the law asks for (``LegalPage.Kind``), at the address the site gives it."""

    kind: str = ""
    template_name = "legal/page.html"

    def get_context_data(self, **kwargs):
        page = get_object_or_404(LegalPage.objects.prefetch_related("sections"), kind=self.kind)
        return super().get_context_data(page=page, **kwargs)


class PrivacyView(LegalPageView):
    """The privacy notice, with what the barrier report form stores and for how long, from the
    settings that make it so."""

    kind = LegalPage.Kind.PRIVACY
    template_name = "legal/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.BARRIER_REPORT_RETENTION_DAYS, **kwargs
        )


class AccessibilityView(LegalPageView):
    kind = LegalPage.Kind.ACCESSIBILITY
    template_name = "legal/accessibility.html"


class SignLanguageView(LegalPageView):
    """The explanation in German Sign Language, with the Leichte Sprache text as its text
    alternative (and in its place while there is no video yet)."""

    kind = LegalPage.Kind.SIGN_LANGUAGE
    template_name = "legal/sign_language.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["easy_language"] = (
            LegalPage.objects.prefetch_related("sections")
            .filter(kind=LegalPage.Kind.EASY_LANGUAGE)
            .first()
        )
        page = context["page"]
        if page.video:
            try:
                context["video_size"] = page.video.size
            except OSError:  # gone from the storage: the page says the video is being prepared
                logger.exception("The sign language video %s cannot be read", page.video.name)
                page.video = None
            else:
                context["video_name"] = page.video.name.rsplit("/", 1)[-1]
        return context


class SignLanguageVideoView(View):
    """The sign language video, from whatever storage holds it, at an address that names the
    file (a new video gets a new address, so browsers may keep the old one for long)."""

    def get(self, request, name: str):
        page = get_object_or_404(LegalPage, kind=LegalPage.Kind.SIGN_LANGUAGE)
        if not page.video or page.video.name.rsplit("/", 1)[-1] != name:
            raise Http404
        response = FileResponse(
            page.video.open("rb"),
            content_type=page.video_type,
            as_attachment="download" in request.GET,
            filename=f"wzl-gebaerdensprache.{page.video_format}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_response_headers(response, cache_timeout=86400)
        return response


@method_decorator(csrf_exempt, name="dispatch")
class BarrierReportView(FormView):
    """Report a barrier: the accessibility statement's form.

    Without CSRF protection on purpose: the form changes nothing for anyone who sends it (it
    stores a message for staff), and a CSRF token would need a cookie, while the public pages
    set none. The signed time in the form (``BarrierReportForm.started``) shows that it came
    from this page. Never cached: that time must be fresh.
    """

    template_name = "legal/barrier_report.html"
    form_class = BarrierReportForm
    http_method_names = ["get", "head", "options", "post"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sent="sent" in self.request.GET,
            statement=LegalPage.objects.filter(kind=LegalPage.Kind.ACCESSIBILITY).first(),
            **kwargs,
        )

    def form_valid(self, form):
        if form.is_trap:  # a robot: it is told what a person would be told, and nothing is kept
            logger.info("Barrier report refused: the trap field was filled in")
            return redirect(f"{self.request.path}?sent=1")
        if not self.allowed_from_client():
            form.add_error(
                None,
                gettext(
                    "Many reports came from your connection in the last hour. Please try again "
                    "later, or write us an e-mail."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = "3600"
            return response
        barrier_report_create(
            message=form.cleaned_data["message"],
            page=form.cleaned_data["page"],
            email=form.cleaned_data["email"],
            language=get_language(),
            site_url=self.request.build_absolute_uri("/"),
        )
        return redirect(f"{self.request.path}?sent=1")

    def allowed_from_client(self) -> bool:
        """At most ``BARRIER_REPORTS_PER_HOUR`` reports per client address and hour (when the
        cache cannot count, reports are taken)."""
        key = f"barrier-reports:{client_ip(self.request)}"
        try:
            cache.add(key, 0, timeout=3600)
            return cache.incr(key) <= settings.BARRIER_REPORTS_PER_HOUR
        except Exception:
            logger.warning("Barrier reports cannot be counted", exc_info=True)
            return True

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        add_never_cache_headers(response)
        return response
