import unicodedata
import uuid

import babel
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Editors' longer texts: room for any page, and short enough to render fast (wzl_text.markdown).
EDITOR_TEXT_MAX_LENGTH = 20_000
# An office's postal address: a few lines.
ADDRESS_MAX_LENGTH = 300
ADDRESS_MAX_LINES = 6


def bounded_text() -> list[MaxLengthValidator]:
    """The validators of an editor's text field: at most ``EDITOR_TEXT_MAX_LENGTH`` characters."""
    return [MaxLengthValidator(EDITOR_TEXT_MAX_LENGTH)]


def checked_on_field() -> models.DateField:
    """The day staff last confirmed a page's content; pages show it ("Stand:")."""
    return models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_(
            "The day you confirmed that this content is still true. Pages show it as "
            "“Last checked”; empty: the page says it has not been checked yet."
        ),
    )


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Topic(models.Model):
    """A question of daily life on which the WZL gives first and referral counselling."""

    slug = models.SlugField(
        _("address name"),
        max_length=60,
        unique=True,
        help_text=_("ASCII letters, digits and hyphens; the same in every language."),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One plain sentence, shown in lists.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        validators=bounded_text(),
        help_text=_(
            "What the WZL does for you on this topic and where you will be referred. "
            "Markdown: an empty line starts a new paragraph, “## ” a heading, “- ” a list item."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    checked_on = checked_on_field()

    objects = PublishedQuerySet.as_manager()
    # Which text makes the page exist in a language (see services.selectors.page_languages).
    main_text_fields = ("body", "summary")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:topic_detail", kwargs={"slug": self.slug})


class TargetGroup(models.Model):
    """A group of people the WZL is there for ("I am …")."""

    slug = models.SlugField(
        _("address name"),
        max_length=60,
        unique=True,
        help_text=_("ASCII letters, digits and hyphens; the same in every language."),
    )
    name = models.CharField(_("name"), max_length=120)
    label = models.CharField(
        _("“I am …” label"),
        max_length=160,
        help_text=_("How a visitor says it about themselves, e.g. “I am a student”."),
    )
    description = models.TextField(_("description"), blank=True, validators=bounded_text())
    topics = models.ManyToManyField(
        Topic,
        through="GuideTopic",
        related_name="target_groups",
        blank=True,
        verbose_name=_("topics"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    checked_on = checked_on_field()

    objects = PublishedQuerySet.as_manager()
    main_text_fields = ("description", "label")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:target_group_detail", kwargs={"slug": self.slug})


class GuideTopic(models.Model):
    """One topic of a target group's "I am …" guide: its place in the guide and one plain
    sentence on why it matters to the group."""

    # The table of the plain many-to-many relation this model took over (migration 0007).
    id = models.AutoField(primary_key=True)
    targetgroup = models.ForeignKey(
        TargetGroup,
        on_delete=models.CASCADE,
        related_name="guide_topics",
        verbose_name=_("target group"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="guide_entries", verbose_name=_("topic")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reason = models.CharField(
        _("why it matters"),
        max_length=300,
        blank=True,
        help_text=_("One plain sentence: why this topic matters to this group."),
    )

    class Meta:
        db_table = "services_targetgroup_topics"
        ordering = ["order", "id"]
        unique_together = [("targetgroup", "topic")]
        verbose_name = _("topic of the guide")
        verbose_name_plural = _("topics of the guide")

    def __str__(self) -> str:
        return f"{self.targetgroup}: {self.topic}"


class CentreProfile(models.Model):
    """The Welcome Centre's own texts: the home page's introduction and list of tasks, and the
    centre's first and referral counselling, shown once on every topic page. One row."""

    intro = models.TextField(
        _("introduction"),
        help_text=_("The home page's first paragraphs. Markdown."),
        validators=bounded_text(),
    )
    tasks = models.TextField(
        _("what the Welcome Centre does"),
        validators=bounded_text(),
        help_text=_("The home page's list: one line per task, each starting with “- ”."),
    )
    first_counselling = models.TextField(
        _("first and referral counselling"),
        validators=bounded_text(),
        help_text=_(
            "Shown on every topic page above the partners' offers, with the organisations "
            "on site. Markdown."
        ),
    )
    checked_on = checked_on_field()

    class Meta:
        verbose_name = _("Welcome Centre texts")
        verbose_name_plural = _("Welcome Centre texts")

    def __str__(self) -> str:
        return str(_("Welcome Centre texts"))


def material_file_name(instance, filename: str) -> str:
    """Uploads are stored under a generated name, never the uploader's (one folder, any
    storage): the name a visitor downloads it by comes from the title."""
    return f"materials/{uuid.uuid4().hex}.pdf"


def validate_language_code(code: str) -> None:
    """Any language with a code in CLDR (``ar``, ``ti``, ``prs`` …), not only the site's."""
    if code not in babel.Locale("en").languages:
        raise ValidationError(
            _("“%(code)s” is not a known language code (ISO 639, e.g. “ar” or “ti”)."),
            params={"code": code},
        )


def validate_language_codes(value: str) -> None:
    """Language codes separated by commas ("de, en, ar"), each one CLDR knows."""
    for code in language_codes_of(value):
        validate_language_code(code)


def language_codes_of(value: str) -> list[str]:
    """``"de, en,ar"`` → ``["de", "en", "ar"]``: the codes in their order, each once."""
    codes = [code.strip() for code in value.split(",")]
    return list(dict.fromkeys(code for code in codes if code))


def validate_address(value: str) -> None:
    """A postal address of at most ``ADDRESS_MAX_LINES`` lines (it is printed on slips)."""
    if len(value.splitlines()) > ADDRESS_MAX_LINES:
        raise ValidationError(
            _("Write the address in at most %(lines)s lines."),
            params={"lines": ADDRESS_MAX_LINES},
            code="too_many_lines",
        )


def validate_phone(value: str) -> None:
    """Digits (also Arabic-Indic ones), spaces and ``+ - / ( ) .`` only: no words or times."""
    if not all(char.isdigit() or char.isspace() or char in "+-/()." for char in value):
        raise ValidationError(
            _("Enter a phone number such as 0341 123 45 67; put times into the opening hours."),
            code="invalid",
        )


def validate_pdf(upload) -> None:
    """A real PDF, by its content (not its name or the browser's word), of at most
    ``MATERIAL_MAX_BYTES``."""
    if upload.size > settings.MATERIAL_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s are allowed."),
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MATERIAL_MAX_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read(2048)
    upload.seek(0)
    # A PDF starts with "%PDF-" (within its first 1024 bytes) and ends with "%%EOF".
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(_("This file is not a PDF. Only PDF files can be uploaded."))


class MaterialQuerySet(PublishedQuerySet):
    def published(self):
        """Published materials of the centre, and of partners that are published themselves."""
        return self.filter(
            models.Q(partner__isnull=True) | models.Q(partner__is_published=True),
            is_published=True,
        )


class Material(models.Model):
    """An information material the centre or a partner hands out: a PDF or a link."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("short description"),
        blank=True,
        max_length=1000,
        help_text=_("One or two plain sentences: what it is about, and for whom."),
    )
    language = models.CharField(
        _("language of the material"),
        max_length=12,
        validators=[validate_language_code],
        help_text=_("The language the material is written in, as a code: de, ar, uk, ti …"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="materials", blank=True, verbose_name=_("topics")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="materials", blank=True, verbose_name=_("target groups")
    )
    # Empty: the Welcome Centre's own material. A partner's material is edited by its editors,
    # through the review (partners.admin); this app names the model without importing it.
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("partner"),
        help_text=_("Empty for the Welcome Centre's own material."),
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=material_file_name,
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF of at most 20 MB. Or give a link instead."),
    )
    url = models.URLField(_("link"), blank=True, help_text=_("Where the material is online."))
    file_size = models.PositiveIntegerField(_("file size in bytes"), null=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    checked_on = checked_on_field()

    objects = MaterialQuerySet.as_manager()
    main_text_fields = ("description", "title")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("information material")
        verbose_name_plural = _("information materials")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:material_list")

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Upload a PDF or give a link: one of the two."))
        # Kept, so that lists show sizes without asking the storage (S3) for each file.
        self.file_size = self.file.size if self.file else None


class Office(models.Model):
    """An office or organisation outside the centre that people are referred to."""

    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(
        _("what it does"),
        max_length=300,
        blank=True,
        help_text=_("One plain sentence, e.g. what people can do or apply for there."),
    )
    # A postal address is written the same in every language: not translated.
    address = models.TextField(
        _("address"),
        blank=True,
        validators=[MaxLengthValidator(ADDRESS_MAX_LENGTH), validate_address],
        help_text=_("Street and number, postcode and city, each on a line of its own (at most 6)."),
    )
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=50,
        blank=True,
        validators=[validate_phone],
        help_text=_("For example 0341 123 45 67, or +380 44 123 4567 from abroad."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    hours_note = models.CharField(
        _("opening hours"),
        max_length=300,
        blank=True,
        help_text=_("In words, as far as known, e.g. “Mon and Thu 9:00–12:00, by appointment”."),
    )
    topics = models.ManyToManyField(
        Topic, related_name="offices", blank=True, verbose_name=_("topics")
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes separated by commas, e.g. “de, en, ar”; empty: not known."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    checked_on = checked_on_field()

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("office people are referred to")
        verbose_name_plural = _("offices people are referred to")

    def __str__(self) -> str:
        return self.name

    def language_codes(self) -> list[str]:
        """The codes of the languages spoken there, in the order given, each once."""
        return language_codes_of(self.languages)

    def phone_uri(self) -> str:
        """The number for a ``tel:`` link: ``+`` and ASCII digits only."""
        digits = "".join(str(unicodedata.digit(char)) for char in self.phone if char.isdigit())
        return f"tel:{'+' if self.phone.lstrip().startswith('+') else ''}{digits}"
