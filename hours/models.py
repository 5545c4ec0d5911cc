from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The address name of the welcome centre's own location.
CENTRE_SLUG = "wzl"


class Weekday(models.IntegerChoices):
    """ISO weekday numbers minus one, as ``datetime.weekday()`` returns them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Location(models.Model):
    """A place with opening hours: the welcome centre itself, later also partners' rooms."""

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    street = models.CharField(_("street and number"), max_length=160)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80)
    directions_url = models.URLField(
        _("directions link"),
        blank=True,
        help_text=_("A plain link to a map (for example OpenStreetMap). No map is embedded."),
    )
    more_information_url = models.URLField(_("more information (link)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class WeeklyHours(models.Model):
    """One interval on one weekday, in the site's time zone (Europe/Berlin)."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="weekly_hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["location", "weekday", "opens"]
        verbose_name = _("weekly opening hours")
        verbose_name_plural = _("weekly opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="weeklyhours_opens_before_closes",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.opens is None or self.closes is None or self.location_id is None:
            return
        overlapping = WeeklyHours.objects.filter(
            location_id=self.location_id,
            weekday=self.weekday,
            opens__lt=self.closes,
            closes__gt=self.opens,
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("These hours overlap with other hours of the same day."), code="overlap"
            )
