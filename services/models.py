from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
        help_text=_(
            "What the WZL does for you on this topic, what to bring, where you will be referred. "
            "Markdown: an empty line starts a new paragraph, “## ” a heading, “- ” a list item."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

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
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Topic, related_name="target_groups", blank=True, verbose_name=_("topics")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:target_group_detail", kwargs={"slug": self.slug})
