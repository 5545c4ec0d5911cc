"""What staff enter in the admin: bad entries get a clear message and nothing is saved."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from hours.models import ExceptionHours, HoursException, HoursPeriod, WeeklyHours
from hours.selectors import local_date
from tests.factories import make_centre, make_exception, make_period, make_user


@pytest.fixture
def staff(client, db):
    client.force_login(make_user(is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def centre_without_periods():
    centre = make_centre(hours=())
    centre.periods.all().delete()
    return centre


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def period_form(location, valid_from="2027-01-01", valid_until="", hours=(), initial=0):
    return {
        "location": location.pk,
        "valid_from": valid_from,
        "valid_until": valid_until,
        **inline("hours", list(hours), initial=initial),
    }


def test_two_new_overlapping_intervals_on_one_day_are_refused(staff, db):
    centre = centre_without_periods()
    form = period_form(
        centre,
        hours=[
            {"weekday": "0", "opens": "09:00", "closes": "13:00"},
            {"weekday": "0", "opens": "12:00", "closes": "15:00"},
        ],
    )
    response = staff.post(reverse("admin:hours_hoursperiod_add"), form)
    assert response.status_code == 200
    assertContains(response, "09:00–13:00 and 12:00–15:00 overlap")
    assert not HoursPeriod.objects.exists() and not WeeklyHours.objects.exists()


def test_an_interval_ending_before_it_starts_is_refused(staff, db):
    centre = centre_without_periods()
    form = period_form(centre, hours=[{"weekday": "0", "opens": "17:00", "closes": "13:00"}])
    response = staff.post(reverse("admin:hours_hoursperiod_add"), form)
    assertContains(response, "closing time must be after the opening time")
    assert not HoursPeriod.objects.exists()


def test_moving_adjacent_intervals_in_one_save_is_accepted(staff, db):
    centre = make_centre(hours=((0, 9, 13), (0, 13, 15)))
    period = centre.periods.get()
    first, second = period.hours.order_by("opens")
    form = period_form(
        centre,
        valid_from="2018-04-11",
        initial=2,
        hours=[
            {
                "id": first.pk,
                "period": period.pk,
                "weekday": "0",
                "opens": "09:00",
                "closes": "14:00",
            },
            {
                "id": second.pk,
                "period": period.pk,
                "weekday": "0",
                "opens": "14:00",
                "closes": "16:00",
            },
        ],
    )
    response = staff.post(reverse("admin:hours_hoursperiod_change", args=[period.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(h.opens, h.closes) for h in period.hours.order_by("opens")] == [
        (time(9), time(14)),
        (time(14), time(16)),
    ]


def test_overlapping_periods_are_refused(staff, db):
    centre = make_centre()  # one period from 2018-04-11, open-ended
    response = staff.post(
        reverse("admin:hours_hoursperiod_add"), period_form(centre, valid_from="2027-06-01")
    )
    assertContains(response, "overlaps with the period")
    assert HoursPeriod.objects.count() == 1


def test_a_following_period_is_accepted_once_the_first_ends(staff, db):
    centre = make_centre()
    first = centre.periods.get()
    first.valid_until = date(2027, 5, 31)
    first.save()
    response = staff.post(
        reverse("admin:hours_hoursperiod_add"),
        period_form(
            centre,
            valid_from="2027-06-01",
            hours=[{"weekday": "1", "opens": "10:00", "closes": "12:00"}],
        ),
    )
    assert response.status_code == 302
    assert HoursPeriod.objects.count() == 2


def test_two_new_overlapping_periods_on_the_location_page_are_refused(staff, db):
    centre = centre_without_periods()
    data = {
        "name_de": "Willkommenszentrum Leipzig",
        "slug": "wzl",
        "is_centre": "on",
        "street": "Otto-Schill-Straße 2",
        "city": "Leipzig",
        "closed_on_public_holidays": "on",
        **inline(
            "periods",
            [{"valid_from": "2027-01-01", "valid_until": ""}, {"valid_from": "2027-06-01"}],
        ),
        **inline("exceptions", []),
    }
    response = staff.post(reverse("admin:hours_location_change", args=[centre.pk]), data)
    assertContains(response, "Two periods of this location overlap")
    assert HoursPeriod.objects.count() == 0


def exception_form(location, **overrides):
    return {
        "location": location.pk,
        "kind": "closed",
        "starts_on": "2026-12-24",
        "ends_on": "2027-01-01",
        "reason_de": "Weihnachtspause",
        "notice_days": "14",
        **inline("hours", []),
    } | overrides


def test_an_exception_ending_before_it_starts_is_refused(staff, db):
    centre = make_centre()
    response = staff.post(
        reverse("admin:hours_hoursexception_add"), exception_form(centre, ends_on="2026-12-20")
    )
    assertContains(response, "last day must not be before the first day")
    assert not HoursException.objects.exists()


def test_a_closure_is_saved_and_a_single_day_needs_no_last_day(staff, db):
    centre = make_centre()
    response = staff.post(
        reverse("admin:hours_hoursexception_add"), exception_form(centre, ends_on="")
    )
    assert response.status_code == 302
    assert HoursException.objects.get().ends_on == date(2026, 12, 24)


def test_overlapping_exceptions_are_refused(staff, db):
    centre = make_centre()
    make_exception(location=centre, starts_on=date(2026, 12, 31))
    response = staff.post(reverse("admin:hours_hoursexception_add"), exception_form(centre))
    assertContains(response, "overlap with another exception")
    assert HoursException.objects.count() == 1


def test_special_hours_need_a_time_and_overlapping_times_are_refused(staff, db):
    centre = make_centre()
    response = staff.post(
        reverse("admin:hours_hoursexception_add"), exception_form(centre, kind="special")
    )
    assertContains(response, "Special hours need at least one time")
    overlapping = exception_form(centre, kind="special") | inline(
        "hours",
        [{"opens": "09:00", "closes": "12:00"}, {"opens": "11:00", "closes": "13:00"}],
    )
    response = staff.post(reverse("admin:hours_hoursexception_add"), overlapping)
    assertContains(response, "overlap")
    assert not HoursException.objects.exists() and not ExceptionHours.objects.exists()


def test_the_location_page_shows_the_next_14_days_and_the_openstreetmap_value(staff, db):
    centre = make_centre()
    today = local_date(timezone.now())
    make_exception(location=centre, starts_on=today, reason_de="Teamtag", reason_en="Team day")
    response = staff.get(reverse("admin:hours_location_change", args=[centre.pk]))
    html = response.content.decode()
    assert "The next 14 days, as visitors see them" in html
    assert html.count("<dt>") == 14
    assert "Teamtag" in html or "Team day" in html
    assert "Mo,Th 13:00-17:00; We,Fr 09:00-13:00; PH off; " in html


def test_only_one_location_can_be_the_centre(db):
    from django.core.exceptions import ValidationError

    from hours.models import Location

    make_centre()
    other = Location(
        slug="other", name_de="Anderer Ort", street="X", city="Leipzig", is_centre=True
    )
    with pytest.raises(ValidationError, match="already the Welcome Centre"):
        other.full_clean()


def test_a_period_that_ends_before_it_starts_is_refused(db):
    from django.core.exceptions import ValidationError

    period = HoursPeriod(
        location=make_centre(hours=()), valid_from=date(2027, 1, 2), valid_until=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError, match="last day must not be before"):
        period.full_clean()


def test_make_period_factory_accepts_times(db):
    centre = make_centre(hours=())
    period = make_period(location=centre, valid_from=date(2030, 1, 1), hours=[(0, time(9, 30), 12)])
    assert period.hours.get().opens == time(9, 30)
