"""Requests per client address to the open-data API, counted before the page cache answers.

A fixed window: at most ``n`` requests per address in each period (``API_RATE_LIMIT``, e.g.
``"120/minute"``); past it, 429 with ``Retry-After`` (the seconds to the next window). The counts
live in the cache: per process with the in-memory cache (each gunicorn worker counts for itself,
so a client may get up to workers × n), shared by all workers and containers with Redis. The
client's address is the one the sign-in lockout uses (``wzl_site.client_ip``): behind the TLS
proxy, the address the proxy saw. When the cache fails, requests are let through.
"""

import hashlib
import logging
import math
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import ngettext

from wzl_site.client_ip import client_ip

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE = re.compile(r"\A\s*(\d+)\s*/\s*(second|minute|hour|day)\s*\Z")


@lru_cache(maxsize=8)
def parse_rate(rate: str) -> tuple[int, int] | None:
    """``"120/minute"`` as (120, 60); None for no limit (``""``, ``"0"``, ``"off"``)."""
    if rate.strip().lower() in {"", "0", "off", "none"}:
        return None
    match = RATE.match(rate.lower())
    if match is None:
        raise ImproperlyConfigured(
            f"API_RATE_LIMIT must read like '120/minute' (second, minute, hour or day): {rate!r}"
        )
    number, period = int(match[1]), PERIODS[match[2]]
    return (number, period) if number > 0 else None


def _count(address: str, *, period: int, now: float) -> int | None:
    """This request's number in the address's current window, or None if the cache fails."""
    window = int(now // period)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"wzl:api-rate:{period}:{window}:{digest}"
    try:
        cache.add(key, 0, timeout=period + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=period + 1)
            return 1
    except Exception:
        logger.exception("API rate limit: cannot count in the cache; letting the request through")
        return None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with the seconds to wait, in words in the language of ``?lang=`` (the API's)."""
    language = request.GET.get("lang")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        detail = ngettext(
            "Too many requests. Try again in %(seconds)s second.",
            "Too many requests. Try again in %(seconds)s seconds.",
            retry_after,
        ) % {"seconds": retry_after}
    response = JsonResponse({"detail": detail}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Access-Control-Allow-Origin"] = "*"
    return response


class ApiRateLimitMiddleware:
    """429 with ``Retry-After`` past ``API_RATE_LIMIT`` requests to ``/api/`` per address.

    Placed before the page cache, so that answers from the cache count too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        rate = parse_rate(settings.API_RATE_LIMIT)
        if rate is None:
            return self.get_response(request)
        limit, period = rate
        now = time.time()
        count = _count(client_ip(request), period=period, now=now)
        if count is not None and count > limit:
            return too_many_requests(request, max(1, math.ceil((now // period + 1) * period - now)))
        return self.get_response(request)
