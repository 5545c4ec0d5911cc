"""The page cache: public pages kept per language and address, retired when content changes.

- What is cached: a GET of a public page (not under ``/admin/``, no query string) by a visitor who
  is not signed in (no session cookie), answered 200 without setting a cookie and without
  ``private``/``no-cache``/``no-store``. Signed-in users and the admin are never served from the
  cache and never stored in it.
- The open-data API (``/api/``) is cached the same way, with its query string: ``?lang=``,
  ``?page=``, ``?page_size=`` and ``?format=`` choose what it answers, so its entries are kept
  by the full address with the query (and not by the visitor's language, which the API ignores).
  A query with any other parameter (``?at=``) is not cached.
- How long: at most ``PAGE_CACHE_SECONDS``, never past the next local midnight (the notices of
  closures appear by date) and never past the page's own ``max-age`` (pages with the opening
  status set it to the next opening or closing). Browsers get ``Cache-Control: public`` with
  the time that is left.
- Invalidation: every key holds the content version, a number in the database that goes up in
  the same transaction as any save or delete of content, whatever the path (the admin, a review
  approval, an import, a restore from history). Each process reads the number again at most
  every ``PAGE_CACHE_VERSION_CHECK_SECONDS``, at once after its own change; other workers and
  containers follow within that time.
- When the database cannot be reached, the last number read stands, so cached pages are still
  served; the rest answer 503 (``wzl_site.middleware_faults``).
"""

import hashlib
import logging
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control, patch_response_headers
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

# Apps whose models are public content; their saves and deletes retire the cached pages.
CONTENT_APPS = frozenset({"services", "partners", "hours", "flatpages", "sites", "wzl_site"})
# Models in those apps that no public page shows.
# (A barrier report is not shown either, and a flood of them must not empty the cache.)
NOT_CONTENT = frozenset({"translationstatus", "contentversion", "pendingchange", "barrierreport"})

# After the database failed to answer, the last version stands this long before it is asked again.
FAILURE_PAUSE_SECONDS = 10

# The open-data API: cached with its query string when it has only these parameters.
API_PREFIX = "/api/"
API_QUERY_PARAMETERS = frozenset({"lang", "page", "page_size", "format"})

# Tells (for people and tests) whether a page came from the page cache: "hit" or "miss".
CACHE_HEADER = "X-Cache"

# content_cached's values in this process, for the current content version only.
LOCAL_ENTRIES = 64
_local: dict[str, object] = {}

_known = {"number": None, "read_at": float("-inf")}


def is_content(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and meta.model_name not in NOT_CONTENT
        and not meta.model_name.startswith("historical")
    )


def content_changed(sender, **kwargs) -> None:
    """Signal receiver: a content model was saved or deleted, or its relations changed."""
    if kwargs.get("raw") or not is_content(sender):
        return
    content_version_bump()


def content_version_bump() -> None:
    """Retire every cached page: after a save or delete (see ``content_changed``), and after a
    bulk write that sends no signals."""
    from wzl_site.models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.update_or_create(pk=1, defaults={"number": 1})
    _known["read_at"] = float("-inf")  # this process reads the new number on its next request


def content_version() -> int | None:
    """The content version, read at most every ``PAGE_CACHE_VERSION_CHECK_SECONDS``."""
    from wzl_site.models import ContentVersion

    now = time.monotonic()
    if now - _known["read_at"] < settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
        return _known["number"]
    try:
        number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    except DatabaseError as error:
        logger.warning("Page cache: content version unreadable (%s); keeping the last one", error)
        # Ask again only after a pause: with a hung server every attempt costs the connect
        # timeout, and the cached pages are what keeps the site up meanwhile.
        _known["read_at"] = now + FAILURE_PAUSE_SECONDS
        return _known["number"]
    _known.update(number=number or 0, read_at=now)
    return _known["number"]


def content_cached(name: str, *parts, compute):
    """``compute()``'s value, kept in the cache while the content and ``parts`` stay the same.

    For what pages build from content alone (the centre's hours for a day, the notices of a
    day): with the page cache off, or for a page not in it yet, a page then reads none of it
    from the database again. Templates do the same for their fragments with Django's
    ``{% cache %}`` tag, varying on ``content_version`` (from the context processor).
    """
    version = content_version()
    if version is None or settings.CONTENT_FRAGMENT_SECONDS <= 0:
        return compute()
    # The parts come from requests too (a slug): hashed, so that no key grows with them.
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    key = f"wzl:data:{version}:{name}:{digest}"
    # This process's own copy first: unpickling the centre's hours from the cache on every
    # request would cost as much as a third of a page. Values are read, never changed.
    if key in _local:
        return _local[key]
    try:
        value = cache.get(key)
    except Exception:
        logger.exception("Page cache: cannot read from the cache")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.CONTENT_FRAGMENT_SECONDS)
        except Exception:
            logger.exception("Page cache: cannot write to the cache")
    if len(_local) >= LOCAL_ENTRIES or any(
        not k.startswith(f"wzl:data:{version}:") for k in _local
    ):
        _local.clear()  # another content version, or too many days and languages: start afresh
    _local[key] = value
    return value


def _public_visitor(request: HttpRequest) -> bool:
    """A request outside the admin by someone not signed in (no session cookie)."""
    return (
        not request.path_info.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _cacheable_query(request: HttpRequest) -> bool:
    """No query string, or an API address with only the parameters that choose its answer."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    if not _is_api(request):
        return False
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=len(API_QUERY_PARAMETERS))
    except ValueError:  # more parameters than that
        return False
    return {name for name, _value in pairs} <= API_QUERY_PARAMETERS


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and _cacheable_query(request)
        and _public_visitor(request)
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, version: int) -> str:
    if _is_api(request):  # the language is in the query (?lang=), never in the headers
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|api"
    else:
        language = get_language_from_request(request, check_path=True)
        address = f"{request.scheme}://{request.get_host()}{request.path}|{language}"
    return f"wzl:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _seconds_to_midnight(now: datetime) -> int:
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((midnight - local).total_seconds())


def _lifetime(response: HttpResponse) -> int:
    """Seconds the page may be kept, by us and by browsers."""
    limits = [settings.PAGE_CACHE_SECONDS, _seconds_to_midnight(timezone.now())]
    own = get_max_age(response)
    if own is not None:
        limits.append(own)
    return max(0, min(limits))


def _storable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
    )


def _make_public(response: HttpResponse, seconds: int) -> None:
    """``Cache-Control: public, max-age=…`` and a matching ``Expires``."""
    if "Expires" in response:
        del response["Expires"]
    patch_response_headers(response, cache_timeout=seconds)
    patch_cache_control(response, public=True, max_age=seconds)


class PageCacheMiddleware:
    """Serves and stores public pages for visitors who are not signed in (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        version = content_version() if settings.PAGE_CACHE_SECONDS > 0 else None
        key = _key(request, version) if version is not None else None
        if key is not None:
            cached = self._fetch(key)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if key is not None:
            response[CACHE_HEADER] = "miss"
        if not _storable(response):
            return response
        seconds = _lifetime(response)
        _make_public(response, seconds)
        if key is not None and request.method == "GET" and seconds > 0:
            self._store(key, response, seconds)
        return response

    def _fetch(self, key: str) -> HttpResponse | None:
        try:
            entry = cache.get(key)
        except Exception:
            logger.exception("Page cache: cannot read from the cache")
            return None
        if entry is None:
            return None
        expires_at, response = entry
        left = int(expires_at - time.time())
        if left <= 0:
            return None
        _make_public(response, left)
        response[CACHE_HEADER] = "hit"
        return response

    def _store(self, key: str, response: HttpResponse, seconds: int) -> None:
        try:
            cache.set(key, (time.time() + seconds, response), seconds)
        except Exception:
            logger.exception("Page cache: cannot write to the cache")


class PublicGZipMiddleware(GZipMiddleware):
    """Compresses responses to visitors who are not signed in, outside the admin.

    The admin's pages carry secrets (CSRF tokens, session-bound data) that a compression
    side channel (BREACH) could reveal; public pages carry none, and Django's GZip middleware
    pads them at random besides.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Files (PDFs) are streamed: compressed already, and they keep their length.
        if not _public_visitor(request) or response.streaming:
            return response
        return super().process_response(request, response)
