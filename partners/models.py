from datetime import date

import phonenumbers
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hours.models import Recurrence, RecurringSlot, WeekOfMonth
from services.models import (
    PublishedQuerySet,
    TargetGroup,
    Topic,
    bounded_text,
    checked_on_field,
)

EDIT_ANY_PARTNER = "partners.edit_any_partner"


class PartnerKind(models.TextChoices):
    ON_SITE = "on_site", _("Cooperation partner on site")
    CITY_OFFICE = "city_office", _("City office")
    # The announcement says they "will soon" bring their special offers: not counselling yet.
    VISITING = "visiting", _("Announced partner for special offers")


class PartnerQuerySet(PublishedQuerySet):
    def on_site(self):
        """The organisations whose staff are at the Welcome Centre (not the announced ones)."""
        return self.filter(kind__in=[PartnerKind.ON_SITE, PartnerKind.CITY_OFFICE])

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
        validators=bounded_text(),
        help_text=_(
            "Markdown: an empty line starts a new paragraph, “## ” a heading, “- ” a list item."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("For example 0341 123 45 67, or +380 44 123 4567 from abroad."),
    )
    phone_note = models.CharField(
        _("note on the phone number"),
        max_length=120,
        blank=True,
        help_text=_("When to call, for example “Mon–Fri 9:00–12:00”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    checked_on = checked_on_field()
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="partners",
        blank=True,
        verbose_name=_("editors"),
        help_text=_("Accounts of this partner's staff who may update its entry and offers."),
    )

    objects = PartnerQuerySet.as_manager()
    main_text_fields = ("description", "name")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        permissions = [("edit_any_partner", _("Can edit every partner and its offers"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = self._phone_in_e164(self.phone)

    @staticmethod
    def _phone_in_e164(text: str) -> str:
        """A German or international number as one string for ``tel:``: +493411234567."""
        error = ValidationError(
            {
                "phone": ValidationError(
                    _(
                        "Enter a phone number such as 0341 123 45 67; "
                        "put opening times into the note field."
                    ),
                    code="invalid",
                )
            }
        )
        # Digits (also Arabic-Indic ones), spaces and + - / ( ) . only: words, times and
        # extensions ("ext. 5") would be dropped or read as digits.
        if not all(char.isdigit() or char.isspace() or char in "+-/()." for char in text):
            raise error
        try:
            number = phonenumbers.parse(text, "DE")
        except phonenumbers.NumberParseException:
            raise error from None
        if not phonenumbers.is_valid_number(number):
            raise error
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @property
    def phone_display(self) -> str:
        """The number as a newcomer reads and dials it from anywhere: "+49 341 1234567"."""
        try:
            number = phonenumbers.parse(self.phone, "DE")
        except phonenumbers.NumberParseException:
            return self.phone
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class CounsellingLanguageQuerySet(models.QuerySet):
    def by_name(self):
        """Sorted by the name in the active language (English, then German, where missing)."""
        column = f"name_{get_language() or settings.LANGUAGE_CODE}"
        return self.order_by(
            Coalesce(
                NullIf(column, models.Value("")),
                NullIf("name_en", models.Value("")),
                "name_de",
                output_field=models.CharField(),
            )
        )


class CounsellingLanguage(models.Model):
    """A language in which counselling is offered (not only the site's languages)."""

    code = models.SlugField(
        _("language code"),
        max_length=12,
        unique=True,
        help_text=_(
            "ISO 639 code, for example ar, ti, kmr (Kurmanji); a variety with its region: "
            "fa-af (Dari). Saved in lower case."
        ),
    )
    name = models.CharField(_("name"), max_length=80)
    native_name = models.CharField(_("name in the language itself"), max_length=80, blank=True)

    objects = CounsellingLanguageQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("counselling language")
        verbose_name_plural = _("counselling languages")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        # Language tags are case-insensitive: "fa-AF" and "fa_AF" are the language fa-af.
        self.code = self.code.strip().lower().replace("_", "-")


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
        validators=bounded_text(),
        help_text=_("What the partner offers here. Markdown, as in the partner description."),
    )
    topics = models.ManyToManyField(
        Topic, related_name="offers", blank=True, verbose_name=_("topics")
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        related_name="offers",
        blank=True,
        verbose_name=_("target groups"),
        help_text=_(
            "Only if the offer is for particular groups. Empty: for everyone; the “I am …” "
            "pages then show it under its topics."
        ),
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


class ChangeState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("review state", "Waiting for review")
    APPROVED = "approved", pgettext_lazy("review state", "Approved")
    REJECTED = "rejected", pgettext_lazy("review state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("review state", "Withdrawn")


class PendingChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ChangeState.PENDING)

    def visible_to(self, user):
        """Every change for the centre's editors; a partner's own organisations' for partners."""
        if not user.is_authenticated or not user.is_staff:
            return self.none()
        if user.has_perm(EDIT_ANY_PARTNER):
            return self
        return self.filter(partner__editors=user)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class PendingChange(models.Model):
    """A partner's change to its organisation's entry or an offer, waiting for the city's review.

    ``data`` holds the submitted values by field (translated fields by language column, topics
    and languages as lists of ids, consultation slots as a list); ``base`` the published values
    of the same fields when it was submitted, so that an approval can tell whether the published
    object changed meanwhile. The published object stays as it is until a reviewer approves.
    """

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="pending_changes",
        verbose_name=_("partner"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    is_new = models.BooleanField(
        _("new offer"), default=False, help_text=_("A new offer, published once approved.")
    )
    data = models.JSONField(_("submitted values"), default=dict, encoder=DjangoJSONEncoder)
    base = models.JSONField(_("published values"), default=dict, encoder=DjangoJSONEncoder)
    state = models.CharField(
        _("state"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note from the reviewer"), blank=True, validators=bounded_text())

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("change for review")
        verbose_name_plural = _("changes for review")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state="pending"),
                name="pendingchange_one_pending_per_object",
            ),
        ]

    def __str__(self) -> str:
        return _("%(object)s (%(state)s)") % {
            "object": self.target,
            "state": self.get_state_display(),
        }

    @property
    def is_pending(self) -> bool:
        return self.state == ChangeState.PENDING
