from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Editors' longer texts: room for any page, and short enough to render fast (wzl_text.markdown).
EDITOR_TEXT_MAX_LENGTH = 20_000


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
        Topic, related_name="target_groups", blank=True, verbose_name=_("topics")
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
