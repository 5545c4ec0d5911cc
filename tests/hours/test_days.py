"""The 14 days as visitors see them: one rule for every day."""

from datetime import date, time

import pytest
from django.utils import translation

from hours.selectors import day_plans
from tests.factories import make_centre, make_exception, make_period


def hours_of(plan) -> list[str]:
    return [f"{i.opens:%H:%M}-{i.closes:%H:%M}" for i in plan.intervals]


@pytest.fixture
def centre(db):
    return make_centre()


def test_a_normal_fortnight(centre):
    plans = day_plans(location=centre, start=date(2026, 11, 30), days=14)
    assert next(plan.day for plan in plans) == date(2026, 11, 30)
    assert [hours_of(p) for p in plans[:7]] == [
        ["13:00-17:00"],
        [],
        ["09:00-13:00"],
        ["13:00-17:00"],
        ["09:00-13:00"],
        [],
        [],
    ]
    assert [hours_of(p) for p in plans[7:]] == [hours_of(p) for p in plans[:7]]
    assert not any(p.holiday or p.exception for p in plans)


def test_the_fortnight_with_buss_und_bettag(centre):
    with translation.override("de"):
        plans = day_plans(location=centre, start=date(2026, 11, 16), days=14)
    wednesday = plans[2]
    assert wednesday.day == date(2026, 11, 18)
    assert wednesday.is_closed and wednesday.is_holiday_closure
    assert wednesday.holiday == "Buß- und Bettag"
    assert wednesday.cancels_appointments
    assert hours_of(plans[9]) == ["09:00-13:00"]  # the Wednesday after is open


def test_a_closure_and_special_hours_in_the_fortnight(centre):
    closure = make_exception(
        location=centre, starts_on=date(2026, 12, 24), ends_on=date(2027, 1, 1)
    )
    make_exception(location=centre, starts_on=date(2026, 12, 22), hours=[(time(10), time(12))])
    plans = day_plans(location=centre, start=date(2026, 12, 21), days=15)
    by_day = {p.day: p for p in plans}
    assert hours_of(by_day[date(2026, 12, 22)]) == ["10:00-12:00"]
    assert by_day[date(2026, 12, 22)].is_special
    assert all(by_day[date(2026, 12, d)].closure == closure for d in range(24, 32))
    assert by_day[date(2027, 1, 1)].closure == closure
    assert by_day[date(2026, 12, 25)].holiday  # also a holiday, but the closure's reason shows
    assert hours_of(by_day[date(2027, 1, 4)]) == ["13:00-17:00"]


def test_a_change_of_period_within_the_fortnight(centre):
    first = centre.periods.get()
    first.valid_until = date(2026, 11, 30)
    first.save()
    make_period(location=centre, valid_from=date(2026, 12, 1), hours=[(0, 8, 10)])
    plans = day_plans(location=centre, start=date(2026, 11, 30), days=8)
    assert hours_of(plans[0]) == ["13:00-17:00"]
    assert hours_of(plans[7]) == ["08:00-10:00"]
    assert all(not p.intervals for p in plans[1:7])
