"""Public holidays from the ``holidays`` package, named in the visitor's language.

The package names Saxony's holidays in German and English; the other site languages take the
English name as the message id of our own catalogs (context "public holiday").
"""

from datetime import date
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils.translation import get_language, pgettext, pgettext_lazy

# The names the package gives (in English) for Germany's holidays, listed so that makemessages puts
# them into every catalog. tests/hours/test_public_holidays.py checks that none is missing.
HOLIDAY_NAMES = [
    pgettext_lazy("public holiday", "New Year's Day"),
    pgettext_lazy("public holiday", "Epiphany"),
    pgettext_lazy("public holiday", "Women's Day"),
    pgettext_lazy("public holiday", "Good Friday"),
    pgettext_lazy("public holiday", "Easter Sunday"),
    pgettext_lazy("public holiday", "Easter Monday"),
    pgettext_lazy("public holiday", "Labor Day"),
    pgettext_lazy("public holiday", "Ascension Day"),
    pgettext_lazy("public holiday", "Pentecost"),
    pgettext_lazy("public holiday", "Pentecost Monday"),
    pgettext_lazy("public holiday", "Corpus Christi"),
    pgettext_lazy("public holiday", "Assumption Day"),
    pgettext_lazy("public holiday", "World Children's Day"),
    pgettext_lazy("public holiday", "German Unity Day"),
    pgettext_lazy("public holiday", "Reformation Day"),
    pgettext_lazy("public holiday", "All Saints' Day"),
    pgettext_lazy("public holiday", "Repentance and Prayer Day"),
    pgettext_lazy("public holiday", "Christmas Day"),
    pgettext_lazy("public holiday", "Second Day of Christmas"),
]


@lru_cache(maxsize=64)
def _names(year: int, language: str) -> dict[date, str]:
    found = holidays.country_holidays(
        settings.HOLIDAYS_COUNTRY,
        subdiv=settings.HOLIDAYS_SUBDIVISION,
        years=year,
        language=language,
    )
    return dict(found.items())


def holiday_name(day: date) -> str | None:
    """The public holiday on ``day`` in the active language, or None on a working day."""
    if get_language() == "de":
        return _names(day.year, "de").get(day)
    english = _names(day.year, "en_US").get(day)
    return pgettext("public holiday", english) if english else None


def holidays_between(start: date, end: date) -> list[date]:
    """The public holidays from ``start`` to ``end``, both included."""
    return sorted(
        day
        for year in range(start.year, end.year + 1)
        for day in _names(year, "en_US")
        if start <= day <= end
    )
