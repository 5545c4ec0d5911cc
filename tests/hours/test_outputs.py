"""What machines read: schema.org JSON-LD, OpenStreetMap's opening_hours and iCalendar carry
the same times as the pages."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone
from opening_hours import OpeningHours
from pyld import jsonld

from hours.outputs import (
    icalendar_feed,
    opening_events,
    opening_hours_jsonld,
    osm_opening_hours,
)
from hours.selectors import centre_location, day_plans, local_date
from tests.factories import make_centre, make_exception

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 16 November 2026, 10:00: Buß- und Bettag is on Wednesday.
AT = datetime(2026, 11, 16, 10, tzinfo=BERLIN)
SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    """schema.org's context, without the network: every term is in the schema.org vocabulary."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def expanded(document: dict) -> dict:
    [node] = jsonld.expand(document, {"documentLoader": offline_loader})
    return node


def values(node: dict, key: str) -> list:
    return [item.get("@value", item.get("@id")) for item in node.get(SCHEMA + key, [])]


@pytest.fixture
def centre(db):
    make_centre()
    return centre_location(at=AT)


def test_jsonld_parses_and_carries_the_weekly_hours(centre):
    node = expanded(opening_hours_jsonld(location=centre, at=AT, url="https://wzl.example/de/"))
    assert node["@type"] == [SCHEMA + "GovernmentOffice"]
    assert values(node, "name") == ["Willkommenszentrum Leipzig"]
    [address] = node[SCHEMA + "address"]
    assert values(address, "streetAddress") == ["Otto-Schill-Straße 2"]
    weekly = sorted(
        (values(spec, "dayOfWeek")[0], values(spec, "opens")[0], values(spec, "closes")[0])
        for spec in node[SCHEMA + "openingHoursSpecification"]
    )
    assert weekly == [
        (SCHEMA + "Friday", "09:00", "13:00"),
        (SCHEMA + "Monday", "13:00", "17:00"),
        (SCHEMA + "Thursday", "13:00", "17:00"),
        (SCHEMA + "Wednesday", "09:00", "13:00"),
    ]


def test_jsonld_lists_every_holiday_and_exception_of_the_next_90_days(db):
    location = make_centre()
    make_exception(location=location, starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 31))
    make_exception(location=location, starts_on=date(2026, 12, 22), hours=[(time(10), time(12))])
    make_exception(location=location, starts_on=date(2027, 3, 1))  # beyond 90 days
    centre = centre_location(at=AT)
    node = expanded(opening_hours_jsonld(location=centre, at=AT, url="https://wzl.example/"))
    special = {
        values(spec, "validFrom")[0]: (values(spec, "opens")[0], values(spec, "closes")[0])
        for spec in node[SCHEMA + "specialOpeningHoursSpecification"]
    }
    expected_closed = (
        ["2026-11-18"]  # Buß- und Bettag
        + [f"2026-12-{day}" for day in range(24, 32)]  # the closure, Christmas within it
        + ["2027-01-01"]  # New Year's Day
    )
    assert special["2026-12-22"] == ("10:00", "12:00")
    for day in expected_closed:
        assert special[day] == ("00:00", "00:00"), day
    assert "2027-03-01" not in special
    assert sorted(special) == sorted({*expected_closed, "2026-12-22"})


def test_the_page_carries_the_jsonld_with_the_times_it_shows(client, db):
    import json
    import re

    make_centre()
    html = client.get("/de/visit/").content.decode()
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    node = expanded(json.loads(script))
    for spec in node[SCHEMA + "openingHoursSpecification"]:
        shown = f"{values(spec, 'opens')[0]}–{values(spec, 'closes')[0]}"
        assert shown in html
    assert "</script>" not in script


def test_the_openstreetmap_value_follows_the_specification(centre):
    value = osm_opening_hours(location=centre, at=AT)
    assert value == "Mo,Th 13:00-17:00; We,Fr 09:00-13:00; PH off"
    hours = OpeningHours(value)
    assert hours.is_open(datetime(2026, 11, 23, 14, 0))
    assert not hours.is_open(datetime(2026, 11, 24, 14, 0))


def test_the_openstreetmap_value_lists_coming_exceptions_and_ranges(db):
    location = make_centre(hours=((0, 9, 12), (1, 9, 12), (2, 9, 12), (4, 14, 16)))
    make_exception(location=location, starts_on=date(2026, 12, 24), ends_on=date(2027, 1, 1))
    make_exception(location=location, starts_on=date(2026, 12, 22), hours=[(time(10), time(12))])
    make_exception(location=location, starts_on=date(2026, 1, 5))  # past: left out
    value = osm_opening_hours(location=centre_location(at=AT), at=AT)
    assert value == (
        "Mo-We 09:00-12:00; Fr 14:00-16:00; PH off; "
        "2026 Dec 22 10:00-12:00; 2026 Dec 24-2027 Jan 01 off"
    )
    hours = OpeningHours(value)
    assert not hours.is_open(datetime(2026, 12, 28, 10, 0))
    assert hours.is_open(datetime(2026, 12, 22, 11, 0))


def test_the_icalendar_feed_parses_and_has_one_event_per_opening(centre):
    plans = day_plans(location=centre, start=AT.date(), days=90)
    events = opening_events(location=centre, plans=plans, summary="WZL open")
    calendar = icalendar.Calendar.from_ical(icalendar_feed(name="WZL", events=events, at=AT))
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    parsed = calendar.walk("VEVENT")
    assert len(parsed) == sum(len(plan.intervals) for plan in plans)
    first = parsed[0]
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert first.decoded("DTSTART") == datetime(2026, 11, 16, 13, tzinfo=BERLIN)
    assert first.decoded("DTEND") == datetime(2026, 11, 16, 17, tzinfo=BERLIN)
    starts = {event.decoded("DTSTART").date() for event in parsed}
    assert date(2026, 11, 18) not in starts  # Buß- und Bettag
    assert date(2026, 12, 25) not in starts  # Christmas Day, a Friday
    assert date(2026, 11, 20) in starts
    assert len({str(event["UID"]) for event in parsed}) == len(parsed)


def test_the_feed_and_the_page_show_the_same_times(client, db):
    make_centre()
    response = client.get("/de/calendar/hours.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    shown = client.get("/de/calendar/").content.decode()
    today = local_date(timezone.now())
    for event in calendar.walk("VEVENT"):
        starts, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        if (starts.date() - today).days < 14:
            assert f"{starts:%H:%M}–{ends:%H:%M}" in shown
            assert f'id="day-{starts:%Y-%m-%d}"' in shown
