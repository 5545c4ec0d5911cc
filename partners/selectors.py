import json
import posixpath
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from modeltranslation.translator import translator

from hours.models import Recurrence, Weekday, WeekOfMonth
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


# A change for review stores its values as JSON; these read published values the same way.
SLOTS = "slots"
SLOT_FIELDS = [
    "recurrence",
    "weekday",
    "week_of_month",
    "opens",
    "closes",
    "starts_on",
    "ends_on",
    "appointment_only",
]


def plain_value(value):
    """A value as it is stored in JSON, so that stored and current values compare equal."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _slot_values(slot) -> dict:
    return plain_value({name: getattr(slot, name) for name in SLOT_FIELDS})


def sorted_slots(slots: list[dict]) -> list[dict]:
    return sorted(slots, key=lambda s: json.dumps(s, sort_keys=True))


def current_value(obj: models.Model, name: str):
    """The published value of one reviewed field, in the form changes store it."""
    if name == SLOTS:
        return sorted_slots([_slot_values(slot) for slot in obj.slots.all()])
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    if isinstance(field, models.FileField):  # the stored file's name; "" for none
        return field.value_from_object(obj).name or ""
    return plain_value(field.value_from_object(obj))


@dataclass(frozen=True)
class ComparedValue:
    """One field (in one language) of a change for review: published and submitted."""

    label: str
    language: str
    published: str
    submitted: str
    conflict: bool = False  # the published value changed since the change was submitted

    @property
    def changed(self) -> bool:
        return self.published != self.submitted


def _shown(obj, name: str, value) -> str:
    """A stored value as a reviewer reads it."""
    if value in (None, "", []):
        return "–"
    if name == SLOTS:
        return "\n".join(_slot_line(slot) for slot in value) or "–"
    field = obj._meta.get_field(name)
    if field.many_to_many:
        names = {item.pk: str(item) for item in field.related_model.objects.filter(pk__in=value)}
        return ", ".join(names.get(pk, f"#{pk}") for pk in value)
    if isinstance(field, models.FileField):
        return _file_line(field.storage, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _file_line(storage: Storage, name: str) -> str:
    """A stored file as "3f2a….pdf (1.2 MB)"; a file that is gone, by its name alone."""
    try:
        size = storage.size(name)
    except OSError:
        return posixpath.basename(name)
    return f"{posixpath.basename(name)} ({filesizeformat(size)})"


def _slot_line(slot: dict) -> str:
    rhythm = str(Recurrence(slot["recurrence"]).label)
    if slot.get("week_of_month"):
        rhythm += f" ({WeekOfMonth(slot['week_of_month']).label})"
    line = f"{Weekday(slot['weekday']).label} {slot['opens'][:5]}–{slot['closes'][:5]}, {rhythm}"
    line += f", {slot['starts_on']}" + (f" – {slot['ends_on']}" if slot.get("ends_on") else "")
    if slot.get("appointment_only"):
        line += f", {pgettext('consultation slot', 'appointment only')}"
    return line


def change_comparison(*, change) -> list[ComparedValue]:
    """The change field by field and language by language, beside what is published now."""
    target = change.target
    model = type(target)
    translated = translator.get_options_for_model(model).all_fields if model else {}
    column_of = {
        column.name: (name, column.language)
        for name, columns in translated.items()
        for column in columns
    }
    languages = dict(settings.LANGUAGES)
    rows = []
    for name, submitted in change.data.items():
        # While it waits, beside what is published now; once decided, beside what was
        # published when it was submitted (the record of what the decision was about).
        published = current_value(target, name) if change.is_pending else change.base.get(name)
        if name in column_of:
            base_name, code = column_of[name]
            label = model._meta.get_field(base_name).verbose_name
            language = str(languages.get(code, code))
        elif name == SLOTS:
            label, language = ConsultationSlot._meta.verbose_name_plural, ""
        else:
            label, language = model._meta.get_field(name).verbose_name, ""
        rows.append(
            ComparedValue(
                label=str(label),
                language=language,
                published=_shown(target, name, published),
                submitted=_shown(target, name, submitted),
                conflict=published != change.base.get(name),
            )
        )
    return rows


@dataclass(frozen=True)
class SubmittedFile:
    storage: Storage
    name: str


def submitted_file(*, change) -> SubmittedFile | None:
    """The file a change submits (for a new entry, the one it was created with), while it is
    stored; None when the change has none or it was deleted (the change was rejected)."""
    target = change.target
    if target is None:
        return None
    for field in type(target)._meta.concrete_fields:
        if not isinstance(field, models.FileField):
            continue
        if field.name in change.data:
            name = change.data[field.name]
        else:
            name = current_value(target, field.name) if change.is_new else ""
        if name and field.storage.exists(name):
            return SubmittedFile(storage=field.storage, name=name)
    return None
