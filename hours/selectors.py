"""Reads about when a location is open. Every function that depends on "now" takes ``at``.

One rule decides every day, used by the status, the 14-day view, the weekly table, JSON-LD,
iCalendar and the admin preview alike (``day_plans``):

1. an exception covering the day wins (closed, or its special hours);
2. otherwise a public holiday closes the location (when it closes on holidays);
3. otherwise the weekly hours of the period covering the day apply (none: closed).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch

from hours.models import HoursException, HoursPeriod, Location, Weekday
from hours.public_holidays import holiday_name

# How far ahead the status looks for the next opening (a long closure included).
NEXT_OPENING_HORIZON_DAYS = 366


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time


@dataclass(frozen=True)
class DayHours:
    """One weekday of a period's weekly table."""

    weekday: int
    name: str
    intervals: list[Interval]

    @property
    def is_closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class WeekSchedule:
    period: HoursPeriod
    days: list[DayHours]


@dataclass(frozen=True)
class Schedule:
    """The weekly table in force, and the next one when a change is announced."""

    current: WeekSchedule | None
    upcoming: WeekSchedule | None

    def __bool__(self) -> bool:
        return bool(self.current or self.upcoming)


@dataclass(frozen=True)
class DayPlan:
    """What holds on one date: the intervals, and why it differs from the week if it does."""

    day: date
    intervals: list[Interval]
    holiday: str | None = None
    exception: HoursException | None = None

    @property
    def is_closed(self) -> bool:
        return not self.intervals

    @property
    def is_special(self) -> bool:
        return self.exception is not None and not self.exception.is_closed

    @property
    def closure(self) -> HoursException | None:
        """The closing exception covering this day, if any."""
        return self.exception if self.exception and self.exception.is_closed else None

    @property
    def is_holiday_closure(self) -> bool:
        return self.holiday is not None and self.exception is None and self.is_closed

    @property
    def cancels_appointments(self) -> bool:
        """Closed by a holiday or a closure: slots of partners on this day do not take place."""
        return self.closure is not None or self.is_holiday_closure

    def at(self, moment: time) -> datetime:
        return datetime.combine(self.day, moment, tzinfo=site_zone())


@dataclass(frozen=True)
class OpeningStatus:
    """Whether a location is open at an instant; times are in the site's time zone.

    ``changes_at`` is the instant this status (and its wording) can change next: the closing
    time when open; the next opening or the next midnight when closed, whichever comes first.
    A page that shows the status must not be cached beyond it.
    """

    at: datetime
    today: DayPlan
    is_open: bool
    changes_at: datetime
    closes_at: datetime | None = None
    next_opening: datetime | None = None

    @property
    def opens_today(self) -> bool:
        return bool(self.next_opening and self.next_opening.date() == self.at.date())

    @property
    def opens_tomorrow(self) -> bool:
        return bool(
            self.next_opening and self.next_opening.date() == self.at.date() + timedelta(days=1)
        )

    @property
    def opens_within_a_week(self) -> bool:
        return bool(self.next_opening and self.next_opening.date() < self.at.date() + timedelta(7))


@dataclass
class _Calendar:
    """A location's periods and exceptions, read once, asked day by day."""

    location: Location
    periods: list[HoursPeriod] = field(init=False)
    exceptions: list[HoursException] = field(init=False)

    def __post_init__(self):
        # Reads the prefetched periods and exceptions when there are some (see centre_location).
        self.periods = sorted(self.location.periods.all(), key=lambda p: p.valid_from)
        self.exceptions = sorted(self.location.exceptions.all(), key=lambda e: e.starts_on)

    def period_on(self, day: date) -> HoursPeriod | None:
        return next((p for p in self.periods if p.covers(day)), None)

    def exception_on(self, day: date) -> HoursException | None:
        return next((e for e in self.exceptions if e.covers(day)), None)

    def plan(self, day: date) -> DayPlan:
        exception = self.exception_on(day)
        holiday = holiday_name(day)
        if exception is not None:
            rows = [] if exception.is_closed else exception.hours.all()
            return DayPlan(day, _merged(rows), holiday=holiday, exception=exception)
        if holiday is not None and self.location.closed_on_public_holidays:
            return DayPlan(day, [], holiday=holiday)
        period = self.period_on(day)
        rows = [row for row in period.hours.all() if row.weekday == day.weekday()] if period else []
        return DayPlan(day, _merged(rows), holiday=holiday)

    def plans(self, start: date) -> Iterator[DayPlan]:
        day = start
        while True:
            yield self.plan(day)
            day += timedelta(days=1)


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(at: datetime) -> date:
    return at.astimezone(site_zone()).date()


def _merged(rows) -> list[Interval]:
    """Intervals sorted by time; adjacent or overlapping ones read as one (9–13 and 13–17 is
    "open until 17:00")."""
    merged: list[Interval] = []
    for row in sorted(rows, key=lambda row: row.opens):
        if merged and row.opens <= merged[-1].closes:
            merged[-1] = Interval(merged[-1].opens, max(merged[-1].closes, row.closes))
        else:
            merged.append(Interval(row.opens, row.closes))
    return merged


def centre_location(*, at: datetime) -> Location | None:
    """The welcome centre's own location with what is needed to plan its days from ``at`` on,
    or None before the content is loaded."""
    return _with_hours(Location.objects.centre(), at=at).first()


def location_with_hours(*, pk: int, at: datetime) -> Location | None:
    return _with_hours(Location.objects.filter(pk=pk), at=at).first()


def _with_hours(locations, *, at: datetime):
    return locations.prefetch_related(
        Prefetch("periods", queryset=HoursPeriod.objects.prefetch_related("hours")),
        Prefetch(
            "exceptions",
            queryset=HoursException.objects.filter(ends_on__gte=local_date(at)).prefetch_related(
                "hours"
            ),
        ),
    )


def day_plans(*, location: Location, start: date, days: int) -> list[DayPlan]:
    """``days`` consecutive days from ``start``, each as visitors see it."""
    plans = _Calendar(location).plans(start)
    return [next(plans) for _ in range(days)]


def _week(period: HoursPeriod) -> WeekSchedule:
    return WeekSchedule(
        period,
        [
            DayHours(
                day,
                str(Weekday(day).label),
                _merged([row for row in period.hours.all() if row.weekday == day]),
            )
            for day in Weekday.values
        ],
    )


def weekly_schedule(*, location: Location, at: datetime) -> Schedule:
    """The weekly hours in force on the day of ``at``, and the next period if one is entered."""
    return _schedule(location.periods.all(), today=local_date(at))


def _schedule(periods, *, today: date) -> Schedule:
    periods = sorted(periods, key=lambda p: p.valid_from)
    current = next((p for p in periods if p.covers(today)), None)
    upcoming = next((p for p in periods if p.valid_from > today), None)
    return Schedule(
        current=_week(current) if current else None,
        upcoming=_week(upcoming) if upcoming else None,
    )


@dataclass(frozen=True)
class CentreWeek:
    """The welcome centre's location and its weekly hours."""

    location: Location
    schedule: Schedule


def centre_week(*, at: datetime) -> CentreWeek | None:
    """The welcome centre's location and its weekly hours on the day of ``at`` (not its
    exceptions), or None before the content is loaded.

    Printed with every page: two queries, the periods with their location and their hours
    (a third for the location only while it has no period)."""
    periods = list(
        HoursPeriod.objects.filter(location__is_centre=True)
        .select_related("location")
        .prefetch_related("hours")
    )
    if periods:
        location = periods[0].location
        periods = [period for period in periods if period.location_id == location.pk]
    else:
        location = Location.objects.centre().first()
        if location is None:
            return None
    return CentreWeek(location, _schedule(periods, today=local_date(at)))


def opening_status(*, location: Location, at: datetime) -> OpeningStatus:
    """Open or closed at ``at``; when open, until when; when closed, when it opens next.

    An interval includes its opening minute and excludes its closing minute: a location that
    closes at 17:00 is closed at 17:00 sharp.
    """
    local = at.astimezone(site_zone())
    plans = _Calendar(location).plans(local.date())
    today = next(plans)
    for interval in today.intervals:
        if today.at(interval.opens) <= local < today.at(interval.closes):
            closes_at = today.at(interval.closes)
            return OpeningStatus(
                at=local, today=today, is_open=True, closes_at=closes_at, changes_at=closes_at
            )

    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=site_zone())
    next_opening = next(
        (today.at(i.opens) for i in today.intervals if today.at(i.opens) > local), None
    )
    if next_opening is None:
        for _ in range(NEXT_OPENING_HORIZON_DAYS):
            plan = next(plans)
            if plan.intervals:
                next_opening = plan.at(plan.intervals[0].opens)
                break
    return OpeningStatus(
        at=local,
        today=today,
        is_open=False,
        next_opening=next_opening,
        changes_at=min(next_opening, midnight) if next_opening else midnight,
    )


def announced_exceptions(*, at: datetime) -> list[HoursException]:
    """The centre's exceptions whose notice shows on the day of ``at`` (upcoming or current)."""
    today = local_date(at)
    upcoming = (
        HoursException.objects.filter(
            location__is_centre=True,
            ends_on__gte=today,
            starts_on__lte=today + timedelta(days=365),
        )
        .prefetch_related("hours")
        .order_by("starts_on")
    )
    return [exception for exception in upcoming if exception.announced_on(today)]
