"""Small factories for test data: each makes one valid record, overrides win."""

from datetime import time
from itertools import count

from django.contrib.auth import get_user_model

from hours.models import CENTRE_SLUG, Location, WeeklyHours
from partners.models import CounsellingLanguage, Offer, Partner, PartnerKind
from services.models import TargetGroup, Topic

_numbers = count(1)


def make_topic(**overrides) -> Topic:
    n = next(_numbers)
    fields = {"slug": f"topic-{n}", "title_de": f"Thema {n}", "summary_de": f"Kurz {n}"}
    return Topic.objects.create(**(fields | overrides))


def make_target_group(*, topics=(), **overrides) -> TargetGroup:
    n = next(_numbers)
    fields = {"slug": f"group-{n}", "name_de": f"Gruppe {n}", "label_de": f"Ich bin {n}"}
    group = TargetGroup.objects.create(**(fields | overrides))
    group.topics.set(topics)
    return group


def make_partner(**overrides) -> Partner:
    n = next(_numbers)
    fields = {"slug": f"partner-{n}", "name_de": f"Partner {n}", "kind": PartnerKind.ON_SITE}
    return Partner.objects.create(**(fields | overrides))


def make_language(**overrides) -> CounsellingLanguage:
    n = next(_numbers)
    fields = {"code": f"l{n}", "name_de": f"Sprache {n}"}
    return CounsellingLanguage.objects.create(**(fields | overrides))


def make_offer(*, partner=None, topics=(), languages=(), **overrides) -> Offer:
    n = next(_numbers)
    fields = {"title_de": f"Angebot {n}", "partner": partner or make_partner()}
    offer = Offer.objects.create(**(fields | overrides))
    offer.topics.set(topics)
    offer.languages.set(languages)
    return offer


def make_centre(hours=((0, 13, 17), (2, 9, 13), (3, 13, 17), (4, 9, 13)), **overrides) -> Location:
    fields = {
        "slug": CENTRE_SLUG,
        "name_de": "Willkommenszentrum Leipzig",
        "street": "Otto-Schill-Straße 2",
        "city": "Leipzig",
    }
    location = Location.objects.create(**(fields | overrides))
    for weekday, opens, closes in hours:
        WeeklyHours.objects.create(
            location=location, weekday=weekday, opens=time(opens), closes=time(closes)
        )
    return location


def make_user(*, groups=(), **overrides):
    n = next(_numbers)
    fields = {"username": f"user-{n}", "is_staff": True}
    user = get_user_model().objects.create_user(
        password="a-long-test-password", **(fields | overrides)
    )
    user.groups.set(groups)
    return user
