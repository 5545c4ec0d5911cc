from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_bidi, get_language_info

from hours.selectors import announced_exceptions


def _url_in(path: str, code: str) -> str:
    """The current page in the language ``code``, built only from a path that resolves to one
    of the site's pages; any other (a 404 such as ``//evil.example/``) links to that language's
    home page, so that a switcher link never leaves the site."""
    try:
        resolve(path.partition("?")[0])
    except Resolver404:
        return f"/{code}/"
    translated = translate_url(path, code)
    if not translated.startswith("/") or translated.startswith(("//", "/\\")):
        return f"/{code}/"
    return translated


def site(request):
    """The language switcher's links to the current page in every site language."""
    current = get_language()
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": _url_in(path, code),
                "is_current": code == current,
            }
        )
    return {
        "site_languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "content_source_date": settings.CONTENT_SOURCE_DATE,
        "default_language_code": settings.LANGUAGE_CODE,
    }


def hours_notices(request):
    """The centre's announced closures and special hours, for the notice on every page.

    Read only when a template shows them (the admin's pages do not)."""
    now = timezone.now()
    return {"hours_notices": SimpleLazyObject(lambda: announced_exceptions(at=now))}
