"""The client's address for the sign-in lockout (django-axes).

Behind the TLS proxy (``DJANGO_BEHIND_TLS_PROXY``) every request comes from the proxy, so the
lockout by address would lock everyone out at once: there the address is the last entry of
``X-Forwarded-For``, the one our own proxy appended (earlier entries are the client's word).
"""

from django.conf import settings


def client_ip(request) -> str:
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def client_username(request, credentials) -> str | None:
    """The username django-axes records and looks up, cut to the 255 characters it stores."""
    username = (credentials or request.POST).get("username")
    return username[:255] if isinstance(username, str) else username
