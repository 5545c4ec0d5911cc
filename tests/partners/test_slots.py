"""Partners' consultation slots: when they recur, when they are cancelled, how editors enter
them, and what visitors see on the partner page."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from hours.models import HoursException
from hours.selectors import day_plans
from partners.models import ConsultationSlot
from partners.selectors import slot_occurrences
from tests.factories import make_centre, make_offer, make_partner, make_slot, make_user
from wzl_site.operations import roles_ensure

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY, WEDNESDAY, THURSDAY = 1, 2, 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slot", "day", "expected"),
    [
        ({"weekday": 0}, date(2026, 11, 16), True),
        ({"weekday": 0}, date(2026, 11, 17), False),
        ({"weekday": 0, "starts_on": date(2026, 11, 20)}, date(2026, 11, 16), False),
        ({"weekday": 0, "ends_on": date(2026, 11, 30)}, date(2026, 11, 30), True),
        ({"weekday": 0, "ends_on": date(2026, 11, 30)}, date(2026, 12, 7), False),
        # Every other week from Tuesday 24 November 2026.
        ({"recurrence": "biweekly", "weekday": TUESDAY}, date(2026, 11, 17), False),
        ({"recurrence": "biweekly", "weekday": TUESDAY}, date(2026, 11, 24), True),
        ({"recurrence": "biweekly", "weekday": TUESDAY}, date(2026, 12, 1), False),
        ({"recurrence": "biweekly", "weekday": TUESDAY}, date(2026, 12, 8), True),
        # The first Monday of the month.
        ({"recurrence": "monthly", "week_of_month": 1}, date(2026, 12, 7), True),
        ({"recurrence": "monthly", "week_of_month": 1}, date(2026, 12, 14), False),
        ({"recurrence": "monthly", "week_of_month": 1}, date(2026, 11, 30), False),
        # The last Thursday of the month.
        ({"recurrence": "monthly", "weekday": THURSDAY, "week_of_month": -1}, date(2026, 11, 26), True),
        ({"recurrence": "monthly", "weekday": THURSDAY, "week_of_month": -1}, date(2026, 11, 19), False),
        ({"recurrence": "monthly", "weekday": THURSDAY, "week_of_month": -1}, date(2026, 12, 31), True),
        ({"recurrence": "monthly", "weekday": THURSDAY, "week_of_month": -1}, date(2026, 12, 24), False),
    ],
)  # fmt: skip
def test_slot_occurs_on_the_days_of_its_rhythm(slot, day, expected):
    starts_on = date(2026, 11, 24) if slot.get("recurrence") == "biweekly" else date(2026, 11, 1)
    assert make_slot(**({"starts_on": starts_on} | slot)).occurs_on(day) is expected


def fortnight(centre):
    return slot_occurrences(plans=day_plans(location=centre, start=date(2026, 11, 16), days=14))


@pytest.mark.django_db
def test_a_wednesday_slot_is_cancelled_on_repentance_day_and_takes_place_a_week_later():
    centre = make_centre()
    slot = make_slot(weekday=WEDNESDAY, opens=time(10), closes=time(12))

    days = fortnight(centre)

    assert list(days) == [date(2026, 11, 16) + timedelta(days=n) for n in range(14)]
    assert days[date(2026, 11, 18)] == []
    [occurrence] = days[date(2026, 11, 25)]
    assert occurrence.slot == slot and occurrence.partner == slot.offer.partner
    assert occurrence.starts == datetime(2026, 11, 25, 10, tzinfo=BERLIN)
    assert occurrence.ends == datetime(2026, 11, 25, 12, tzinfo=BERLIN)
    assert occurrence.starts.utcoffset().total_seconds() == 3600


@pytest.mark.django_db
def test_a_closure_of_the_centre_cancels_the_slot():
    centre = make_centre()
    make_slot(weekday=WEDNESDAY)
    HoursException.objects.create(
        location=centre,
        kind="closed",
        starts_on=date(2026, 11, 23),
        ends_on=date(2026, 11, 27),
        reason_de="Betriebsferien",
    )

    days = fortnight(centre)

    assert days[date(2026, 11, 25)] == []
    assert days[date(2026, 11, 18)] == []  # the public holiday
    assert list(days) == sorted(days) and len(days) == 14


@pytest.mark.django_db
def test_only_public_offers_slots_are_listed():
    centre = make_centre()
    shown = make_slot(weekday=0)
    make_slot(offer=make_offer(is_published=False), weekday=0)
    make_slot(offer=make_offer(partner=make_partner(is_published=False)), weekday=0)

    assert [o.slot for o in fortnight(centre)[date(2026, 11, 16)]] == [shown]


@pytest.mark.django_db
def test_occurrences_are_sorted_by_start_then_partner_and_carry_appointment_only():
    centre = make_centre()
    first, second = make_partner(order=1), make_partner(order=2)
    late = make_slot(offer=make_offer(partner=first), weekday=0, opens=time(14), closes=time(16))
    early = make_slot(offer=make_offer(partner=second), weekday=0, appointment_only=True)
    same_time = make_slot(offer=make_offer(partner=first), weekday=0)

    monday = fortnight(centre)[date(2026, 11, 16)]

    assert [o.slot for o in monday] == [same_time, early, late]
    assert [o.appointment_only for o in monday] == [False, True, False]


@pytest.mark.django_db
def test_occurrences_take_one_query_however_many_slots(django_assert_num_queries):
    centre = make_centre()
    for weekday in range(5):
        make_slot(weekday=weekday)
        make_slot(weekday=weekday, opens=time(14), closes=time(16), appointment_only=True)
    plans = day_plans(location=centre, start=date(2026, 11, 16), days=14)

    with django_assert_num_queries(1):
        days = slot_occurrences(plans=plans)
        partners = {o.partner.name for day in days.values() for o in day}

    assert len(partners) == 10


@pytest.mark.django_db
def test_slots_that_ended_or_have_not_started_are_not_listed():
    centre = make_centre()
    make_slot(weekday=0, ends_on=date(2026, 11, 15))
    make_slot(weekday=0, starts_on=date(2026, 12, 1))
    current = make_slot(weekday=0, starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 16))

    days = fortnight(centre)

    assert [o.slot for o in days[date(2026, 11, 16)]] == [current]
    assert days[date(2026, 11, 23)] == []


# The admin: partner editors enter the slots with their offer.


@pytest.fixture
def partner_editor(db):
    _editors, partner_editors = roles_ensure()
    user = make_user(groups=[partner_editors])
    offer = make_offer()
    offer.partner.editors.add(user)
    return user, offer


def post_offer(client, offer, **slot):
    """The offer's change form as the admin submits it, with one new slot."""
    data = {
        "partner": offer.partner_id,
        "title_de": offer.title_de,
        "description_de": "",
        "order": 0,
        "is_published": "on",
        "appointment_required": "unknown",
        "slots-TOTAL_FORMS": 1,
        "slots-INITIAL_FORMS": 0,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 1000,
        "slots-0-id": "",
        "slots-0-offer": offer.pk,
        "slots-0-recurrence": "weekly",
        "slots-0-weekday": THURSDAY,
        "slots-0-week_of_month": "",
        "slots-0-opens": "13:00",
        "slots-0-closes": "17:00",
        "slots-0-starts_on": "2026-11-01",
        "slots-0-ends_on": "",
    }
    data |= {f"slots-0-{name}": value for name, value in slot.items()}
    return client.post(
        reverse("admin:partners_offer_change", args=[offer.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_partner_editor_adds_a_slot_to_their_offer_for_review(client, partner_editor):
    from partners.models import PendingChange
    from partners.operations import pending_change_approve

    user, offer = partner_editor
    client.force_login(user)

    response = post_offer(client, offer, appointment_only="on")

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not ConsultationSlot.objects.filter(offer=offer).exists()  # waits for review
    change = PendingChange.objects.get()
    pending_change_approve(change=change, user=make_user(is_superuser=True), at=change.submitted_at)
    slot = ConsultationSlot.objects.get(offer=offer)
    assert (slot.weekday, slot.opens, slot.closes) == (THURSDAY, time(13), time(17))
    assert slot.appointment_only is True


@pytest.mark.parametrize(
    ("slot", "message"),
    [
        (
            {"opens": "17:00", "closes": "13:00"},
            "The slot must end after it starts, on the same day (before midnight).",
        ),
        ({"recurrence": "monthly"}, "Choose which weekday of the month"),
        ({"week_of_month": -1}, "Only a monthly slot has a week of the month."),
        (
            {"starts_on": "2026-11-01", "ends_on": "2026-10-01"},
            "The last day must not be before the first day.",
        ),
    ],
)
def test_a_wrong_slot_is_refused_with_a_message_and_nothing_is_saved(
    client, partner_editor, slot, message
):
    user, offer = partner_editor
    client.force_login(user)

    response = post_offer(client, offer, **(slot | {"appointment_only": "on"}))

    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "errorlist")
    assert not ConsultationSlot.objects.exists()


def test_partner_editor_cannot_add_a_slot_to_another_partners_offer(client, partner_editor):
    user, _offer = partner_editor
    other = make_offer()
    client.force_login(user)

    response = post_offer(client, other)

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert not ConsultationSlot.objects.exists()


# The partner page.


@pytest.mark.django_db
def test_partner_page_shows_the_consultation_hours_of_each_offer(client):
    offer = make_offer(title_en="Legal advice")
    make_slot(
        offer=offer,
        recurrence="monthly",
        weekday=THURSDAY,
        week_of_month=-1,
        opens=time(13),
        closes=time(17),
        appointment_only=True,
    )
    make_slot(  # ended: not shown
        offer=offer, weekday=0, starts_on=date(2000, 1, 1), ends_on=date(2000, 1, 31)
    )

    response = client.get(f"/en/partners/{offer.partner.slug}/")

    assertContains(response, "Consultation hours at the Welcome Centre")
    assertContains(response, '<th scope="row">Thursday</th>', html=False)
    assertContains(response, "once a month: last")
    assertContains(response, "<bdi>13:00–17:00</bdi>", html=False)
    assertContains(response, "appointment only")
    assertContains(response, '<th scope="row">Monday</th>', count=0, html=False)
    assertContains(response, f'href="{reverse("calendar")}"', html=False)


@pytest.mark.django_db
def test_partner_page_queries_do_not_grow_with_slots(client):
    partner = make_partner()
    make_slot(offer=make_offer(partner=partner))
    with CaptureQueriesContext(connection) as few:
        client.get(f"/de/partners/{partner.slug}/")
    for _ in range(4):
        offer = make_offer(partner=partner)
        for weekday in range(3):
            make_slot(offer=offer, weekday=weekday)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/de/partners/{partner.slug}/")

    assert response.status_code == 200
    assert len(many) == len(few)
