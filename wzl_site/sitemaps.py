from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Partner
from services.models import TargetGroup, Topic
from services.selectors import page_languages


class TranslatedSitemap(Sitemap):
    """Every address once per site language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    # Entries (an address in one language) per sitemap page: about 1.3 KB each with its
    # alternates, so a page stays near a megabyte however much content there is.
    limit = 1000


class PageSitemap(TranslatedSitemap):
    def items(self):
        return [
            "home",
            "visit",
            "calendar",
            "services:topic_list",
            "partners:partner_list",
            "impressum",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(TranslatedSitemap):
    """A page is listed in the languages its main text is translated into (no fallbacks)."""

    def get_languages_for_item(self, item):
        return page_languages(obj=item)


class TopicSitemap(ContentSitemap):
    def items(self):
        return Topic.objects.published()


class TargetGroupSitemap(ContentSitemap):
    def items(self):
        return TargetGroup.objects.published()


class PartnerSitemap(ContentSitemap):
    def items(self):
        return Partner.objects.published()


SITEMAPS = {
    "pages": PageSitemap,
    "topics": TopicSitemap,
    "groups": TargetGroupSitemap,
    "partners": PartnerSitemap,
}
