"""The hours for machines: schema.org JSON-LD, OpenStreetMap's opening_hours, iCalendar.

Each reads the same day plans as the pages (``hours.selectors``), so they carry the same times.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar

from hours.models import Location, Weekday
from hours.selectors import DayPlan, day_plans, local_date, site_zone, weekly_schedule

# How far ahead JSON-LD and the iCalendar feed look.
AHEAD_DAYS = 90

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
OSM_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SCHEMA_DAYS = [f"https://schema.org/{Weekday(day).name.title()}" for day in Weekday.values]


def _hhmm(moment) -> str:
    return f"{moment:%H:%M}"


def _osm_times(intervals) -> str:
    return ",".join(f"{_hhmm(i.opens)}-{_hhmm(i.closes)}" for i in intervals)


def _osm_weekdays(weekdays: list[int]) -> str:
    """[0, 1, 2, 4] as "Mo-We,Fr": runs of three or more days as a range."""
    runs: list[list[int]] = []
    for day in weekdays:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}")
        else:
            parts.extend(OSM_DAYS[day] for day in run)
    return ",".join(parts)


def _osm_date(day: date) -> str:
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def osm_opening_hours(*, location: Location, at: datetime) -> str:
    """The weekly hours in force as an OpenStreetMap ``opening_hours`` value, followed by the
    public-holiday rule and the exceptions still to come (later rules override earlier ones):
    ``Mo,Th 13:00-17:00; We,Fr 09:00-13:00; PH off; 2026 Dec 24-2027 Jan 01 off``."""
    schedule = weekly_schedule(location=location, at=at)
    rules = []
    if schedule.current:
        groups: dict[str, list[int]] = {}
        for day in schedule.current.days:
            if day.intervals:
                groups.setdefault(_osm_times(day.intervals), []).append(day.weekday)
        rules = [f"{_osm_weekdays(days)} {times}" for times, days in groups.items()]
    if not rules:
        rules = ["off"]
    if location.closed_on_public_holidays:
        rules.append("PH off")
    today = local_date(at)
    for exception in sorted(location.exceptions.all(), key=lambda e: e.starts_on):
        if exception.ends_on < today:
            continue
        when = _osm_date(exception.starts_on)
        if not exception.is_single_day:
            when += f"-{_osm_date(exception.ends_on)}"
        times = (
            "off"
            if exception.is_closed
            else _osm_times(sorted(exception.hours.all(), key=lambda row: row.opens))
        )
        rules.append(f"{when} {times}")
    return "; ".join(rules)


def _special_specs(plan: DayPlan) -> list[dict]:
    """schema.org's convention: a closed day opens and closes at 00:00."""
    base = {
        "@type": "OpeningHoursSpecification",
        "name": str(plan.exception.reason if plan.exception else plan.holiday),
        "validFrom": plan.day.isoformat(),
        "validThrough": plan.day.isoformat(),
    }
    if plan.is_closed:
        return [base | {"opens": "00:00", "closes": "00:00"}]
    return [base | {"opens": _hhmm(i.opens), "closes": _hhmm(i.closes)} for i in plan.intervals]


def opening_hours_jsonld(*, location: Location, at: datetime, url: str) -> dict:
    """schema.org ``GovernmentOffice`` with the weekly hours in force and, as special opening
    hours, every public holiday and exception of the next 90 days."""
    schedule = weekly_schedule(location=location, at=at)
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "addressLocality": location.city,
        "addressCountry": "DE",
    }
    if location.postcode:
        address["postalCode"] = location.postcode
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": str(location.name),
        "url": url,
        "address": address,
    }
    if location.phone:
        data["telephone"] = location.phone
    if location.email:
        data["email"] = location.email
    if schedule.current:
        period = schedule.current.period
        validity = {"validFrom": period.valid_from.isoformat()}
        if period.valid_until:
            validity["validThrough"] = period.valid_until.isoformat()
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[day.weekday],
                "opens": _hhmm(interval.opens),
                "closes": _hhmm(interval.closes),
                **validity,
            }
            for day in schedule.current.days
            for interval in day.intervals
        ]
    plans = day_plans(location=location, start=local_date(at), days=AHEAD_DAYS)
    data["specialOpeningHoursSpecification"] = [
        spec
        for plan in plans
        if plan.exception is not None or plan.holiday is not None
        for spec in _special_specs(plan)
    ]
    return data


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts: datetime
    ends: datetime
    description: str = ""
    location: str = ""


def opening_events(
    *, location: Location, plans: list[DayPlan], summary: str
) -> list[CalendarEvent]:
    """One event per opening interval; holidays and closures have none."""
    place = f"{location.street}, {location.locality}"
    return [
        CalendarEvent(
            uid=f"{plan.day:%Y%m%d}-{interval.opens:%H%M}-location-{location.pk}@wzl",
            summary=summary,
            starts=plan.at(interval.opens),
            ends=plan.at(interval.closes),
            description=str(plan.exception.reason) if plan.is_special else "",
            location=place,
        )
        for plan in plans
        for interval in plan.intervals
    ]


def icalendar_feed(*, name: str, events: Iterable[CalendarEvent], at: datetime) -> bytes:
    """An iCalendar (RFC 5545) feed with its VTIMEZONE; times carry TZID=Europe/Berlin."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Willkommenszentrum Leipzig//wzl-site//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(site_zone()))
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    stamp = at.astimezone(site_zone())
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts.astimezone(site_zone()))
        event.add("dtend", item.ends.astimezone(site_zone()))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
