from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Partner
from services.models import TargetGroup, Topic


class TranslatedSitemap(Sitemap):
    """Every address once per site language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


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


class TopicSitemap(TranslatedSitemap):
    def items(self):
        return Topic.objects.published()


class TargetGroupSitemap(TranslatedSitemap):
    def items(self):
        return TargetGroup.objects.published()


class PartnerSitemap(TranslatedSitemap):
    def items(self):
        return Partner.objects.published()


SITEMAPS = {
    "pages": PageSitemap,
    "topics": TopicSitemap,
    "groups": TargetGroupSitemap,
    "partners": PartnerSitemap,
}
