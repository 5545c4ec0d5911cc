from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hours.selectors import opening_status, weekly_schedule
from tests.factories import make_centre

BERLIN = ZoneInfo("Europe/Berlin")
# 2026-11-23 is a Monday.
MONDAY = 23


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def centre(db):
    return make_centre()  # Mon 13–17, Wed 9–13, Thu 13–17, Fri 9–13


@pytest.mark.django_db
def test_monday_one_minute_before_opening_is_closed_and_opens_at_13(centre):
    status = opening_status(location=centre, at=at(MONDAY, 12, 59))
    assert not status.is_open
    assert status.next_opening == at(MONDAY, 13)
    assert status.opens_today


@pytest.mark.django_db
def test_monday_at_13_is_open_until_17(centre):
    status = opening_status(location=centre, at=at(MONDAY, 13))
    assert status.is_open
    assert status.closes_at == at(MONDAY, 17)


@pytest.mark.django_db
def test_at_17_sharp_it_is_closed_and_opens_wednesday_at_9(centre):
    status = opening_status(location=centre, at=at(MONDAY, 17))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 2, 9)
    assert not status.opens_today and not status.opens_tomorrow


@pytest.mark.django_db
@pytest.mark.parametrize("hour", [0, 9, 12, 13, 16, 23])
def test_tuesday_is_closed_all_day_and_opens_wednesday_at_9(centre, hour):
    status = opening_status(location=centre, at=at(MONDAY + 1, hour))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 2, 9)
    assert status.opens_tomorrow


@pytest.mark.django_db
def test_sunday_is_closed_and_opens_monday_at_13(centre):
    status = opening_status(location=centre, at=at(MONDAY + 6, 11))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 7, 13)


@pytest.mark.django_db
def test_friday_afternoon_reopens_next_monday(centre):
    status = opening_status(location=centre, at=at(MONDAY + 4, 13, 30))
    assert not status.is_open
    assert status.next_opening == at(MONDAY + 7, 13)


@pytest.mark.django_db
def test_an_instant_in_utc_is_read_in_berlin_time(centre):
    # 12:30 UTC on a Monday in winter is 13:30 in Leipzig.
    status = opening_status(
        location=centre, at=datetime(2026, 11, 23, 12, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert status.is_open


@pytest.mark.django_db
def test_summer_time_is_respected(db):
    centre = make_centre()
    # 2026-06-01 is a Monday; 11:00 UTC is 13:00 in summer time.
    status = opening_status(location=centre, at=datetime(2026, 6, 1, 11, 0, tzinfo=ZoneInfo("UTC")))
    assert status.is_open


@pytest.mark.django_db
def test_two_intervals_on_one_day_and_adjacent_ones_merge(db):
    centre = make_centre(hours=((0, 9, 12), (0, 13, 15), (0, 15, 18)))
    assert opening_status(location=centre, at=at(MONDAY, 12, 30)).next_opening == at(MONDAY, 13)
    assert opening_status(location=centre, at=at(MONDAY, 14)).closes_at == at(MONDAY, 18)


@pytest.mark.django_db
def test_a_location_without_hours_is_closed_with_no_next_opening(db):
    status = opening_status(location=make_centre(hours=()), at=at(MONDAY, 13))
    assert not status.is_open and status.next_opening is None


@pytest.mark.django_db
def test_weekly_schedule_lists_seven_days_with_closed_ones(centre):
    days = weekly_schedule(location=centre)
    assert [d.name for d in days][:2] == ["Montag", "Dienstag"]
    assert days[1].is_closed and days[6].is_closed
    assert [(i.opens.hour, i.closes.hour) for i in days[0].intervals] == [(13, 17)]
