"""What visitors see of the hours on the pages: notices, the 14-day page, the weekly table,
the address, and caching that never outlives the status."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from hours.models import Location
from hours.selectors import centre_location, local_date, opening_status
from tests.factories import make_centre, make_exception, make_period


def today() -> date:
    return local_date(timezone.now())


@pytest.fixture
def centre(db):
    return make_centre()


@pytest.mark.parametrize("path", ["/de/", "/en/topics/", "/ar/partners/", "/uk/visit/"])
def test_an_upcoming_closure_is_announced_on_every_page(client, centre, path):
    make_exception(
        location=centre,
        starts_on=today() + timedelta(days=10),
        reason_de="Teamtag",
        reason_en="Team day",
    )
    response = client.get(path)
    assertContains(response, 'class="notice"')
    assertContains(response, "Team day" if path.startswith("/en/") else "Team")


def test_a_closure_further_away_than_its_notice_is_not_announced_yet(client, centre):
    make_exception(location=centre, starts_on=today() + timedelta(days=15))
    assertNotContains(client.get("/en/"), 'class="notice"')


def test_the_notice_period_is_set_per_exception(client, centre):
    make_exception(location=centre, starts_on=today() + timedelta(days=30), notice_days=30)
    assertContains(client.get("/en/"), "Staff holidays")


def test_a_running_closure_is_announced_until_its_last_day(client, centre):
    make_exception(
        location=centre, starts_on=today() - timedelta(days=3), ends_on=today() + timedelta(days=2)
    )
    assertContains(client.get("/en/"), "Closed from")


def test_the_home_page_keeps_the_centre_when_its_address_name_changes(client, centre):
    Location.objects.filter(pk=centre.pk).update(slug="willkommenszentrum")
    response = client.get("/de/")
    assertContains(response, "Otto-Schill-Straße 2")
    assertContains(response, 'class="status ')
    assertContains(client.get("/de/visit/"), "Otto-Schill-Straße 2")


def test_the_address_has_no_stray_space_without_a_postcode(client, centre):
    html = client.get("/de/visit/").content.decode()
    assert '<span lang="de" dir="ltr">Leipzig</span>' in html
    centre.postcode = "04109"
    centre.save()
    assertContains(client.get("/de/visit/"), '<span lang="de" dir="ltr">04109 Leipzig</span>')


def test_contact_and_access_notes_show_only_when_staff_fill_them(client, centre):
    html = client.get("/en/visit/").content.decode()
    assert "tel:" not in html and "Wheelchair access" not in html and "Nearest stop" not in html
    centre.phone, centre.email = "0341 123", "wzl@example.org"
    centre.wheelchair_access_de, centre.public_transport_de = "Stufenlos", "Haltestelle X"
    centre.save()
    response = client.get("/en/visit/")
    for text in [
        "tel:0341123",
        "mailto:wzl@example.org",
        "Wheelchair access",
        "Stufenlos",
        "Nearest stop",
        "Haltestelle X",
    ]:
        assertContains(response, text)


def test_the_weekly_table_announces_a_coming_change(client, centre):
    period = centre.periods.get()
    period.valid_until = today() + timedelta(days=20)
    period.save()
    make_period(location=centre, valid_from=today() + timedelta(days=21), hours=[(1, 8, 11)])
    response = client.get("/en/")
    assertContains(response, "New opening hours from")
    assertContains(response, "08:00–11:00")
    assertContains(response, "These hours hold until")


def test_the_calendar_page_shows_14_days_and_is_linked(client, centre):
    response = client.get("/en/calendar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<li class="calendar-day"', html)) == 14
    assert f'id="day-{today():%Y-%m-%d}"' in html
    assert 'href="/en/calendar/hours.ics"' in html
    for path in ["/en/", "/en/visit/"]:
        assertContains(client.get(path), 'href="/en/calendar/"')


def test_the_calendar_page_shows_closures_with_their_reason(client, centre):
    make_exception(
        location=centre, starts_on=today() + timedelta(days=2), reason_en="Staff training"
    )
    assertContains(client.get("/en/calendar/"), "Staff training")


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.mark.parametrize("path", ["/de/", "/de/visit/", "/de/calendar/"])
def test_a_page_with_the_status_may_be_cached_only_until_the_status_changes(client, centre, path):
    before = timezone.now()
    response = client.get(path)
    status = opening_status(location=centre_location(at=before), at=before)
    assert 0 <= max_age(response) <= (status.changes_at - before).total_seconds()
    assert max_age(response) <= 24 * 3600


def test_the_page_cache_drops_the_page_when_the_status_changes(client, centre, settings):
    """With Django's page cache in front, the entry expires with the status."""
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    cache.clear()
    before = timezone.now()
    client.get("/de/visit/")
    status = opening_status(location=centre_location(at=before), at=before)
    expiries = [
        datetime.fromtimestamp(expiry, tz=UTC)
        for key, expiry in cache._expire_info.items()
        if "cache_page" in key
    ]
    assert expiries
    assert all(expiry <= status.changes_at + timedelta(seconds=1) for expiry in expiries)
