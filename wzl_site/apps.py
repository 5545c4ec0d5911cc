from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WzlSiteConfig(AppConfig):
    name = "wzl_site"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from simple_history.signals import post_create_historical_record

        from wzl_site import checks  # noqa: F401  (registers the deployment checks)
        from wzl_site.page_cache import content_changed
        from wzl_site.translation_status import history_recorded

        # Every saved version of a translated object, whichever path saved it, tells which
        # translations it changed (see wzl_site.translation_status).
        post_create_historical_record.connect(
            history_recorded, dispatch_uid="wzl_site.translation_status"
        )
        # Any save or delete of content retires the cached pages (wzl_site.page_cache).
        for name, signal in [("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)]:
            signal.connect(content_changed, dispatch_uid=f"wzl_site.page_cache.{name}")
