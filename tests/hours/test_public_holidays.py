"""Saxony's public holidays, named in every site language."""

from datetime import date
from pathlib import Path

import holidays
import pytest
from django.conf import settings
from django.utils import translation

from hours.public_holidays import HOLIDAY_NAMES, holiday_name, holidays_between

LOCALE = Path(settings.BASE_DIR) / "locale"


def saxon_names() -> set[str]:
    return {
        name
        for year in range(2024, 2036)
        for name in holidays.country_holidays(
            "DE", subdiv="SN", years=year, language="en_US"
        ).values()
    }


def test_saxony_has_reformation_day_and_repentance_day():
    days = holidays_between(date(2026, 10, 1), date(2026, 12, 31))
    assert date(2026, 10, 31) in days and date(2026, 11, 18) in days
    assert date(2026, 11, 1) not in days  # All Saints' Day is not a holiday in Saxony


def test_every_saxon_holiday_name_is_listed_for_the_catalogs():
    with translation.override(None):  # the message ids, untranslated
        assert saxon_names() <= {str(name) for name in HOLIDAY_NAMES}


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_every_saxon_holiday_is_named_in_every_language(lang):
    import polib

    catalog = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    translated = {
        entry.msgid
        for entry in catalog
        if entry.msgctxt == "public holiday" and entry.msgstr and not entry.obsolete
    }
    assert saxon_names() - translated == set()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "Buß- und Bettag"), ("en", "Repentance and Prayer Day")],
)
def test_the_holiday_name_follows_the_language(lang, expected):
    with translation.override(lang):
        assert holiday_name(date(2026, 11, 18)) == expected
        assert holiday_name(date(2026, 11, 19)) is None
