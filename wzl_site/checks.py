"""System checks for what a public deployment needs (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@checks.register(checks.Tags.security, deploy=True)
def public_hosts(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """DEBUG off but ALLOWED_HOSTS only local: the site would answer no public host name."""
    if settings.DEBUG or not set(settings.ALLOWED_HOSTS) <= LOCAL_HOSTS:
        return []
    hosts = ", ".join(settings.ALLOWED_HOSTS)
    return [
        checks.Warning(
            f"DJANGO_ALLOWED_HOSTS names only this machine ({hosts}): the site answers no public "
            "host name.",
            hint="Set DJANGO_ALLOWED_HOSTS=wzl.example (see the README's production example).",
            id="wzl.W001",
        )
    ]


@checks.register(checks.Tags.security)
def secure_cookies_with_https(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """HTTPS enforced but cookies sent over plain HTTP too: a contradiction, refused."""
    if not settings.SECURE_SSL_REDIRECT:
        return []
    if settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE:
        return []
    return [
        checks.Error(
            "DJANGO_SECURE_SSL_REDIRECT is on but the session and CSRF cookies are not Secure.",
            hint="Remove DJANGO_SECURE_COOKIES=0.",
            id="wzl.E002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def https_known(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Secure cookies and HSTS need Django to know a request came over HTTPS."""
    if settings.DEBUG or settings.SECURE_PROXY_SSL_HEADER or not settings.SECURE_SSL_REDIRECT:
        return []
    return [
        checks.Warning(
            "DJANGO_SECURE_SSL_REDIRECT is on without DJANGO_BEHIND_TLS_PROXY: behind a reverse "
            "proxy that ends TLS, every request is redirected again and again.",
            hint="Set DJANGO_BEHIND_TLS_PROXY=1 when a proxy ends TLS and sets X-Forwarded-Proto.",
            id="wzl.W003",
        )
    ]


@checks.register()
def api_rate_limit(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """``DJANGO_API_RATE_LIMIT`` must read like "120/minute": refused at start, not per request."""
    from django.core.exceptions import ImproperlyConfigured

    from wzl_site.api.rate_limit import parse_rate

    try:
        parse_rate(settings.API_RATE_LIMIT)
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Set DJANGO_API_RATE_LIMIT=120/minute, or 0 for no limit.",
                id="wzl.E004",
            )
        ]
    return []
