"""What each translation was made from, so that a change of the German text shows."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.models import checked_on_field


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


class FlatPageCheck(models.Model):
    """When staff last confirmed a legal page (Impressum, Datenschutz, Barrierefreiheit):
    every page says when its content was last checked, and flat pages have no field for it."""

    flatpage = models.OneToOneField(
        "flatpages.FlatPage", on_delete=models.CASCADE, related_name="last_check"
    )
    checked_on = checked_on_field()

    class Meta:
        verbose_name = _("last checked")
        verbose_name_plural = _("last checked")

    def __str__(self) -> str:
        return str(self.checked_on or "–")


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
