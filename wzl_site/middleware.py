"""Requests the site refuses before any view runs, and headers every response carries."""

import logging
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.http import parse_header_parameters

# What Django's multipart parser accepts as a boundary (django.http.multipartparser).
VALID_BOUNDARY = re.compile(r"[ -~]{0,200}[!-~]\Z")
# Outside the admin the site is read-only: no page takes a form or any other body …
PUBLIC_METHODS = ("GET", "HEAD", "OPTIONS")
# … but the accessibility statement's "report a barrier" (wzl_site.urls, in every language).
PUBLIC_FORM_PATH = re.compile(r"/[a-z]{2}/barrierefreiheit/melden/")
# The admin's form of the legal pages, which takes the sign language video.
VIDEO_UPLOAD_PATH = "/admin/wzl_site/legalpage/"
# Where Django logs a Host it refuses (django.core.handlers.exception): the same logger here.
disallowed_host_logger = logging.getLogger("django.security.DisallowedHost")


class RequestLimitsMiddleware:
    """Refuse what no page of the site accepts, with a 4xx instead of a server error.

    - A NUL byte in the path, the query string or any header: 400 (PostgreSQL cannot store or
      compare text with NUL, so a session cookie with one, or a User-Agent or Accept header that
      django-axes records on a failed sign-in, would otherwise end in a 500).
    - A Host header that ``ALLOWED_HOSTS`` does not allow: 400. Django refuses it as well, but
      later, and its 400 page runs the CSRF check, which parses a posted body: a malformed
      multipart body would turn that 400 into a 500.
    - A body longer than ``MAX_REQUEST_BODY`` (``MAX_ADMIN_REQUEST_BODY`` under ``/admin/``):
      413, before anything reads it.
    - A multipart body without a valid boundary: 400 (Django's parser raises an error that
      would otherwise become a 500).
    - A urlencoded body in a charset other than UTF-8: 400. Django refuses to read it, and
      again each time it is asked, its 400 and 500 pages' CSRF checks included, so the error
      would escape Django altogether.
    - Outside ``/admin/``, any method but GET, HEAD and OPTIONS: 405 (the sitemap, a function
      view, would otherwise answer PUT or PROPFIND with the page). The barrier report form
      takes POST as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if (
            "\x00" in request.path_info
            or b"\x00" in unquote_to_bytes(meta.get("QUERY_STRING", ""))
            or any("\x00" in str(value) for name, value in meta.items() if name.startswith("HTTP_"))
        ):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        try:
            request.get_host()
        except DisallowedHost as error:
            disallowed_host_logger.error(str(error), extra={"status_code": 400, "request": request})
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        in_admin = request.path_info.startswith("/admin/")
        limit = settings.MAX_ADMIN_REQUEST_BODY if in_admin else settings.MAX_REQUEST_BODY
        if request.path_info.startswith(VIDEO_UPLOAD_PATH):
            limit = max(limit, settings.SIGN_LANGUAGE_VIDEO_MAX_BYTES + 1024 * 1024)
        if length < 0:
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        if length > limit:
            return HttpResponse("Request body too large", status=413, content_type="text/plain")
        content_type, options = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        if content_type.startswith("multipart/") and not VALID_BOUNDARY.match(
            options.get("boundary", "")
        ):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        if content_type == "application/x-www-form-urlencoded" and (
            options.get("charset", "utf-8").lower() != "utf-8"
        ):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        if (
            not in_admin
            and request.method not in PUBLIC_METHODS
            and not (request.method == "POST" and PUBLIC_FORM_PATH.fullmatch(request.path_info))
        ):
            return HttpResponseNotAllowed(PUBLIC_METHODS)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the site uses none of these browser features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
