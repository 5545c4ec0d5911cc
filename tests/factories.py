"""Small factories for test data: each makes one valid record, overrides win."""

from datetime import date, time
from itertools import count

from django.contrib.auth import get_user_model

from hours.models import HoursPeriod, Location, WeeklyHours
from partners.models import (
    ConsultationSlot,
    CounsellingLanguage,
    Offer,
    Partner,
    PartnerKind,
)
from services.models import GuideTopic, TargetGroup, Topic

_numbers = count(1)


def make_topic(**overrides) -> Topic:
    n = next(_numbers)
    fields = {"slug": f"topic-{n}", "title_de": f"Thema {n}", "summary_de": f"Kurz {n}"}
    return Topic.objects.create(**(fields | overrides))


def make_target_group(*, topics=(), **overrides) -> TargetGroup:
    n = next(_numbers)
    fields = {"slug": f"group-{n}", "name_de": f"Gruppe {n}", "label_de": f"Ich bin {n}"}
    group = TargetGroup.objects.create(**(fields | overrides))
    for order, topic in enumerate(topics, start=1):
        GuideTopic.objects.create(targetgroup=group, topic=topic, order=order)
    return group


def make_partner(**overrides) -> Partner:
    n = next(_numbers)
    fields = {"slug": f"partner-{n}", "name_de": f"Partner {n}", "kind": PartnerKind.ON_SITE}
    return Partner.objects.create(**(fields | overrides))


def make_language(**overrides) -> CounsellingLanguage:
    n = next(_numbers)
    fields = {"code": f"l{n}", "name_de": f"Sprache {n}"}
    return CounsellingLanguage.objects.create(**(fields | overrides))


def make_offer(*, partner=None, topics=(), target_groups=(), languages=(), **overrides) -> Offer:
    n = next(_numbers)
    fields = {"title_de": f"Angebot {n}", "partner": partner or make_partner()}
    offer = Offer.objects.create(**(fields | overrides))
    offer.topics.set(topics)
    offer.target_groups.set(target_groups)
    offer.languages.set(languages)
    return offer


def make_centre(
    hours=((0, 13, 17), (2, 9, 13), (3, 13, 17), (4, 9, 13)),
    valid_from=date(2018, 4, 11),
    **overrides,
) -> Location:
    """The centre with one period of weekly hours: (weekday, opening hour, closing hour)."""
    fields = {
        "slug": "wzl",
        "is_centre": True,
        "name_de": "Willkommenszentrum Leipzig",
        "street": "Otto-Schill-Straße 2",
        "city": "Leipzig",
    }
    location = Location.objects.create(**(fields | overrides))
    make_period(location=location, hours=hours, valid_from=valid_from)
    return location


def make_period(*, location, hours=(), valid_from=date(2018, 4, 11), valid_until=None):
    period = HoursPeriod.objects.create(
        location=location, valid_from=valid_from, valid_until=valid_until
    )
    for weekday, opens, closes in hours:
        WeeklyHours.objects.create(
            period=period,
            weekday=weekday,
            opens=opens if isinstance(opens, time) else time(opens),
            closes=closes if isinstance(closes, time) else time(closes),
        )
    return period


def make_exception(*, location, starts_on, ends_on=None, hours=(), **overrides):
    """A closure, or special hours when ``hours`` (opening, closing) pairs are given."""
    from hours.models import ExceptionHours, ExceptionKind, HoursException

    fields = {
        "kind": ExceptionKind.SPECIAL_HOURS if hours else ExceptionKind.CLOSED,
        "reason_de": "Betriebsferien",
        "reason_en": "Staff holidays",
    }
    exception = HoursException.objects.create(
        location=location, starts_on=starts_on, ends_on=ends_on or starts_on, **(fields | overrides)
    )
    for opens, closes in hours:
        ExceptionHours.objects.create(exception=exception, opens=opens, closes=closes)
    return exception


def make_user(*, groups=(), **overrides):
    n = next(_numbers)
    fields = {"username": f"user-{n}", "is_staff": True}
    user = get_user_model().objects.create_user(
        password="a-long-test-password", **(fields | overrides)
    )
    user.groups.set(groups)
    return user


def make_slot(*, offer=None, **overrides) -> ConsultationSlot:
    """A weekly Monday slot, 10:00–12:00, from 1 January 2026."""
    fields = {
        "offer": offer or make_offer(),
        "recurrence": "weekly",
        "weekday": 0,
        "opens": time(10),
        "closes": time(12),
        "starts_on": date(2026, 1, 1),
    }
    slot = ConsultationSlot(**(fields | overrides))
    slot.full_clean()
    slot.save()
    return slot


def make_material(*, topics=(), target_groups=(), **overrides):
    """A published link to a material in Arabic, unless ``overrides`` say otherwise."""
    from services.models import Material

    fields = {
        "title_de": f"Merkblatt {next(_numbers)}",
        "language": "ar",
        "url": "https://example.org/merkblatt.pdf",
        "is_published": True,
    }
    material = Material.objects.create(**(fields | overrides))
    material.topics.set(topics)
    material.target_groups.set(target_groups)
    return material


def make_office(*, topics=(), **overrides):
    """A published office people are referred to, with fictional details."""
    from services.models import Office

    n = next(_numbers)
    fields = {"name_de": f"Amt {n}", "address": f"Beispielweg {n}\n00000 Musterstadt"}
    office = Office.objects.create(**(fields | overrides))
    office.topics.set(topics)
    return office


def make_legal_page(*, kind="imprint", sections=(), **overrides):
    """A legal page of ``kind``; ``sections`` as dicts of LegalSection fields (``key`` …)."""
    from wzl_site.models import LegalPage

    page = LegalPage.objects.create(**({"kind": kind, "title_de": f"Seite {kind}"} | overrides))
    for order, section in enumerate(sections, start=1):
        page.sections.create(**({"order": order, "key": f"part-{order}"} | section))
    return page
