"""What the API reads: the same published content as the public pages, each with its relations
in a fixed number of queries however much there is."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet

from hours.models import HoursException, Location
from hours.public_holidays import holiday_name, holidays_between
from hours.selectors import WeekSchedule, centre_location, local_date, weekly_schedule
from partners.models import ConsultationSlot, Offer, Partner
from services.models import GuideTopic, Material, Office, TargetGroup, Topic

# How far ahead the API lists public holidays.
HOLIDAY_DAYS = 365


def public_topics() -> QuerySet[Topic]:
    return Topic.objects.published()


def public_target_groups() -> QuerySet[TargetGroup]:
    """Published groups with their guides (``published_guide``: published topics, in order)."""
    guide = GuideTopic.objects.filter(topic__is_published=True).select_related("topic")
    return TargetGroup.objects.published().prefetch_related(
        Prefetch("guide_topics", queryset=guide, to_attr="published_guide")
    )


def public_offers(*, on: date) -> QuerySet[Offer]:
    """Public offers (published, of published partners) with their published topics and
    groups, their languages and their slots not ended before ``on``, as the partner pages."""
    return Offer.objects.public().prefetch_related(
        Prefetch("topics", queryset=Topic.objects.published()),
        Prefetch("target_groups", queryset=TargetGroup.objects.published()),
        "languages",
        Prefetch("slots", queryset=ConsultationSlot.objects.not_ended(on=on)),
    )


def public_partners(*, on: date) -> QuerySet[Partner]:
    """Published partners as approved (never a change waiting for review), each with its public
    offers (``public_offers``)."""
    return Partner.objects.published().prefetch_related(
        Prefetch("offers", queryset=public_offers(on=on), to_attr="public_offers")
    )


def public_offices() -> QuerySet[Office]:
    return Office.objects.published().prefetch_related(
        Prefetch("topics", queryset=Topic.objects.published())
    )


def public_materials() -> QuerySet[Material]:
    """Published materials (of the centre, or of published partners) with their published
    topics and groups."""
    return (
        Material.objects.published()
        .select_related("partner")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.published()),
            Prefetch("target_groups", queryset=TargetGroup.objects.published()),
        )
    )


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str


@dataclass(frozen=True)
class CentreHours:
    """The centre's location, the weekly hours in force and the next ones (as the visit page),
    its exceptions not over yet and the public holidays of the coming year."""

    location: Location
    periods: list[WeekSchedule]
    exceptions: list[HoursException]
    public_holidays: list[Holiday]


def centre_hours(*, at: datetime) -> CentreHours | None:
    """The centre's hours as of ``at``; None before the content is loaded."""
    location = centre_location(at=at)
    if location is None:
        return None
    schedule = weekly_schedule(location=location, at=at)
    today = local_date(at)
    return CentreHours(
        location=location,
        periods=[week for week in (schedule.current, schedule.upcoming) if week is not None],
        exceptions=sorted(location.exceptions.all(), key=lambda exception: exception.starts_on),
        public_holidays=[
            Holiday(day, holiday_name(day))
            for day in holidays_between(today, today + timedelta(days=HOLIDAY_DAYS))
        ],
    )
