from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hours.models import Recurrence, RecurringSlot, WeekOfMonth
from services.models import PublishedQuerySet, Topic

EDIT_ANY_PARTNER = "partners.edit_any_partner"


class PartnerKind(models.TextChoices):
    ON_SITE = "on_site", _("Cooperation partner on site")
    CITY_OFFICE = "city_office", _("City office")
    VISITING = "visiting", _("Visiting specialist partner")


class PartnerQuerySet(PublishedQuerySet):
    def editable_by(self, user):
        """The partners a signed-in user may edit: all for editors, their own for partners."""
        if not user.is_authenticated or not user.is_staff:
            return self.none()
        if user.has_perm(EDIT_ANY_PARTNER):
            return self
        return self.filter(editors=user)


class Partner(models.Model):
    """An organisation that counsels at the WZL or is a city office there."""

    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("ASCII letters, digits and hyphens; the same in every language."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Markdown: an empty line starts a new paragraph, “## ” a heading, “- ” a list item."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="partners",
        blank=True,
        verbose_name=_("editors"),
        help_text=_("Accounts of this partner's staff who may update its entry and offers."),
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        permissions = [("edit_any_partner", _("Can edit every partner and its offers"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner_detail", kwargs={"slug": self.slug})


class CounsellingLanguage(models.Model):
    """A language in which counselling is offered (not only the site's languages)."""

    code = models.SlugField(
        _("language code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 639 code, for example de, en, ar, fa-af."),
    )
    name = models.CharField(_("name"), max_length=80)
    native_name = models.CharField(_("name in the language itself"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("counselling language")
        verbose_name_plural = _("counselling languages")

    def __str__(self) -> str:
        return self.name


class OfferQuerySet(models.QuerySet):
    def public(self):
        """Offers shown on the public site: published offers of published partners."""
        return self.filter(is_published=True, partner__is_published=True)

    def editable_by(self, user):
        """The offers of the partners the user may edit."""
        return self.filter(partner__in=Partner.objects.editable_by(user))


class Offer(models.Model):
    """What one partner offers on one or more topics (its service listing)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="offers", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the partner offers here. Markdown, as in the partner description."),
    )
    topics = models.ManyToManyField(
        Topic, related_name="offers", blank=True, verbose_name=_("topics")
    )
    languages = models.ManyToManyField(
        CounsellingLanguage,
        related_name="offers",
        blank=True,
        verbose_name=_("languages of counselling"),
        help_text=_("Leave empty when not known: the page then asks visitors to enquire."),
    )
    appointment_required = models.BooleanField(
        _("appointment needed"),
        null=True,
        blank=True,
        help_text=_("Leave as “Unknown” when not known."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["partner__order", "order", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.partner}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.partner.get_absolute_url()


# Rhythms as whole cell texts, so that no language has to agree an ordinal with a weekday.
_RHYTHMS = {
    (Recurrence.WEEKLY, None): pgettext_lazy("consultation rhythm", "every week"),
    (Recurrence.BIWEEKLY, None): pgettext_lazy("consultation rhythm", "every other week"),
    (Recurrence.MONTHLY, WeekOfMonth.FIRST): pgettext_lazy(
        "consultation rhythm", "once a month: first"
    ),
    (Recurrence.MONTHLY, WeekOfMonth.SECOND): pgettext_lazy(
        "consultation rhythm", "once a month: second"
    ),
    (Recurrence.MONTHLY, WeekOfMonth.THIRD): pgettext_lazy(
        "consultation rhythm", "once a month: third"
    ),
    (Recurrence.MONTHLY, WeekOfMonth.FOURTH): pgettext_lazy(
        "consultation rhythm", "once a month: fourth"
    ),
    (Recurrence.MONTHLY, WeekOfMonth.LAST): pgettext_lazy(
        "consultation rhythm", "once a month: last"
    ),
}


class ConsultationSlotQuerySet(models.QuerySet):
    def not_ended(self, *, on: date):
        """Slots that still take place on or after ``on`` (those that ended before are left out)."""
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))


class ConsultationSlot(RecurringSlot):
    """When a partner counsels for one of its offers at the Welcome Centre."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="slots", verbose_name=_("offer")
    )

    objects = ConsultationSlotQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "weekday", "opens"]
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="consultationslot_opens_before_closes",
                violation_error_message=_(
                    "The slot must end after it starts, on the same day (before midnight)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def rhythm(self) -> str:
        """How often, as a table cell beside the weekday: "every week", "once a month: last"."""
        week_of_month = self.week_of_month if self.recurrence == Recurrence.MONTHLY else None
        return str(_RHYTHMS.get((self.recurrence, week_of_month), self.get_recurrence_display()))
