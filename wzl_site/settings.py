"""Settings for wzl-site, read from the environment with safe defaults.

Every variable is listed with its default and meaning in the README.
Without any variable set the site runs on SQLite in ``db.sqlite3`` with DEBUG off.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The development key is public: wzl_site/wsgi.py refuses to serve with it when DEBUG is off.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "wzl_site",
    "services",
    "partners",
    "hours",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every response, the early refusals below included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wzl_site.middleware.PermissionsPolicyMiddleware",
    # NUL bytes, oversized bodies, broken multipart: 400/413 before anything reads them.
    "wzl_site.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages compressed (never the admin's, which carry secrets).
    "wzl_site.page_cache.PublicGZipMiddleware",
    # An ETag on every page; a client that has the page already gets 304 and no body again.
    "django.middleware.http.ConditionalGetMiddleware",
    # The open-data API's requests per client address, those answered from the cache included.
    "wzl_site.api.rate_limit.ApiRateLimitMiddleware",
    # Public pages for visitors not signed in, from the cache (wzl_site/page_cache.py).
    "wzl_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
    "wzl_site.middleware_faults.DatabaseUnavailableMiddleware",  # database down: 503, not 500
]

ROOT_URLCONF = "wzl_site.urls"
WSGI_APPLICATION = "wzl_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wzl_site.context_processors.site",
                "wzl_site.context_processors.hours_notices",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # A new connection per request by default: a kept connection to a hung server (paused,
        # or behind a network that drops packets) would wait until gunicorn kills the worker,
        # while a new one gives up after the connect timeout. Pages from the page cache need
        # no connection at all.
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE") or 0),
        conn_health_checks=True,
    )
}
# A database that does not answer must not hold a worker: give up connecting after a few seconds
# and cancel any statement that runs too long (0 turns the statement timeout off, e.g. for a
# long migration). The site then answers 503 (wzl_site.middleware_faults) until it is back.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT") or 3),
            "options": "-c statement_timeout="
            + str(int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT_MS") or 5000)),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Seconds to wait for another writer's lock before "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 5)

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL == "dummy://":  # nothing kept at all: for measurements
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    # Each worker's own memory: room for every page in every language (about 250 pages × 11
    # at ten times today's content, 20–50 KB each) before the oldest are dropped.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# Public pages are kept this long at most (by the site and by browsers); 0 turns the page cache
# off. A page with the opening status is kept only until the status changes, every page only
# until midnight. See wzl_site/page_cache.py.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS") or 600)
# How long parts of pages built from content alone (lists of topics and partners, the centre's
# hours for a day) are kept; a content change retires them at once, like the pages.
CONTENT_FRAGMENT_SECONDS = int(os.environ.get("DJANGO_CONTENT_FRAGMENT_SECONDS") or 3600)
# How often each process asks the database whether content changed. A change made in this
# process is seen at once; one made in another worker or container within this time.
PAGE_CACHE_VERSION_CHECK_SECONDS = float(
    os.environ.get("DJANGO_PAGE_CACHE_VERSION_CHECK_SECONDS") or 1
)

# --- Open data: the read-only API under /api/v1/ (wzl_site/api) ---------------------------------
# Requests per client address to the API, as "<number>/<second|minute|hour|day>"; "0" or "off"
# turns the limit off. Counted in the cache: per process with the in-memory cache, for all
# containers together with Redis (CACHE_URL).
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT") or "120/minute"
REST_FRAMEWORK = {
    # JSON (and CSV where a view offers it) only: no browsable API, no forms, no sign-in.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "wzl_site.api.negotiation.FormatNegotiation",
    "DEFAULT_SCHEMA_CLASS": "wzl_site.api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Willkommenszentrum Leipzig: open data",
    "DESCRIPTION": (
        "The public content of the Welcome Centre Leipzig's website: topics, target groups, "
        "partners and their offers, offices people are referred to, information materials and "
        "the centre's opening hours. Licence: Datenlizenz Deutschland – Namensnennung – "
        "Version 2.0 (https://www.govdata.de/dl-de/by-2-0)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "partners.models.PartnerKind",
        "ExceptionKindEnum": "hours.models.ExceptionKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wzl_site.api.schema.postprocess",
    ],
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in and e-mail -----------------------------------------------------------------------
# django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username, or from one IP address,
# further attempts are refused for the cool-off time. Its backend comes first, so a locked-out
# attempt is refused before any password is checked. Staff unlock early by deleting the access
# attempt in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the pair
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked writes nothing: a flood of sign-in posts then costs each a few
# reads, no password hash and no write, and the public pages keep their capacity. The lock
# still ends AXES_COOLOFF_TIME after the last counted failure, and five more lock it again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "wzl_site.client_ip.client_ip"  # the real client behind the proxy
# django-axes stores at most 255 characters of a username; the sign-in form does not bound it
# (jazzband/django-axes#1381): cut it, or a scanner's long name ends in a 500 on PostgreSQL.
AXES_USERNAME_CALLABLE = "wzl_site.client_ip.client_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The admin's sign-in page is the only one (the password reset's last page links to it).
LOGIN_URL = "admin:login"

# Password reset mails (admin sign-in → "Forgotten your password?"). Printed to the console in
# development; sent by SMTP otherwise.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20  # seconds; a mail server that does not answer must not hold a worker forever
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "webmaster@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages -------------------------------------------------------------------------------
# One list for the interface and the content. German is the default and the language content is
# written in first; a text not yet translated falls back to English, then German.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("tr", _("Turkish")),
    ("vi", _("Vietnamese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["wzl_site.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
# The day of the announcement the site's first content comes from; pages not yet confirmed by
# staff ("last checked") name it, so that nobody takes an old fact for a new one.
CONTENT_SOURCE_DATE = date(2018, 4, 11)
# Public holidays close the centre (the `holidays` package: Germany, Saxony).
HOLIDAYS_COUNTRY = "DE"
HOLIDAYS_SUBDIVISION = "SN"

MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "de"), "en": ("de",), "de": ("en",)}
MODELTRANSLATION_REQUIRED_LANGUAGES = ("de",)
# modeltranslation's tabbed admin would load jQuery UI from Google's CDN: serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Uploaded files --------------------------------------------------------------------------
# On this container's disk under MEDIA_ROOT, unless DJANGO_S3_BUCKET names a bucket on S3 or on
# any S3-compatible server (DJANGO_S3_ENDPOINT_URL: MinIO, a city data centre's), which all
# containers then share. Uploads are not public static files: the bucket stays private, every
# URL is signed and expires after an hour, and an upload never replaces a file of the same name.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"


def default_storage_from_env(environ: dict[str, str]) -> dict:
    """``STORAGES["default"]`` for these environment variables: S3 once a bucket is named."""
    if not environ.get("DJANGO_S3_BUCKET"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": environ["DJANGO_S3_BUCKET"],
        "default_acl": None,  # objects stay as private as the bucket
        "querystring_auth": True,  # signed URLs …
        "querystring_expire": 3600,  # … valid for an hour
        "file_overwrite": False,  # a second "flyer.pdf" becomes "flyer_<random>.pdf"
    }
    # Unset variables leave the choice to boto3: AWS's endpoint, AWS_* credentials, a role.
    for variable, option in [
        ("DJANGO_S3_ENDPOINT_URL", "endpoint_url"),
        ("DJANGO_S3_REGION", "region_name"),
        ("DJANGO_S3_ACCESS_KEY_ID", "access_key"),
        ("DJANGO_S3_SECRET_ACCESS_KEY", "secret_key"),
    ]:
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": default_storage_from_env(dict(os.environ)),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SITE_ID = 1
# The domain the sitemap and "view on site" use; set once when the content is first loaded.
SITE_DOMAIN = os.environ.get("DJANGO_SITE_DOMAIN", "127.0.0.1:8000")

# --- Security --------------------------------------------------------------------------------
# Production (DEBUG off) is HTTPS-only by default: Secure cookies and HSTS. wzl_site/checks.py
# warns (`check --deploy`) or refuses where a public deployment lacks a setting it needs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
# Strict-Transport-Security, sent on HTTPS responses only: one year unless DEBUG is on.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
# Preloading is a commitment to browser vendors' lists that the centre makes, not a default.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "SECURE_HSTS_PRELOAD is not True": see above
# The browser features the site never uses (wzl_site.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)

# Nothing may load from another origin, on public pages or in the admin: the browser enforces it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Limits ----------------------------------------------------------------------------------
# Request bodies: larger ones are answered 413 before they are read (wzl_site.middleware). The
# public pages take no uploads; the admin may take PDFs later. gunicorn.conf.py bounds the
# request line and headers.
MAX_REQUEST_BODY = int(os.environ.get("DJANGO_MAX_REQUEST_BODY") or 1024 * 1024)
MAX_ADMIN_REQUEST_BODY = int(os.environ.get("DJANGO_MAX_ADMIN_REQUEST_BODY") or 25 * 1024 * 1024)
# Information materials: PDFs of at most this size (services.models.validate_pdf).
MATERIAL_MAX_BYTES = int(os.environ.get("DJANGO_MATERIAL_MAX_BYTES") or 20 * 1024 * 1024)
# The video on the sign language page (wzl_site.models.inspect_video); the admin's page for it
# takes a body this large (wzl_site.middleware), and so must the reverse proxy in front.
SIGN_LANGUAGE_VIDEO_MAX_BYTES = int(
    os.environ.get("DJANGO_SIGN_LANGUAGE_VIDEO_MAX_BYTES") or 200 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form data held in memory (Django's default, 2.5 MB)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# History: every change to content is kept (django-simple-history, registered in each app's
# translation.py after modeltranslation, so that the language columns are kept too). Only
# those with the historical model's permissions (the centre's editors) see and restore versions.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = False

# flatpages held the legal pages before wzl_site.models.LegalPage; it stays installed until its
# rows have moved everywhere (wzl_site migration 0006), then its tables go. Its migrations (it
# had translated columns) live with us.
MIGRATION_MODULES = {"flatpages": "wzl_site.flatpages_migrations"}

# --- Barrier reports (the accessibility statement's form) -----------------------------------
# Days a report is kept; `manage.py delete_expired_barrier_reports`, run daily, deletes older
# ones, and the privacy page names this number.
BARRIER_REPORT_RETENTION_DAYS = int(os.environ.get("DJANGO_BARRIER_REPORT_RETENTION_DAYS") or 180)
# A form sent sooner than this after the page was served is a robot's (seconds), and one older
# than the second number has expired (hours): the visitor is asked to send it again.
BARRIER_REPORT_MIN_SECONDS = 3
BARRIER_REPORT_MAX_AGE_HOURS = 24
# Reports accepted from one client address per hour; more are refused with a message.
BARRIER_REPORTS_PER_HOUR = int(os.environ.get("DJANGO_BARRIER_REPORTS_PER_HOUR") or 5)

# --- When the database fails -----------------------------------------------------------------
# What the 503 page shows while the database cannot be reached, so that a visitor still learns
# where and when to come. Plain data, no database: from the announcement the seed comes from.
# Hours are (weekday as in hours.models.Weekday, opens, closes); the page translates the day.
WZL_FALLBACK_CONTACT = {
    "name": "Willkommenszentrum Leipzig",
    "street": "Otto-Schill-Straße 2",
    "city": "Leipzig",
    "weekly_hours": [
        ("MONDAY", "13:00", "17:00"),
        ("WEDNESDAY", "09:00", "13:00"),
        ("THURSDAY", "13:00", "17:00"),
        ("FRIDAY", "09:00", "13:00"),
    ],
}
# Seconds a client should wait before asking again (the 503 page's Retry-After header).
WZL_RETRY_AFTER = 30
