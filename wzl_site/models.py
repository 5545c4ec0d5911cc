"""The site's own records: translation states, the legal pages, barrier reports, the content
version."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.models import bounded_text, checked_on_field


class TranslationStatus(models.Model):
    """One translated text: an object's field in one language other than German.

    ``source_hash`` is the hash of the German text the translation was made from (or last kept
    current with). The state is derived from it, see ``wzl_site.translation_status``: when the
    German text no longer has this hash, the translation is outdated.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(pgettext_lazy("translation status", "field"), max_length=100)
    language = models.CharField(pgettext_lazy("translation status", "language"), max_length=10)
    source_hash = models.CharField(_("hash of the German text"), max_length=64)
    reviewed = models.BooleanField(pgettext_lazy("translation status", "reviewed"), default=False)
    updated_at = models.DateTimeField(pgettext_lazy("translation status", "updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_status_per_translated_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}.{self.object_id}.{self.field} ({self.language})"


class ContentVersion(models.Model):
    """One row whose number goes up whenever public content changes, by any path that saves.

    The page cache (``wzl_site.page_cache``) keys every cached page by this number, so that a
    change anywhere (the admin, a review approval, an import, a restore) retires every cached
    page at once, in every worker and every process that shares the database.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content version")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.number)


def sign_language_video_name(instance: "LegalPage", filename: str) -> str:
    """Stored under a generated name with the extension of the format found in its content."""
    return f"sign-language/{uuid.uuid4().hex}.{instance.video_format or 'bin'}"


def inspect_video(upload) -> tuple[str, int]:
    """The format ("mp4" or "webm") and the length in seconds of an uploaded video, read from
    its content (MediaInfo), not from its name or the browser's word; at most
    ``SIGN_LANGUAGE_VIDEO_MAX_BYTES``."""
    from pymediainfo import MediaInfo

    if upload.size > settings.SIGN_LANGUAGE_VIDEO_MAX_BYTES:
        raise ValidationError(
            {
                "video": _("The file is %(size)s; at most %(limit)s are allowed.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.SIGN_LANGUAGE_VIDEO_MAX_BYTES),
                }
            }
        )
    not_a_video = ValidationError(
        {"video": _("This file is not an MP4 or WebM video. Only those can be uploaded.")}
    )
    upload.seek(0)
    try:
        info = MediaInfo.parse(upload.file if hasattr(upload, "file") else upload)
    except Exception as error:  # MediaInfo's errors have no common base class
        raise not_a_video from error
    finally:
        upload.seek(0)
    general = info.general_tracks[0] if info.general_tracks else None
    video_format = {"MPEG-4": "mp4", "WebM": "webm"}.get(getattr(general, "format", None) or "")
    if video_format is None or not info.video_tracks:
        raise not_a_video
    milliseconds = general.duration or max((t.duration or 0) for t in info.video_tracks)
    return video_format, round(float(milliseconds or 0) / 1000)


class LegalPage(models.Model):
    """A page the law asks for, at an address the site fixes (``Kind``): the legal notice, the
    privacy notice, the accessibility statement, and the explanation of the site in Leichte
    Sprache and in German Sign Language. Staff edit its text in Markdown, in every language."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Legal notice")
        PRIVACY = "privacy", _("Privacy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        EASY_LANGUAGE = "easy_language", _("Easy-to-read German (Leichte Sprache)")
        SIGN_LANGUAGE = "sign_language", _("German Sign Language (DGS)")

    # Pages written in German only, whatever the visitor's language (marked lang="de").
    GERMAN_ONLY = frozenset({Kind.EASY_LANGUAGE})

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        validators=bounded_text(),
        help_text=_("Shown above the sections. Markdown."),
    )
    contact_email = models.EmailField(
        _("e-mail address for barrier reports"),
        blank=True,
        help_text=_(
            "Accessibility statement only: shown as an e-mail link, and every report sent with "
            "the form is sent to it. Fill in before launch."
        ),
    )
    video = models.FileField(
        _("video in German Sign Language"),
        upload_to=sign_language_video_name,
        blank=True,
        help_text=_("Sign language page only: an MP4 or WebM video."),
    )
    video_format = models.CharField(max_length=10, blank=True, editable=False)
    video_seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    checked_on = checked_on_field()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse(LEGAL_PAGE_URL_NAMES[self.kind])

    @property
    def german_only(self) -> bool:
        return self.kind in self.GERMAN_ONLY

    def open_placeholders(self) -> list["LegalSection"]:
        """Sections that staff must still fill before launch."""
        return [section for section in self.sections.all() if section.is_open]

    def clean(self) -> None:
        super().clean()
        upload = self.video
        if upload and not getattr(upload, "_committed", True):
            if self.kind != self.Kind.SIGN_LANGUAGE:
                raise ValidationError({"video": _("Only the sign language page has a video.")})
            video_format, seconds = inspect_video(upload)
            self.video_format, self.video_seconds = video_format, seconds
        elif not upload:
            self.video_format, self.video_seconds = "", None

    @property
    def video_duration(self) -> str:
        """The video's length as minutes and seconds: "2:05"."""
        minutes, seconds = divmod(self.video_seconds or 0, 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def video_type(self) -> str:
        return {"mp4": "video/mp4", "webm": "video/webm"}.get(self.video_format, "")


# The URL name of each legal page (wzl_site.urls): the footer and the home page link these.
LEGAL_PAGE_URL_NAMES = {
    LegalPage.Kind.IMPRINT: "impressum",
    LegalPage.Kind.PRIVACY: "privacy",
    LegalPage.Kind.ACCESSIBILITY: "accessibility",
    LegalPage.Kind.EASY_LANGUAGE: "easy_language",
    LegalPage.Kind.SIGN_LANGUAGE: "sign_language",
}


class LegalSection(models.Model):
    """One part of a legal page: a heading and its text. A section with a ``placeholder`` is one
    the law asks for and only staff can fill (who is responsible, whom to contact …): until its
    text is written, the admin marks it and the page says that it is still being prepared."""

    page = models.ForeignKey(LegalPage, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("Names the section for the content import; ASCII, not shown."),
    )
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), blank=True, validators=bounded_text())
    placeholder = models.CharField(
        _("to fill in before launch"),
        max_length=300,
        blank=True,
        help_text=_("What the law asks to be written here, for staff. Not shown on the site."),
    )

    class Meta:
        ordering = ["page", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="one_section_per_key_and_page")
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def is_open(self) -> bool:
        """A placeholder section whose German text (the one every language falls back to) is
        still empty."""
        return bool(self.placeholder) and not (self.body_de or "").strip()


BARRIER_REPORT_MAX_LENGTH = 5000


class BarrierReportQuerySet(models.QuerySet):
    def expired(self, *, at):
        """Reports older than ``BARRIER_REPORT_RETENTION_DAYS``: to be deleted."""
        return self.filter(
            received_at__lt=at - timedelta(days=settings.BARRIER_REPORT_RETENTION_DAYS)
        )


class BarrierReport(models.Model):
    """A barrier someone reported with the accessibility statement's form. Only what the form
    asks is kept (no IP address), without history, and deleted after
    ``BARRIER_REPORT_RETENTION_DAYS`` (``manage.py delete_expired_barrier_reports``)."""

    message = models.TextField(
        _("message"), validators=[MaxLengthValidator(BARRIER_REPORT_MAX_LENGTH)]
    )
    page = models.CharField(_("page or address"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address for an answer"), blank=True)
    language = models.CharField(_("language of the form"), max_length=10)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    done = models.BooleanField(
        _("dealt with"), default=False, help_text=_("Tick when the barrier has been answered.")
    )

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        default_permissions = ("view", "change", "delete")

    def __str__(self) -> str:
        # Not the message: the admin's log keeps this text after the report is deleted.
        return f"{self._meta.verbose_name} {self.pk}"
