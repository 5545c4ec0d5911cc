"""When a place is open: weekly hours in dated periods, exceptions, and recurring slots.

The generic hours engine: it imports no other app. ``partners`` builds consultation slots on
``RecurringSlot``. Times are wall-clock times in the site's time zone (Europe/Berlin).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Weekday(models.IntegerChoices):
    """ISO weekday numbers minus one, as ``datetime.weekday()`` returns them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def _closing_after_opening(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(opens__lt=models.F("closes")),
        name=name,
        violation_error_message=_("The closing time must be after the opening time."),
    )


class LocationQuerySet(models.QuerySet):
    def centre(self):
        """The welcome centre's own location (at most one: see ``Location.is_centre``)."""
        return self.filter(is_centre=True)


class Location(models.Model):
    """A place with opening hours: the welcome centre itself, later also partners' rooms."""

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    is_centre = models.BooleanField(
        _("this is the Welcome Centre"),
        default=False,
        help_text=_(
            "The home page and the visit page show this location's address and hours. "
            "Only one location can be the Welcome Centre."
        ),
    )
    name = models.CharField(_("name"), max_length=160)
    street = models.CharField(_("street and number"), max_length=160)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wheelchair_access = models.TextField(
        _("wheelchair access"),
        blank=True,
        validators=[MaxLengthValidator(2_000)],
        help_text=_("For example whether there are steps, a ramp or a lift. Empty: not shown."),
    )
    public_transport = models.TextField(
        _("nearest stop"),
        blank=True,
        validators=[MaxLengthValidator(2_000)],
        help_text=_("The nearest tram or bus stop and its lines. Empty: not shown."),
    )
    closed_on_public_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_(
            "Closed on Saxony's public holidays. To open on one, add an exception with special "
            "hours for that day."
        ),
    )
    directions_url = models.URLField(
        _("directions link"),
        blank=True,
        help_text=_("A plain link to a map (for example OpenStreetMap). No map is embedded."),
    )
    more_information_url = models.URLField(_("more information (link)"), blank=True)
    checked_on = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_(
            "The day you confirmed that the address, hours and notes are still true. Pages "
            "show it as “Last checked”; empty: the page says it has not been checked yet."
        ),
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_centre"],
                condition=models.Q(is_centre=True),
                name="location_one_centre",
                violation_error_message=_("Another location is already the Welcome Centre."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def locality(self) -> str:
        """Postcode and city, without a stray space while the postcode is empty."""
        return " ".join(part for part in (self.postcode, self.city) if part)


class HoursPeriod(models.Model):
    """A location's weekly hours from a date, optionally until a date."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="periods", verbose_name=_("location")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Last day these hours hold. Empty: until further notice."),
    )

    class Meta:
        ordering = ["location", "valid_from"]
        verbose_name = _("opening hours period")
        verbose_name_plural = _("opening hours periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="hoursperiod_until_after_from",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        if self.valid_until:
            return _("%(start)s to %(end)s") % {"start": self.valid_from, "end": self.valid_until}
        return _("from %(start)s") % {"start": self.valid_from}

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self) -> None:
        super().clean()
        if self.valid_from is None or self.location_id is None:
            return
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The last day must not be before the first day.")}
            )
        others = HoursPeriod.objects.filter(location_id=self.location_id).exclude(pk=self.pk)
        if self.valid_until is not None:
            others = others.filter(valid_from__lte=self.valid_until)
        clash = (
            others.filter(
                models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=self.valid_from)
            )
            .order_by("valid_from")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("This period overlaps with the period %(other)s of the same location.")
                % {"other": clash},
                code="overlap",
            )


class WeeklyHours(models.Model):
    """One interval on one weekday of a period."""

    period = models.ForeignKey(
        HoursPeriod, on_delete=models.CASCADE, related_name="hours", verbose_name=_("period")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["period", "weekday", "opens"]
        verbose_name = _("weekly opening hours")
        verbose_name_plural = _("weekly opening hours")
        constraints = [_closing_after_opening("weeklyhours_opens_before_closes")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", pgettext_lazy("exception kind", "Closed")
    SPECIAL_HOURS = "special", pgettext_lazy("exception kind", "Special hours")


class HoursException(models.Model):
    """Closed days or special hours on one date or a range of dates, replacing the week."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("location")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ExceptionKind.choices, default=ExceptionKind.CLOSED
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), blank=True, help_text=_("Empty: the first day only."))
    reason = models.CharField(
        _("reason"),
        max_length=200,
        help_text=_("Shown to visitors, for example “Christmas holidays” or “staff meeting”."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("announce days before"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("A notice on every page announces the exception this many days before."),
    )

    class Meta:
        ordering = ["location", "starts_on"]
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="hoursexception_ends_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}: {self.reason}"

    @property
    def is_closed(self) -> bool:
        return self.kind == ExceptionKind.CLOSED

    @property
    def is_single_day(self) -> bool:
        return self.starts_on == self.ends_on

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def announced_on(self, day: date) -> bool:
        """Whether the notice for this exception shows on ``day``."""
        return self.starts_on - timedelta(days=self.notice_days) <= day <= self.ends_on

    def clean(self) -> None:
        super().clean()
        if self.starts_on is None:
            return
        if self.ends_on is None:
            self.ends_on = self.starts_on
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must not be before the first day.")})
        if self.location_id is None:
            return
        clash = (
            HoursException.objects.filter(
                location_id=self.location_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("These days overlap with another exception: %(other)s.") % {"other": clash},
                code="overlap",
            )


class ExceptionHours(models.Model):
    """An interval on each day of a special-hours exception."""

    exception = models.ForeignKey(
        HoursException, on_delete=models.CASCADE, related_name="hours", verbose_name=_("exception")
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["exception", "opens"]
        verbose_name = _("special opening hours")
        verbose_name_plural = _("special opening hours")
        constraints = [_closing_after_opening("exceptionhours_opens_before_closes")]

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", pgettext_lazy("recurrence", "every week")
    BIWEEKLY = "biweekly", pgettext_lazy("recurrence", "every other week")
    MONTHLY = "monthly", pgettext_lazy("recurrence", "once a month")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, pgettext_lazy("week of the month", "first")
    SECOND = 2, pgettext_lazy("week of the month", "second")
    THIRD = 3, pgettext_lazy("week of the month", "third")
    FOURTH = 4, pgettext_lazy("week of the month", "fourth")
    LAST = -1, pgettext_lazy("week of the month", "last")


class RecurringSlot(models.Model):
    """A time on a weekday that recurs every week, every other week, or once a month.

    Every other week counts from the week of ``starts_on``: the first slot is the first
    matching weekday on or after that date. Once a month is the nth (or the last) such weekday.
    """

    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("which one in the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Only for “once a month”: for example the last Thursday of the month."),
    )
    opens = models.TimeField(pgettext_lazy("consultation slot", "from"))
    closes = models.TimeField(pgettext_lazy("consultation slot", "until"))
    starts_on = models.DateField(
        _("first day"),
        help_text=_("From this date on. For “every other week” the first slot is in its week."),
    )
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    appointment_only = models.BooleanField(_("appointment only"), default=False)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            errors["closes"] = _(
                "The slot must end after it starts, on the same day (before midnight)."
            )
        if self.recurrence == Recurrence.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = _("Choose which weekday of the month, e.g. “last”.")
        if self.recurrence != Recurrence.MONTHLY and self.week_of_month is not None:
            errors["week_of_month"] = _("Only a monthly slot has a week of the month.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day must not be before the first day.")
        if errors:
            raise ValidationError(errors)

    def occurs_on(self, day: date) -> bool:
        """Whether the slot takes place on ``day`` (closures of the location not considered)."""
        if day.weekday() != self.weekday or day < self.starts_on:
            return False
        if self.ends_on is not None and day > self.ends_on:
            return False
        if self.recurrence == Recurrence.BIWEEKLY:
            first_monday = self.starts_on - timedelta(days=self.starts_on.weekday())
            return (day - first_monday).days // 7 % 2 == 0
        if self.recurrence == Recurrence.MONTHLY:
            if self.week_of_month == WeekOfMonth.LAST:
                return (day + timedelta(days=7)).month != day.month
            return (day.day - 1) // 7 + 1 == self.week_of_month
        return True
