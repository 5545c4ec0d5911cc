"""What the site does when its database fails.

A page whose view or template cannot reach the database answers 503 with ``Retry-After``, in the
visitor's language, with the centre's address and weekly hours from the settings, so that a
visitor still learns where and when to come. Nothing on that page reads the database: the
template is rendered without a request, so no context processor runs. When the database is back,
the next request connects again (Django connects per request, with health checks), and the site
recovers without a restart.
"""

import logging
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from hours.models import Weekday

logger = logging.getLogger(__name__)

TEMPLATE = "503.html"


@dataclass(frozen=True)
class FallbackHours:
    day: str
    opens: time
    closes: time


def fallback_contact() -> dict:
    """The centre's address and weekly hours from ``WZL_FALLBACK_CONTACT``, days translated."""
    contact = settings.WZL_FALLBACK_CONTACT
    return {
        "name": contact["name"],
        "street": contact["street"],
        "city": contact["city"],
        "weekly_hours": [
            FallbackHours(
                day=Weekday[day].label,
                opens=time.fromisoformat(opens),
                closes=time.fromisoformat(closes),
            )
            for day, opens, closes in contact["weekly_hours"]
        ],
    }


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string(TEMPLATE, {"contact": fallback_contact()}), status=503)
    response["Retry-After"] = str(settings.WZL_RETRY_AFTER)
    add_never_cache_headers(response)  # no cache keeps the outage past its end
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot be reached into the 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return database_unavailable_response()
