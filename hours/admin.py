import itertools
from collections import defaultdict

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from hours.models import (
    ExceptionHours,
    ExceptionKind,
    HoursException,
    HoursPeriod,
    Location,
    Weekday,
    WeeklyHours,
)
from hours.outputs import osm_opening_hours
from hours.selectors import day_plans, local_date, location_with_hours
from wzl_site.translation_admin import NeedsTranslationFilter, TranslationStatusAdminMixin

PREVIEW_DAYS = 14


def _kept_forms(formset):
    """The forms of an inline formset that will be saved: valid, filled and not deleted."""
    return [
        form
        for form in formset.forms
        if form.is_valid() and form.cleaned_data and not formset._should_delete_form(form)
    ]


class IntervalFormSet(forms.BaseInlineFormSet):
    """Checks all intervals of a day together, as they will be after saving: two new
    overlapping rows are refused, and adjacent rows moved in one save are accepted."""

    def clean(self):
        super().clean()
        by_day = defaultdict(list)
        for form in _kept_forms(self):
            data = form.cleaned_data
            if data.get("opens") and data.get("closes"):
                by_day[data.get("weekday")].append((data["opens"], data["closes"]))
        for weekday, intervals in by_day.items():
            intervals.sort()
            for (opens, closes), (next_opens, next_closes) in itertools.pairwise(intervals):
                if next_opens < closes:
                    day = Weekday(weekday).label if weekday is not None else _("this day")
                    raise ValidationError(
                        _(
                            "%(day)s: %(first)s and %(second)s overlap. Change or delete one "
                            "of them."
                        )
                        % {
                            "day": day,
                            "first": f"{opens:%H:%M}–{closes:%H:%M}",
                            "second": f"{next_opens:%H:%M}–{next_closes:%H:%M}",
                        }
                    )


class ExceptionHoursFormSet(IntervalFormSet):
    def clean(self):
        super().clean()
        kept = _kept_forms(self)
        if self.instance.kind == ExceptionKind.SPECIAL_HOURS and not kept:
            raise ValidationError(_("Special hours need at least one time below."))
        if self.instance.kind == ExceptionKind.CLOSED and kept:
            raise ValidationError(
                _("A closure has no opening times: delete them, or choose “Special hours”.")
            )


class PeriodFormSet(forms.BaseInlineFormSet):
    """Periods saved together must not overlap each other either."""

    def clean(self):
        super().clean()
        ranges = sorted(
            (form.cleaned_data["valid_from"], form.cleaned_data.get("valid_until"))
            for form in _kept_forms(self)
            if form.cleaned_data.get("valid_from")
        )
        for (_start, end), (next_start, _next_end) in itertools.pairwise(ranges):
            if end is None or next_start <= end:
                raise ValidationError(_("Two periods of this location overlap."))


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    formset = IntervalFormSet
    extra = 1


class ExceptionHoursInline(admin.TabularInline):
    model = ExceptionHours
    formset = ExceptionHoursFormSet
    extra = 1


class HoursPeriodInline(admin.TabularInline):
    model = HoursPeriod
    formset = PeriodFormSet
    extra = 0
    show_change_link = True
    fields = ["valid_from", "valid_until"]


class HoursExceptionInline(TranslationTabularInline):
    model = HoursException
    extra = 0
    show_change_link = True
    fields = ["kind", "starts_on", "ends_on", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        today = local_date(timezone.now())
        return super().get_queryset(request).filter(ends_on__gte=today)


@admin.register(Location)
class LocationAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "is_centre", "street", "city"]
    list_filter = [NeedsTranslationFilter]
    search_fields = ["slug", "name_de", "street", "city"]
    readonly_fields = ["next_days", "openstreetmap_hours"]
    inlines = [HoursPeriodInline, HoursExceptionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_centre"]}),
        (_("Address and contact"), {"fields": ["street", "postcode", "city", "phone", "email"]}),
        (
            _("Getting there"),
            {
                "fields": [
                    "wheelchair_access",
                    "public_transport",
                    "directions_url",
                    "more_information_url",
                ]
            },
        ),
        (_("Opening hours"), {"fields": ["closed_on_public_holidays", "next_days"]}),
        (_("For OpenStreetMap"), {"fields": ["openstreetmap_hours"]}),
    ]

    @admin.display(description=_("The next 14 days, as visitors see them"))
    def next_days(self, obj):
        if obj.pk is None:
            return "–"
        now = timezone.now()
        location = location_with_hours(pk=obj.pk, at=now)
        plans = day_plans(location=location, start=local_date(now), days=PREVIEW_DAYS)
        return render_to_string("hours/includes/day_plans.html", {"plans": plans})

    @admin.display(description=_("opening_hours value"))
    def openstreetmap_hours(self, obj):
        if obj.pk is None:
            return "–"
        now = timezone.now()
        value = osm_opening_hours(location=location_with_hours(pk=obj.pk, at=now), at=now)
        return render_to_string("hours/includes/osm_value.html", {"value": value})


@admin.register(HoursPeriod)
class HoursPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "location", "valid_from", "valid_until"]
    list_filter = ["location"]
    inlines = [WeeklyHoursInline]


@admin.register(HoursException)
class HoursExceptionAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["reason", "kind", "starts_on", "ends_on", "location"]
    list_filter = ["location", "kind", NeedsTranslationFilter]
    search_fields = ["reason_de", "reason_en"]
    date_hierarchy = "starts_on"
    fields = ["location", "kind", "starts_on", "ends_on", "reason", "notice_days"]
    inlines = [ExceptionHoursInline]
