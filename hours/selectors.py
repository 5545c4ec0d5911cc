"""Reads about when a location is open. Every function that depends on "now" takes ``at``."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from hours.models import CENTRE_SLUG, Location, Weekday


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time


@dataclass(frozen=True)
class DayHours:
    weekday: int
    name: str
    intervals: list[Interval]

    @property
    def is_closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class OpeningStatus:
    """Whether a location is open at an instant; times are in the site's time zone."""

    is_open: bool
    closes_at: datetime | None = None
    next_opening: datetime | None = None
    at: datetime | None = None

    @property
    def opens_today(self) -> bool:
        return bool(self.next_opening and self.at and self.next_opening.date() == self.at.date())

    @property
    def opens_tomorrow(self) -> bool:
        return bool(
            self.next_opening
            and self.at
            and self.next_opening.date() == self.at.date() + timedelta(days=1)
        )


def _site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _intervals_by_weekday(location: Location) -> dict[int, list[Interval]]:
    by_day: dict[int, list[Interval]] = {day: [] for day in Weekday.values}
    # Reads the location's prefetched hours when there are some (see centre_location).
    rows = sorted(location.weekly_hours.all(), key=lambda row: (row.weekday, row.opens))
    for row in rows:
        day = by_day[row.weekday]
        # Adjacent or overlapping intervals read as one: 9–13 and 13–17 is "open until 17:00".
        if day and row.opens <= day[-1].closes:
            day[-1] = Interval(day[-1].opens, max(day[-1].closes, row.closes))
        else:
            day.append(Interval(row.opens, row.closes))
    return by_day


def centre_location() -> Location | None:
    """The welcome centre's own location, or None before the content is loaded."""
    return Location.objects.prefetch_related("weekly_hours").filter(slug=CENTRE_SLUG).first()


def weekly_schedule(*, location: Location) -> list[DayHours]:
    """The seven days from Monday, each with its intervals (none when closed)."""
    by_day = _intervals_by_weekday(location)
    return [DayHours(day, str(Weekday(day).label), by_day[day]) for day in Weekday.values]


def opening_status(*, location: Location, at: datetime) -> OpeningStatus:
    """Open or closed at ``at``; when open, until when; when closed, when it opens next.

    An interval includes its opening minute and excludes its closing minute: a location that
    closes at 17:00 is closed at 17:00 sharp.
    """
    zone = _site_zone()
    local = at.astimezone(zone)
    by_day = _intervals_by_weekday(location)

    def local_dt(day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=zone)

    for interval in by_day[local.weekday()]:
        if (
            local_dt(local.date(), interval.opens)
            <= local
            < local_dt(local.date(), interval.closes)
        ):
            return OpeningStatus(
                is_open=True, closes_at=local_dt(local.date(), interval.closes), at=local
            )

    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for interval in by_day[day.weekday()]:
            starts = local_dt(day, interval.opens)
            if starts > local:
                return OpeningStatus(is_open=False, next_opening=starts, at=local)
    return OpeningStatus(is_open=False, at=local)
