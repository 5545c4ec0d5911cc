from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_bidi, get_language_info

from hours.selectors import announced_exceptions, centre_week, local_date
from wzl_site.page_cache import content_cached, content_version

# Longer addresses lose their query string in the switcher's links (eleven copies of it).
MAX_SWITCHER_PATH = 300


def _urls_in_every_language(path: str, current: str) -> dict[str, str]:
    """The current page in every site language.

    Slugs are the same in every language, so a page's address differs between languages only in
    its prefix (``/de/topics/housing/`` → ``/ar/topics/housing/``): one ``resolve`` checks that
    the path is one of the site's pages, and the prefix is swapped. Any other path (a 404 such
    as ``//evil.example/``) links to each language's home page, so that a switcher link never
    leaves the site.
    """
    codes = [code for code, _name in settings.LANGUAGES]
    home = {code: f"/{code}/" for code in codes}
    prefix = f"/{current}/"
    if not path.startswith(prefix):
        return home
    try:
        resolve(path.partition("?")[0])
    except Resolver404:
        return home
    rest = path[len(prefix) :]
    if len(rest) > MAX_SWITCHER_PATH:  # a huge query string is not copied into every link
        rest = rest.partition("?")[0]
    return {code: f"/{code}/{rest}" for code in codes}


def site(request):
    """The language switcher's links to the current page in every site language."""
    current = get_language()
    urls = _urls_in_every_language(request.get_full_path(), current)
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": urls[code],
                "is_current": code == current,
            }
        )
    return {
        "site_languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "content_source_date": settings.CONTENT_SOURCE_DATE,
        "default_language_code": settings.LANGUAGE_CODE,
        # For the templates' {% cache %} fragments: a content change retires them.
        "content_version": content_version(),
    }


def hours_notices(request):
    """The centre's announced closures and special hours, for the notice on every page; its
    address and weekly hours, printed with every page that does not show them.

    Read only when a template shows them (the admin's pages do not)."""
    now = timezone.now()
    return {
        "centre_week": SimpleLazyObject(
            lambda: content_cached(
                # The day names are in the page's language: one entry per language.
                "centre-week",
                local_date(now),
                get_language(),
                compute=lambda: centre_week(at=now),
            )
        ),
        # The day in Leipzig, for the templates' fragments that change by the day.
        "today": local_date(now),
        "hours_notices": SimpleLazyObject(
            lambda: content_cached(
                "notices", local_date(now), compute=lambda: announced_exceptions(at=now)
            )
        ),
    }
