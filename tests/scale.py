"""More content than the seed, for tests and benchmarks that must not slow down as it grows.

``fill_content(factor=10)`` on top of the seed content (``content_load()``) gives ten times the
seed: the pages then list ten times as many topics, groups and partners, and the detail pages
ten times as many offers, slots and links.
"""

from datetime import time, timedelta

from django.conf import settings
from django.utils import timezone

from hours.models import Location, Recurrence, WeekOfMonth
from hours.selectors import local_date
from partners.models import CounsellingLanguage, Offer, Partner
from services.models import TargetGroup, Topic
from tests.factories import (
    make_exception,
    make_offer,
    make_office,
    make_partner,
    make_slot,
    make_target_group,
    make_topic,
)

# Languages of counselling the added offers name, three each (the seed loads all of ISO 639).
OFFER_LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "ro", "pl", "vi", "es"]
# Rhythms of the added consultation slots, in turn: (recurrence, which week of the month).
SLOT_RHYTHMS = [
    (Recurrence.WEEKLY, None),
    (Recurrence.BIWEEKLY, None),
    (Recurrence.MONTHLY, WeekOfMonth.FIRST),
    (Recurrence.WEEKLY, None),
    (Recurrence.BIWEEKLY, None),
    (Recurrence.MONTHLY, WeekOfMonth.LAST),
]
# Exceptions: one every EXCEPTION_SPACING days from EXCEPTION_FIRST_DAY days ahead, so that the
# first step's fall within the 14-day notice window and the later ones over the next months.
EXCEPTIONS_PER_STEP = 4
EXCEPTION_FIRST_DAY = 2
EXCEPTION_SPACING = 4


def fill_content(*, factor: int) -> None:
    """Add ``factor - 1`` times as much again of each kind of content as the seed has, published.

    Call it after ``wzl_site.operations.content_load()`` (the ``seed_content`` fixture). Every
    step adds:

    - a copy of each seed topic, with the seed's texts in every language it has, the title
      numbered (``work-2``, "Arbeit und Jobsuche 2");
    - a copy of each seed target group, linked to the step's copies of its original's topics and
      to those topics themselves; each seed group is linked to the copies too;
    - a copy of each seed partner, of the same kind;
    - one offer for every partner, the seed's and the step's (the seed has a single offer, so
      its partner pages would not grow otherwise), on two topics (a seed topic and a copy) with
      three counselling languages;
    - one consultation slot for each of these offers, every week, every other week or once a
      month (first or last), Monday to Friday between 9:00 and 16:30;
    - an office people are referred to for each seed topic, on the topic and on its copy;
    - four exceptions to the centre's hours (closures of one and of two days, special hours with
      one and with two intervals); the first step's fall within the 14-day notice window, so the
      notices show, the later ones over the following months.

    The seed has no consultation slots and no exceptions: the amounts above are what a step adds
    for them. Information materials do not exist yet (another issue); when they do, each step
    adds a copy of every seed material here too.
    """
    if factor < 1:
        raise ValueError("factor must be at least 1")
    seed_topics = list(Topic.objects.order_by("order", "slug"))
    seed_groups = [
        (group, list(group.topics.all()))
        for group in TargetGroup.objects.prefetch_related("topics").order_by("order", "slug")
    ]
    seed_partners = list(Partner.objects.order_by("order", "slug"))
    centre = Location.objects.centre().get()
    languages = list(CounsellingLanguage.objects.filter(code__in=OFFER_LANGUAGES).order_by("code"))
    today = local_date(timezone.now())
    offer_count = Offer.objects.count()

    for step in range(2, factor + 1):
        copies = {}
        for topic in seed_topics:
            copies[topic.pk] = make_topic(
                slug=f"{topic.slug}-{step}",
                order=topic.order + step * len(seed_topics),
                **_texts(topic, ["title", "summary", "body"], number=step, numbered=["title"]),
            )
        for group, originals in seed_groups:
            make_target_group(
                topics=[*originals, *(copies[topic.pk] for topic in originals)],
                slug=f"{group.slug}-{step}",
                order=group.order + step * len(seed_groups),
                **_texts(group, ["name", "label", "description"], number=step, numbered=["name"]),
            )
            group.topics.add(*(copies[topic.pk] for topic in originals))
        partners = [
            make_partner(
                slug=f"{partner.slug}-{step}",
                kind=partner.kind,
                order=partner.order + step * len(seed_partners),
                **_texts(partner, ["name", "description"], number=step, numbered=["name"]),
            )
            for partner in seed_partners
        ]
        for index, partner in enumerate(seed_partners + partners):
            topic = seed_topics[index % len(seed_topics)]
            offer = make_offer(
                partner=partner,
                topics=[topic, copies[topic.pk]],
                languages=[languages[(offer_count + k) % len(languages)] for k in range(3)],
                title_de=f"Beratung {offer_count}: {topic.title_de}",
                title_en=f"Counselling {offer_count}: {topic.title_en}",
                description_de="Beratung vor Ort im Willkommenszentrum.",
                description_en="Counselling on site at the Welcome Centre.",
                appointment_required=index % 3 == 0 or None,
                order=step,
            )
            recurrence, week_of_month = SLOT_RHYTHMS[offer_count % len(SLOT_RHYTHMS)]
            opens = 9 + offer_count % 7
            make_slot(
                offer=offer,
                recurrence=recurrence,
                week_of_month=week_of_month,
                weekday=offer_count % 5,
                opens=time(opens),
                closes=time(opens + 1, 30),
                starts_on=today - timedelta(days=offer_count % 14),
                appointment_only=offer_count % 4 == 0,
            )
            offer_count += 1
        # Offices people are referred to (the seed has none): one per seed topic, on the topic
        # and its copy, with every detail a topic page shows.
        for index, topic in enumerate(seed_topics):
            office = make_office(
                name_de=f"Beispielamt {step}-{index}",
                name_en=f"Example office {step}-{index}",
                description_de="Stellt Beispielbescheinigungen aus.",
                hours_note_de="Montag 9–12 Uhr",
                phone="0341 000 00 00",
                email="amt@example.org",
                website="https://amt.example.org/",
                languages="de, en, ar",
                order=step,
            )
            office.topics.set([topic, copies[topic.pk]])
        for k in range(EXCEPTIONS_PER_STEP):
            n = (step - 2) * EXCEPTIONS_PER_STEP + k
            starts_on = today + timedelta(days=EXCEPTION_FIRST_DAY + EXCEPTION_SPACING * n)
            hours = [
                [],
                [(time(10), time(12))],
                [],
                [(time(9), time(11)), (time(14), time(16))],
            ][k]
            make_exception(
                location=centre,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=1 if k == 2 else 0),
                hours=hours,
                reason_de=f"Teamtag {n + 1}" if hours else f"Betriebsferien {n + 1}",
                reason_en=f"Team day {n + 1}" if hours else f"Staff holidays {n + 1}",
            )


def _texts(obj, names: list[str], *, number: int, numbered: list[str]) -> dict[str, str]:
    """The translated fields ``names`` of ``obj`` in every site language it has them in, with
    ``number`` after the texts of the fields ``numbered``."""
    texts = {}
    for name in names:
        for code, _name in settings.LANGUAGES:
            text = getattr(obj, f"{name}_{code}", None)
            if text:
                texts[f"{name}_{code}"] = f"{text} {number}" if name in numbered else text
    return texts
