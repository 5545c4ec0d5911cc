"""The API's views: thin read-only views over ``selectors``, and the open-data page."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_response_headers
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from hours.selectors import centre_location, local_date, opening_status, site_zone
from wzl_site.api import selectors, serializers
from wzl_site.api.rate_limit import parse_rate
from wzl_site.api.renderers import Column, CSVRenderer, field, joined


def requested_language(request, *, default: str = settings.LANGUAGE_CODE) -> str:
    """``?lang=``: one of the site's languages; German without it."""
    code = request.query_params.get("lang", default)
    if code not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ParseError(
            gettext("Unknown language in ?lang=. Use one of: %(codes)s.") % {"codes": codes}
        )
    return code


class ApiMixin:
    """Texts in the language of ``?lang=``; errors always as JSON; readable from any origin
    (open data: no cookies, no credentials)."""

    language = None
    default_language = settings.LANGUAGE_CODE

    @property
    def default_response_headers(self):
        # No "Vary: Accept": the answer depends on ?format=, never on the Accept header.
        return {"Allow": ", ".join(self.allowed_methods)}

    def dispatch(self, request, *args, **kwargs):
        # The language ``initial`` activates holds for this request only.
        with translation.override(translation.get_language()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = requested_language(request, default=self.default_language)
        translation.activate(self.language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response.headers.pop("Content-Disposition", None)
        elif self.language:
            response["Content-Language"] = self.language
        response["Access-Control-Allow-Origin"] = "*"
        return response


class Pagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (1 to 200, default 50); a page past the last
    answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = int(value) if value.isascii() and value.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise ParseError(
                gettext("?page_size= must be a whole number from 1 to %(most)s.")
                % {"most": self.max_page_size}
            )
        return size

    def get_page_number(self, request, paginator):
        """``?page=``: a whole number from 1 (or "last"); anything else answers 404."""
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if value in self.last_page_strings:
            return paginator.num_pages
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise NotFound(self.invalid_page_message)
        return int(value)

    def check_parameters(self, request) -> None:
        """For a download of the whole list: ``?page=`` and ``?page_size=`` do not apply, but
        malformed ones are refused as they are for a page."""
        self.get_page_size(request)
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            self.get_page_number(request, paginator=None)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters


class ContentViewSet(ApiMixin, viewsets.GenericViewSet):
    """A list (JSON, paginated; or ``?format=csv``: every item) and, with a ``lookup_field``,
    one item by its slug."""

    pagination_class = Pagination
    csv_name = ""
    csv_columns: list[Column] = []
    lookup_field = "slug"
    # Any text: an address name that no object has answers 404 in JSON, not the site's HTML page.
    lookup_value_regex = r"[\s\S]*"

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return mixins.ListModelMixin.list(self, request, *args, **kwargs)
        self.paginator.check_parameters(request)
        serializer = self.get_serializer(self.get_queryset(), many=True)
        filename = f"wzl-{self.csv_name}-{self.language}.csv"
        return Response(
            serializer.data, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )


class ReadOnlyContentViewSet(mixins.RetrieveModelMixin, ContentViewSet):
    pass


class TopicViewSet(ReadOnlyContentViewSet):
    """Published topics: the questions of daily life the centre counsels on."""

    serializer_class = serializers.TopicSerializer
    csv_name = "topics"
    csv_columns = [
        field(name) for name in ["slug", "title", "summary", "body", "checked_on", "url"]
    ]

    def get_queryset(self):
        return selectors.public_topics()


class TargetGroupViewSet(ReadOnlyContentViewSet):
    """Published target groups ("I am …") with their guides: their topics in order."""

    serializer_class = serializers.TargetGroupSerializer
    csv_name = "target-groups"
    csv_columns = [
        *(field(name) for name in ["slug", "name", "label", "description"]),
        joined("topics", "slug"),
        field("checked_on"),
        field("url"),
    ]

    def get_queryset(self):
        return selectors.public_target_groups()


class PartnerViewSet(ReadOnlyContentViewSet):
    """Published partner organisations as approved, each with its public offers."""

    serializer_class = serializers.PartnerSerializer
    csv_name = "partners"
    csv_columns = [
        *(
            field(name)
            for name in [
                "slug",
                "name",
                "kind",
                "kind_name",
                "description",
                "website",
                "email",
                "phone",
                "phone_note",
                "checked_on",
                "url",
            ]
        ),
        Column("offers", lambda item: ", ".join(str(offer["id"]) for offer in item["offers"])),
    ]

    def get_queryset(self):
        return selectors.public_partners(on=local_date(timezone.now()))


def slot_text(slot: dict) -> str:
    """One slot as a cell: "Montag 10:00–12:00, jede Woche, 2026-01-01–"."""
    text = f"{slot['weekday_name']} {slot['opens']}–{slot['closes']}, {slot['rhythm']}"
    text += f", {slot['starts_on']}–{slot['ends_on'] or ''}"
    if slot["appointment_only"]:
        text += f", {pgettext('consultation slot', 'appointment only')}"
    return text


class OfferViewSet(ContentViewSet):
    """Public offers of published partners (also listed with each partner)."""

    serializer_class = serializers.OfferSerializer
    csv_name = "offers"
    csv_columns = [
        *(field(name) for name in ["id", "partner", "title", "description"]),
        joined("topics"),
        joined("target_groups"),
        joined("languages", "code"),
        field("appointment_required"),
        Column("slots", lambda item: "; ".join(slot_text(slot) for slot in item["slots"])),
    ]

    def get_queryset(self):
        return selectors.public_offers(on=local_date(timezone.now())).select_related("partner")


class OfficeViewSet(ContentViewSet):
    """Published offices and organisations outside the centre that people are referred to."""

    serializer_class = serializers.OfficeSerializer
    csv_name = "offices"
    csv_columns = [
        *(
            field(name)
            for name in [
                "id",
                "name",
                "description",
                "address",
                "website",
                "phone",
                "email",
                "hours_note",
            ]
        ),
        joined("languages", "code"),
        joined("topics"),
        field("checked_on"),
    ]

    def get_queryset(self):
        return selectors.public_offices()


class MaterialViewSet(ContentViewSet):
    """Published information materials: PDFs on this site, or links."""

    serializer_class = serializers.MaterialSerializer
    csv_name = "materials"
    csv_columns = [
        *(field(name) for name in ["id", "title", "description", "language", "language_name"]),
        joined("topics"),
        joined("target_groups"),
        *(field(name) for name in ["partner", "file_url", "link", "file_size", "checked_on"]),
    ]

    def get_queryset(self):
        return selectors.public_materials()


class HoursView(ApiMixin, APIView):
    """The centre's address, weekly hours, closures and special hours still to come, and the
    public holidays of the coming year. ``?format=csv``: one row per weekly interval,
    exception (or interval of special hours) and holiday."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_columns = [
        field(name)
        for name in [
            "entry",
            "first_day",
            "last_day",
            "weekday",
            "weekday_name",
            "opens",
            "closes",
            "note",
        ]
    ]

    @extend_schema(responses=serializers.HoursSerializer, operation_id="hours_retrieve")
    def get(self, request):
        hours = selectors.centre_hours(at=timezone.now())
        if hours is None:
            raise NotFound(gettext("The opening hours have not been entered yet."))
        headers = {}
        if request.accepted_renderer.format == "csv":
            headers["Content-Disposition"] = f'attachment; filename="wzl-hours-{self.language}.csv"'
        return Response(serializers.HoursSerializer(hours).data, headers=headers)

    @staticmethod
    def csv_rows(data: dict) -> list[dict]:
        rows = []
        for period in data["periods"]:
            for day in period["days"]:
                for interval in day["intervals"]:
                    rows.append(
                        {
                            "entry": "weekly",
                            "first_day": period["valid_from"],
                            "last_day": period["valid_until"],
                            "weekday": day["weekday"],
                            "weekday_name": day["name"],
                            **interval,
                        }
                    )
        for exception in data["exceptions"]:
            row = {
                "entry": exception["kind"],
                "first_day": exception["starts_on"],
                "last_day": exception["ends_on"],
                "note": exception["reason"],
            }
            rows += [{**row, **interval} for interval in exception["intervals"]] or [row]
        for holiday in data["public_holidays"]:
            rows.append(
                {
                    "entry": "public_holiday",
                    "first_day": holiday["date"],
                    "last_day": holiday["date"],
                    "note": holiday["name"],
                }
            )
        return rows


# The years ``?at=`` may name: the hours are entered for today's years, and outside these the
# calendar's ends (and Berlin's local mean time before 1893) are near.
STATUS_YEARS = (1900, 2999)
AT_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-"


def requested_instant(request) -> datetime | None:
    """``?at=`` as an aware datetime (without an offset: Berlin time); None without it."""
    value = request.query_params.get("at")
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        at = None
    if at is None or not STATUS_YEARS[0] <= at.year <= STATUS_YEARS[1]:
        raise ParseError(
            gettext(
                "?at= must be an ISO 8601 date and time from the years 1900 to 2999, "
                "e.g. 2026-03-02T10:30:00+01:00."
            )
        )
    return at if at.tzinfo is not None else at.replace(tzinfo=site_zone())


class HoursStatusView(ApiMixin, APIView):
    """Whether the centre is open at an instant (now, or ``?at=``): until when, or when next.

    Without ``?at=`` the answer is kept (by caches and browsers) only until the status can
    change: the next opening, closing or midnight."""

    @extend_schema(
        responses=serializers.StatusSerializer,
        parameters=[
            OpenApiParameter(
                "at",
                OpenApiTypes.DATETIME,
                OpenApiParameter.QUERY,
                pattern=AT_PATTERN,
                description="The instant, ISO 8601, in the years 1900 to 2999; without an "
                "offset it is Berlin time. Default: now.",
            )
        ],
        operation_id="hours_status_retrieve",
    )
    def get(self, request):
        asked = requested_instant(request)
        at = asked or timezone.now()
        location = centre_location(at=at)
        if location is None:
            raise NotFound(gettext("The opening hours have not been entered yet."))
        status = opening_status(location=location, at=at)
        response = Response(serializers.StatusSerializer(status).data)
        if asked is None:
            seconds = (status.changes_at - timezone.now()).total_seconds()
            patch_response_headers(response, cache_timeout=max(0, int(seconds)))
        return response


class SchemaView(ApiMixin, SpectacularJSONAPIView):
    """The API's OpenAPI 3 description as JSON; its texts in English, or in the language of
    ``?lang=`` as far as translated."""

    default_language = "en"


# --- The open-data page -----------------------------------------------------------------------

LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"

# (URL name, title, whether it has a CSV download) of every list and document of the API.
DATASETS = [
    ("api:topic-list", pgettext_lazy("open data", "Topics"), True),
    ("api:target-group-list", pgettext_lazy("open data", "Target groups"), True),
    ("api:partner-list", pgettext_lazy("open data", "Partner organisations"), True),
    ("api:offer-list", pgettext_lazy("open data", "Offers of the partners"), True),
    ("api:office-list", pgettext_lazy("open data", "Offices people are referred to"), True),
    ("api:material-list", pgettext_lazy("open data", "Information materials"), True),
    ("api:hours", pgettext_lazy("open data", "Opening hours, closures and holidays"), True),
    ("api:hours-status", pgettext_lazy("open data", "Open now? (status at an instant)"), False),
]
# One object by its slug, e.g. /api/v1/topics/housing/.
DETAILS = ["api:topic-detail", "api:target-group-detail", "api:partner-detail"]


class OpenDataView(TemplateView):
    """The licence, the update frequency and a link to every endpoint and download."""

    template_name = "open_data.html"

    def get_context_data(self, **kwargs):
        language = translation.get_language()
        datasets = []
        for name, title, has_csv in DATASETS:
            path = reverse(name)
            datasets.append(
                {
                    "title": title,
                    "path": path,
                    "json_url": f"{path}?lang={language}",
                    "csv_url": f"{path}?format=csv&lang={language}" if has_csv else "",
                }
            )
        return super().get_context_data(
            datasets=datasets,
            details=[
                reverse(name, kwargs={"slug": "SLUG"}).replace("SLUG", "<slug>") for name in DETAILS
            ],
            schema_url=reverse("api:schema"),
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            cache_minutes=max(1, settings.PAGE_CACHE_SECONDS // 60),
            rate_limit=rate_limit_text(),
            max_page_size=Pagination.max_page_size,
            page_size=Pagination.page_size,
            language_codes=[code for code, _name in settings.LANGUAGES],
            **kwargs,
        )


def rate_limit_text() -> str:
    """``API_RATE_LIMIT`` in words; empty without a limit."""
    rate = parse_rate(settings.API_RATE_LIMIT)
    if rate is None:
        return ""
    number, seconds = rate
    sentences = {
        1: ngettext(
            "At most %(number)s request per second from one address.",
            "At most %(number)s requests per second from one address.",
            number,
        ),
        60: ngettext(
            "At most %(number)s request per minute from one address.",
            "At most %(number)s requests per minute from one address.",
            number,
        ),
        3600: ngettext(
            "At most %(number)s request per hour from one address.",
            "At most %(number)s requests per hour from one address.",
            number,
        ),
        86400: ngettext(
            "At most %(number)s request per day from one address.",
            "At most %(number)s requests per day from one address.",
            number,
        ),
    }
    return sentences[seconds] % {"number": number}
