from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from wzl_site.admin import view_on_site
from wzl_site.api.views import OpenDataView
from wzl_site.models import LegalPage
from wzl_site.referral import referral_slip_view
from wzl_site.sitemaps import SITEMAPS
from wzl_site.views import (
    AccessibilityView,
    BarrierReportView,
    CalendarFeedView,
    CalendarView,
    FaviconView,
    HealthView,
    HomeView,
    LegalPageView,
    PrivacyView,
    SearchView,
    SignLanguageVideoView,
    SignLanguageView,
    VisitView,
)

urlpatterns = [
    # The admin's "view on site" redirect, answering partners only for what they may see.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        view_on_site,
        name="scoped_view_on_site",
    ),
    # Staff print a slip for a visitor referred to another office (nothing of it is stored).
    path("admin/referral-slip/", referral_slip_view, name="referral_slip"),
    # "Forgotten your password?" on the admin sign-in page; the admin ships the templates.
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # An index of one sitemap per kind of page, each split into pages of SITEMAP_LIMIT entries.
    path(
        "sitemap.xml",
        cache_control(max_age=3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(max_age=3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("healthz", HealthView.as_view(), name="health"),
    # Asked for by browsers and feed readers that do not read the page's <link rel="icon">.
    path("favicon.ico", cache_control(max_age=86400)(FaviconView.as_view()), name="favicon"),
    # The same video for every language; its address names the file (a new one, a new address).
    path(
        "gebaerdensprache/video/<str:name>",
        SignLanguageVideoView.as_view(),
        name="sign_language_video",
    ),
    # The open-data API: no language prefix, the language is chosen with ?lang= (wzl_site.api).
    path("api/v1/", include("wzl_site.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("visit/", VisitView.as_view(), name="visit"),
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("calendar/hours.ics", CalendarFeedView.as_view(), name="calendar_feed"),
    path("search/", SearchView.as_view(), name="search"),
    path("open-data/", OpenDataView.as_view(), name="open_data"),
    # The pages the law asks for, at addresses the site fixes (wzl_site.models.LegalPage).
    path("impressum/", LegalPageView.as_view(kind=LegalPage.Kind.IMPRINT), name="impressum"),
    path("datenschutz/", PrivacyView.as_view(), name="privacy"),
    path("barrierefreiheit/", AccessibilityView.as_view(), name="accessibility"),
    # The one public page that takes a form (see wzl_site.middleware.PUBLIC_FORM_PATH).
    path("barrierefreiheit/melden/", BarrierReportView.as_view(), name="accessibility_report"),
    path(
        "leichte-sprache/",
        LegalPageView.as_view(kind=LegalPage.Kind.EASY_LANGUAGE),
        name="easy_language",
    ),
    path("gebaerdensprache/", SignLanguageView.as_view(), name="sign_language"),
    path("", include("services.urls")),
    path("", include("partners.urls")),
)

# A 400 answered without reading the request's body again (see the view).
handler400 = "wzl_site.views.bad_request"
