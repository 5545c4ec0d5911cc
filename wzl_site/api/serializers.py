"""What the API says about each kind of content: the same fields in JSON and in CSV.

Texts are read in the active language (the view activates ``?lang=``): modeltranslation falls
back to English, then German, as on the pages. Related topics and target groups are named by
their slugs (the addresses of ``/api/v1/topics/<slug>/``), and only published ones are named.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hours.models import ExceptionKind
from partners.models import ConsultationSlot, Offer, Partner
from services.models import GuideTopic, Material, Office, TargetGroup, Topic
from services.selectors import language_names


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "13:00", "description": "HH:MM"}
)
class ClockTime(serializers.TimeField):
    """A wall-clock time in the site's time zone (Europe/Berlin) as ``HH:MM``."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# Every field is read-only, and so always present in an answer (``required`` in the OpenAPI
# description). A comment, not a docstring: drf-spectacular would describe every schema with it.
class Answer:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


CHECKED_ON = "The day staff last confirmed the content; null: not checked yet."


def checked_on():
    return serializers.DateField(allow_null=True, help_text=CHECKED_ON)


def slugs(**kwargs):
    """The slugs of related objects, as the view prefetched them (published ones only)."""
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True, **kwargs)


class PageUrlMixin:
    """``url``: the object's page on the website in the requested language."""

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class LanguageSerializer(Answer, serializers.Serializer):
    code = serializers.CharField(help_text="ISO 639 code, e.g. ar, ti, fa-af.")
    name = serializers.CharField(help_text="The language's name in the requested language.")


def named_languages(codes: list[str]) -> list[dict]:
    """Each code with its name in the active language ("fa-af" as CLDR's "fa_AF")."""
    names = language_names()

    def name(code: str) -> str:
        language, _dash, region = code.partition("-")
        return names.get(code) or names.get(f"{language}_{region.upper()}") or code

    return [{"code": code, "name": name(code)} for code in codes]


class TopicSerializer(Answer, PageUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The topic's page in the language asked for.")
    checked_on = checked_on()

    class Meta:
        model = Topic
        fields = ["slug", "title", "summary", "body", "checked_on", "url"]
        extra_kwargs = {"body": {"help_text": "Markdown."}}


class GuideTopicSerializer(Answer, serializers.ModelSerializer):
    slug = serializers.CharField(source="topic.slug")
    title = serializers.CharField(source="topic.title")

    class Meta:
        model = GuideTopic
        fields = ["slug", "title", "reason"]


class TargetGroupSerializer(Answer, PageUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The group's page in the language asked for.")
    checked_on = checked_on()
    topics = GuideTopicSerializer(
        source="published_guide",
        many=True,
        help_text="The group's guide: its published topics in order, each with why it matters.",
    )

    class Meta:
        model = TargetGroup
        fields = ["slug", "name", "label", "description", "topics", "checked_on", "url"]
        extra_kwargs = {"description": {"help_text": "Markdown."}}


class SlotSerializer(Answer, serializers.ModelSerializer):
    weekday_name = serializers.CharField(source="get_weekday_display")
    opens = ClockTime()
    closes = ClockTime()
    rhythm = serializers.CharField(help_text="How often, in words.")

    class Meta:
        model = ConsultationSlot
        fields = [
            "weekday",
            "weekday_name",
            "opens",
            "closes",
            "recurrence",
            "week_of_month",
            "rhythm",
            "starts_on",
            "ends_on",
            "appointment_only",
        ]
        extra_kwargs = {
            "weekday": {"help_text": "0 Monday … 6 Sunday."},
            "week_of_month": {"help_text": "Monthly slots only: 1–4, or -1 for the last."},
        }


class OfferSerializer(Answer, serializers.ModelSerializer):
    partner = serializers.CharField(source="partner.slug", help_text="The partner's slug.")
    topics = slugs(help_text="Slugs of the offer's published topics.")
    target_groups = slugs(
        help_text="Slugs of the published groups the offer is for; empty: for everyone."
    )
    languages = LanguageSerializer(
        many=True, help_text="Languages of counselling; empty: not known."
    )
    slots = SlotSerializer(
        many=True, help_text="When the partner counsels at the centre (slots not ended yet)."
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "partner",
            "title",
            "description",
            "topics",
            "target_groups",
            "languages",
            "appointment_required",
            "slots",
        ]
        extra_kwargs = {
            "description": {"help_text": "Markdown."},
            "appointment_required": {"help_text": "null: not known."},
        }


class PartnerSerializer(Answer, PageUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The partner's page in the language asked for."
    )
    checked_on = checked_on()
    kind_name = serializers.CharField(source="get_kind_display")
    website = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField(help_text="International format (E.164), e.g. +493411234567.")
    phone_note = serializers.CharField(help_text="When to call, in words.")
    offers = OfferSerializer(source="public_offers", many=True, help_text="Its public offers.")

    class Meta:
        model = Partner
        fields = [
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
            "offers",
        ]
        extra_kwargs = {"description": {"help_text": "Markdown."}}


class OfficeSerializer(Answer, serializers.ModelSerializer):
    description = serializers.CharField(help_text="What it does, in one sentence.")
    address = serializers.CharField(help_text="Postal address, one line each (not translated).")
    topics = slugs(help_text="Slugs of the published topics people are referred there for.")
    languages = serializers.SerializerMethodField(help_text="Languages spoken; empty: not known.")
    website = serializers.CharField()
    phone = serializers.CharField(help_text="As entered, e.g. 0341 123 45 67.")
    email = serializers.CharField()
    hours_note = serializers.CharField(help_text="Opening hours in words, as far as known.")
    checked_on = checked_on()

    class Meta:
        model = Office
        fields = [
            "id",
            "name",
            "description",
            "address",
            "website",
            "phone",
            "email",
            "hours_note",
            "languages",
            "topics",
            "checked_on",
        ]

    @extend_schema_field(LanguageSerializer(many=True))
    def get_languages(self, office) -> list[dict]:
        return named_languages(office.language_codes())


class MaterialSerializer(Answer, serializers.ModelSerializer):
    language_name = serializers.SerializerMethodField()
    topics = slugs(help_text="Slugs of the published topics it is about.")
    target_groups = slugs(help_text="Slugs of the published groups it is for.")
    partner = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The partner's slug; null for the Welcome Centre's own material.",
    )
    file_url = serializers.SerializerMethodField(
        help_text="The PDF on this site; null when the material is a link."
    )
    link = serializers.CharField(source="url", help_text="Where it is online; empty for a PDF.")
    file_size = serializers.IntegerField(
        allow_null=True, help_text="Bytes of the PDF; null for a link."
    )
    checked_on = checked_on()

    class Meta:
        model = Material
        fields = [
            "id",
            "title",
            "description",
            "language",
            "language_name",
            "topics",
            "target_groups",
            "partner",
            "file_url",
            "link",
            "file_size",
            "checked_on",
        ]

    def get_language_name(self, material) -> str:
        return named_languages([material.language])[0]["name"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file_url(self, material) -> str | None:
        if not material.file:
            return None
        path = reverse("services:material_file", kwargs={"pk": material.pk})
        return self.context["request"].build_absolute_uri(path)


# --- Hours ------------------------------------------------------------------------------------


class IntervalSerializer(Answer, serializers.Serializer):
    opens = ClockTime()
    closes = ClockTime()


class DayHoursSerializer(Answer, serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 Monday … 6 Sunday.")
    name = serializers.CharField()
    intervals = IntervalSerializer(many=True, help_text="Empty: closed all day.")


class PeriodSerializer(Answer, serializers.Serializer):
    valid_from = serializers.DateField(source="period.valid_from")
    valid_until = serializers.DateField(
        source="period.valid_until", allow_null=True, help_text="null: until further notice."
    )
    days = DayHoursSerializer(many=True, help_text="Monday to Sunday.")


class LocationSerializer(Answer, serializers.Serializer):
    name = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    wheelchair_access = serializers.CharField()
    public_transport = serializers.CharField()
    closed_on_public_holidays = serializers.BooleanField()
    directions_url = serializers.CharField()
    more_information_url = serializers.CharField()
    checked_on = checked_on()


class ExceptionSerializer(Answer, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    kind_name = serializers.CharField(source="get_kind_display")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField()
    intervals = serializers.SerializerMethodField(help_text="Special hours on each of the days.")

    @extend_schema_field(IntervalSerializer(many=True))
    def get_intervals(self, exception) -> list[dict]:
        if exception.is_closed:
            return []
        rows = sorted(exception.hours.all(), key=lambda row: row.opens)
        return IntervalSerializer(rows, many=True).data


class HolidaySerializer(Answer, serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class HoursSerializer(Answer, serializers.Serializer):
    """The centre's address, weekly hours, exceptions still to come and public holidays."""

    location = LocationSerializer()
    periods = PeriodSerializer(
        many=True, help_text="The weekly hours in force today, and the next ones if entered."
    )
    exceptions = ExceptionSerializer(
        many=True, help_text="Closures and special hours not over yet, by first day."
    )
    public_holidays = HolidaySerializer(
        many=True, help_text="Saxony's public holidays in the coming year."
    )


class DayPlanExceptionSerializer(Answer, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    reason = serializers.CharField()


class DayPlanSerializer(Answer, serializers.Serializer):
    date = serializers.DateField(source="day")
    intervals = IntervalSerializer(many=True, help_text="Empty: closed all day.")
    holiday = serializers.CharField(allow_null=True, help_text="The public holiday, if any.")
    exception = DayPlanExceptionSerializer(
        allow_null=True, help_text="The closure or special hours that replace the week, if any."
    )


class StatusSerializer(Answer, serializers.Serializer):
    at = serializers.DateTimeField(help_text="The instant asked about, in Europe/Berlin.")
    is_open = serializers.BooleanField()
    closes_at = serializers.DateTimeField(allow_null=True, help_text="When open: when it closes.")
    next_opening = serializers.DateTimeField(
        allow_null=True,
        help_text="When closed: when it opens next (null: no opening within a year).",
    )
    changes_at = serializers.DateTimeField(help_text="When this status can change next.")
    today = DayPlanSerializer(help_text="The day of ``at`` as visitors see it.")
