"""The opening status at fixed instants: weeks, holidays, closures, periods, special hours,
daylight-saving changes and clients in other time zones. Every call passes ``at``."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from hours.selectors import day_plans, opening_status, weekly_schedule
from hours.templatetags.hours_text import status_sentences
from tests.factories import make_centre, make_exception, make_period

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
# 2026-11-23 is a Monday.
MONDAY = 23


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def words(status, lang="en") -> str:
    """The status sentences as the page shows them (with single quotes, for readable tests)."""
    with translation.override(lang):
        return " ".join(str(s) for s in status_sentences(status)).replace('"', "'")


def status_in(lang: str, **kwargs):
    with translation.override(lang):
        return opening_status(**kwargs)


@pytest.fixture
def centre(db):
    return make_centre()  # Mon 13–17, Wed 9–13, Thu 13–17, Fri 9–13


# --- a normal week ------------------------------------------------------------------------------


def test_monday_one_minute_before_opening_is_closed_and_opens_at_13(centre):
    status = opening_status(location=centre, at=at(MONDAY, 12, 59))
    assert not status.is_open
    assert status.next_opening == at(MONDAY, 13)
    assert words(status) == "Closed now. Opens today at <bdi dir='ltr'>13:00</bdi>."


def test_monday_at_13_is_open_until_17(centre):
    status = opening_status(location=centre, at=at(MONDAY, 13))
    assert status.is_open
    assert status.closes_at == at(MONDAY, 17)
    assert words(status) == "Open now, until <bdi dir='ltr'>17:00</bdi>."
    assert words(status, "de") == "Jetzt geöffnet, bis <bdi dir='ltr'>17:00</bdi> Uhr."


def test_at_17_sharp_it_is_closed_and_opens_wednesday_at_9(centre):
    status = opening_status(location=centre, at=at(MONDAY, 17))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 2, 9)
    assert words(status) == "Closed now. Opens on Wednesday at <bdi dir='ltr'>09:00</bdi>."


@pytest.mark.parametrize("hour", [0, 9, 12, 13, 16, 23])
def test_tuesday_is_closed_all_day_and_opens_wednesday_at_9(centre, hour):
    status = opening_status(location=centre, at=at(MONDAY + 1, hour))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 2, 9)
    assert status.opens_tomorrow


def test_sunday_is_closed_and_opens_monday_at_13(centre):
    status = opening_status(location=centre, at=at(MONDAY + 6, 11))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 7, 13)


def test_friday_afternoon_reopens_next_monday(centre):
    status = opening_status(location=centre, at=at(MONDAY + 4, 13, 30))
    assert status.next_opening == at(MONDAY + 7, 13)
    assert (
        words(status, "de")
        == "Jetzt geschlossen. Öffnet am Montag um <bdi dir='ltr'>13:00</bdi> Uhr."
    )


def test_the_weekday_takes_the_form_its_language_needs(centre):
    status = opening_status(location=centre, at=at(MONDAY + 4, 13, 30))
    assert "в понеділок" in words(status, "uk")
    assert "в понедельник" in words(status, "ru")


def test_two_intervals_on_one_day_and_adjacent_ones_merge(db):
    centre = make_centre(hours=((0, 9, 12), (0, 13, 15), (0, 15, 18)))
    assert opening_status(location=centre, at=at(MONDAY, 12, 30)).next_opening == at(MONDAY, 13)
    assert opening_status(location=centre, at=at(MONDAY, 14)).closes_at == at(MONDAY, 18)


def test_a_location_without_hours_is_closed_with_no_next_opening(db):
    status = opening_status(location=make_centre(hours=()), at=at(MONDAY, 13))
    assert not status.is_open and status.next_opening is None
    assert words(status) == "Closed now."


def test_weekly_schedule_lists_seven_days_with_closed_ones(centre):
    with translation.override("de"):
        schedule = weekly_schedule(location=centre, at=at(MONDAY, 10))
    days = schedule.current.days
    assert [d.name for d in days][:2] == ["Montag", "Dienstag"]
    assert days[1].is_closed and days[6].is_closed
    assert [(i.opens.hour, i.closes.hour) for i in days[0].intervals] == [(13, 17)]
    assert schedule.upcoming is None


# --- public holidays ----------------------------------------------------------------------------


def test_buss_und_bettag_closes_an_opening_wednesday(centre):
    # Wednesday 18 November 2026 is Buß- und Bettag, a public holiday only in Saxony.
    status = opening_status(location=centre, at=at(18, 10))
    assert not status.is_open
    assert status.next_opening == at(19, 13)
    assert words(status, "de") == (
        "Heute geschlossen: Feiertag (<bdi>Buß- und Bettag</bdi>). "
        "Öffnet morgen um <bdi dir='ltr'>13:00</bdi> Uhr."
    )
    with translation.override("en"):  # the holiday is named in the language of the request
        status = opening_status(location=centre, at=at(18, 10))
    assert words(status) == (
        "Closed today: public holiday (<bdi>Repentance and Prayer Day</bdi>). "
        "Opens tomorrow at <bdi dir='ltr'>13:00</bdi>."
    )


def test_the_holiday_name_comes_from_our_catalog_in_other_languages(centre):
    ukrainian = words(status_in("uk", location=centre, at=at(18, 10)), "uk")
    assert "Repentance" not in ukrainian and "Buß" not in ukrainian
    assert status_in("uk", location=centre, at=at(18, 10)).today.holiday


def test_christmas_day_on_a_friday_is_closed_and_it_reopens_on_monday(centre):
    status = opening_status(location=centre, at=at(25, 10, month=12))
    assert not status.is_open
    assert status.today.holiday == "Erster Weihnachtstag"
    assert status.next_opening == at(28, 13, month=12)


def test_reformation_day_on_a_saturday_shows_as_a_holiday_in_the_days(centre):
    plans = day_plans(location=centre, start=date(2026, 10, 30), days=3)
    assert plans[1].day == date(2026, 10, 31)
    assert plans[1].holiday == "Reformationstag" and plans[1].is_closed
    assert plans[0].intervals and not plans[0].holiday  # Friday 30 October opens as usual


def test_staff_can_open_on_a_holiday_with_special_hours(centre):
    make_exception(
        location=centre,
        starts_on=date(2026, 11, 18),
        hours=[(time(10), time(14))],
        reason_de="Beratungstag",
        reason_en="Counselling day",
    )
    status = opening_status(location=centre, at=at(18, 11))
    assert status.is_open and status.closes_at == at(18, 14)
    assert "Counselling day" in words(status)


def test_a_location_may_stay_open_on_holidays(db):
    centre = make_centre(closed_on_public_holidays=False)
    assert opening_status(location=centre, at=at(18, 10)).is_open


# --- closures and special hours -----------------------------------------------------------------


@pytest.fixture
def christmas_break(centre):
    return make_exception(
        location=centre,
        starts_on=date(2026, 12, 24),
        ends_on=date(2027, 1, 1),
        reason_de="Weihnachtspause",
        reason_en="Christmas break",
    )


def test_a_closure_across_the_new_year(centre, christmas_break):
    # Monday 28 December would be open from 13:00; Monday 4 January 2027 is the next opening.
    status = opening_status(location=centre, at=at(28, 14, month=12))
    assert not status.is_open
    assert status.today.closure == christmas_break
    assert status.next_opening == at(4, 13, month=1, year=2027)
    assert words(status) == (
        "Closed from <bdi>24 December</bdi> to <bdi>1 January</bdi>: "
        "<bdi>Christmas break</bdi>. Opens on <bdi>4 January</bdi> at <bdi dir='ltr'>13:00</bdi>."
    )
    assert "з <bdi>24 грудня</bdi>" in words(status, "uk")


def test_before_the_closure_the_status_points_past_it(centre, christmas_break):
    # Wednesday 23 December after 13:00: Thursday 24 is closed, so is everything to 1 January.
    status = opening_status(location=centre, at=at(23, 13, month=12))
    assert status.next_opening == at(4, 13, month=1, year=2027)


def test_special_hours_replace_the_week_on_their_day(centre):
    make_exception(
        location=centre,
        starts_on=date(2026, 11, 24),
        hours=[(time(10), time(12))],
        reason_en="Information day",
    )
    status = opening_status(location=centre, at=at(24, 11))  # a Tuesday, normally closed
    assert status.is_open and status.closes_at == at(24, 12)
    assert opening_status(location=centre, at=at(23, 14)).closes_at == at(23, 17)
    assert opening_status(location=centre, at=at(23, 18)).next_opening == at(24, 10)


# --- periods ------------------------------------------------------------------------------------


def test_new_hours_from_a_date_switch_on_that_day(db):
    centre = make_centre(valid_from=date(2018, 4, 11))
    first = centre.periods.get()
    first.valid_until = date(2026, 11, 30)
    first.save()
    make_period(location=centre, valid_from=date(2026, 12, 1), hours=[(1, 9, 12), (3, 9, 12)])

    assert opening_status(location=centre, at=at(30, 14)).closes_at == at(30, 17)
    tuesday = opening_status(location=centre, at=at(1, 10, month=12))
    assert tuesday.is_open and tuesday.closes_at == at(1, 12, month=12)
    assert not opening_status(location=centre, at=at(7, 14, month=12)).is_open  # Monday

    schedule = weekly_schedule(location=centre, at=at(25, 10))
    assert schedule.current.period == first
    assert schedule.upcoming.period.valid_from == date(2026, 12, 1)
    assert [d.weekday for d in schedule.upcoming.days if d.intervals] == [1, 3]


# --- time zones and daylight saving ---------------------------------------------------------------


def test_an_instant_in_utc_is_read_in_berlin_time(centre):
    # 12:30 UTC on a Monday in winter is 13:30 in Leipzig.
    status = opening_status(location=centre, at=datetime(2026, 11, 23, 12, 30, tzinfo=UTC))
    assert status.is_open
    assert status.closes_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def test_a_client_in_another_time_zone_gets_leipzig_times(centre):
    # 07:30 in New York is 13:30 in Leipzig: open until 17:00 Leipzig time.
    status = opening_status(
        location=centre, at=datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("America/New_York"))
    )
    assert status.is_open
    assert words(status) == "Open now, until <bdi dir='ltr'>17:00</bdi>."


def test_the_spring_change_on_29_march(centre):
    # Saturday 28 March 2026 (CET) looks ahead past the change to Monday 13:00 CEST (11:00 UTC).
    status = opening_status(location=centre, at=at(28, 12, month=3))
    assert status.next_opening == datetime(2026, 3, 30, 11, 0, tzinfo=UTC)
    assert status.changes_at == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # local midnight
    monday = opening_status(location=centre, at=datetime(2026, 3, 30, 11, 30, tzinfo=UTC))
    assert monday.is_open and monday.closes_at == datetime(2026, 3, 30, 15, 0, tzinfo=UTC)
    assert not opening_status(
        location=centre, at=datetime(2026, 3, 30, 10, 30, tzinfo=UTC)
    ).is_open  # 12:30 CEST


def test_the_autumn_change_on_25_october(centre):
    friday = opening_status(location=centre, at=datetime(2026, 10, 23, 10, 30, tzinfo=UTC))
    assert friday.is_open and friday.closes_at == datetime(2026, 10, 23, 11, 0, tzinfo=UTC)
    sunday = opening_status(location=centre, at=at(25, 12, month=10))
    assert sunday.next_opening == datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # 13:00 CET
    # Midnight after the 25-hour day is 23:00 UTC.
    assert sunday.changes_at == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


# --- when the status changes (what caches must respect) ---------------------------------------------


@pytest.mark.parametrize(
    ("instant", "changes"),
    [
        (at(MONDAY, 14), at(MONDAY, 17)),  # open: at closing time
        (at(MONDAY, 10), at(MONDAY, 13)),  # closed, opens today: at opening time
        (at(MONDAY + 1, 10), at(MONDAY + 2, 0)),  # closed all day: at midnight
        (at(MONDAY, 17), at(MONDAY + 1, 0)),  # after closing: at midnight ("tomorrow" → "today")
    ],
)
def test_the_status_says_when_it_changes(centre, instant, changes):
    assert opening_status(location=centre, at=instant).changes_at == changes


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "uk", "ru", "ro", "pl", "tr", "vi", "es"])
def test_every_status_sentence_is_in_the_visitors_language(centre, christmas_break, lang):
    instants = [
        at(MONDAY, 14),  # open
        at(MONDAY, 10),  # opens today
        at(MONDAY + 1, 10),  # opens tomorrow
        at(MONDAY + 4, 14),  # opens on Monday
        at(18, 10),  # public holiday
        at(28, 14, month=12),  # closure, opens on a date
    ]
    for instant in instants:
        text = words(status_in(lang, location=centre, at=instant), lang)
        for english in ["Open now", "Closed", "Opens", "public holiday", "January", "December"]:
            assert english not in text, (lang, instant, text)
