from dataclasses import dataclass
from datetime import date, datetime

from hours.selectors import DayPlan
from partners.models import ConsultationSlot, Offer, Partner, PartnerKind


@dataclass(frozen=True)
class PartnerGroup:
    kind: str
    label: str
    partners: list[Partner]


def partners_by_kind() -> list[PartnerGroup]:
    """Published partners grouped by kind, in the order of the kinds; empty kinds left out."""
    partners = list(Partner.objects.published())
    groups = [
        PartnerGroup(kind, str(label), [p for p in partners if p.kind == kind])
        for kind, label in PartnerKind.choices
    ]
    return [group for group in groups if group.partners]


@dataclass(frozen=True)
class SlotOccurrence:
    """One consultation slot on one day; times are aware, in the site's time zone."""

    slot: ConsultationSlot
    offer: Offer
    partner: Partner
    starts: datetime
    ends: datetime

    @property
    def appointment_only(self) -> bool:
        return self.slot.appointment_only


def slot_occurrences(*, plans: list[DayPlan]) -> dict[date, list[SlotOccurrence]]:
    """The consultation slots of public offers on each planned day, by start then partner.

    Every plan's day is a key, in the order of ``plans``; a day whose plan cancels appointments
    (a public holiday, a closure of the centre) has an empty list. One query, however many slots.
    """
    occurrences: dict[date, list[SlotOccurrence]] = {plan.day: [] for plan in plans}
    if not plans:
        return occurrences
    first, last = min(occurrences), max(occurrences)
    slots = list(
        ConsultationSlot.objects.filter(offer__in=Offer.objects.public(), starts_on__lte=last)
        .not_ended(on=first)
        .select_related("offer__partner")
    )
    for plan in plans:
        if plan.cancels_appointments:
            continue
        day = [
            SlotOccurrence(
                slot=slot,
                offer=slot.offer,
                partner=slot.offer.partner,
                starts=plan.at(slot.opens),
                ends=plan.at(slot.closes),
            )
            for slot in slots
            if slot.occurs_on(plan.day)
        ]
        day.sort(
            key=lambda o: (o.starts, o.partner.order, o.partner.slug, o.offer.order, o.offer.pk)
        )
        occurrences[plan.day] = day
    return occurrences
