from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WzlSiteConfig(AppConfig):
    name = "wzl_site"
    verbose_name = _("Website")
