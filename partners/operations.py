"""Writes of the review workflow: a partner submits, the city approves or rejects, the partner
may withdraw. The published object changes only on approval, exactly as submitted."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import (
    EDIT_ANY_PARTNER,
    ChangeState,
    ConsultationSlot,
    Offer,
    Partner,
    PendingChange,
)
from partners.selectors import SLOTS, current_value, plain_value, sorted_slots
from services.models import Material

# What only the centre's editors decide; never taken from a partner's change.
STAFF_ONLY = {"id", "slug", "kind", "order", "is_published", "editors", "partner"}


class ReviewError(Exception):
    """The change cannot be decided as asked; the message says why."""


class ReviewConflict(ReviewError):
    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__(
            _(
                "The published entry has changed since this change was submitted "
                "(%(fields)s). Nothing was overwritten: reject the change with a note, so that "
                "the partner can submit it again on top of the current version."
            )
            % {"fields": ", ".join(fields)}
        )


def reviewed_fields(model: type[models.Model]) -> list[str]:
    """The fields a partner's change may carry for this model."""
    names = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and getattr(field, "editable", False)
        and field.name not in STAFF_ONLY
        and not (field.is_relation and not field.many_to_many)
    ]
    return [*names, SLOTS] if model is Offer else names


def _normalised(model: type[models.Model], name: str, value):
    if name == SLOTS:
        return sorted_slots([plain_value(slot) for slot in value])
    field = model._meta.get_field(name)
    if field.many_to_many:
        return sorted(item.pk if isinstance(item, models.Model) else int(item) for item in value)
    if isinstance(field, models.FileField):  # by the stored file's name; cleared: ""
        return value if isinstance(value, str) else getattr(value, "name", None) or ""
    return plain_value(value)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _uploads_stored(obj: models.Model, values: dict) -> dict[str, str]:
    """Store the files uploaded with a change (the form has validated them) in their fields'
    storage under a generated name, as a save of the object would; their names by field."""
    stored = {}
    for field in _file_fields(type(obj)):
        upload = values.get(field.name)
        if isinstance(upload, File) and not getattr(upload, "_committed", False):
            name = field.generate_filename(obj, upload.name)
            stored[field.name] = field.storage.save(name, upload, max_length=field.max_length)
    return stored


def _submitted_files_discard(obj: models.Model | None, data: dict) -> None:
    """Once committed, delete the files a change submitted that nobody will use: those that the
    published object does not use (a submitted file is never shared with another change)."""
    for field in _file_fields(type(obj)) if obj is not None else []:
        name = data.get(field.name)
        if name and name != current_value(obj, field.name):
            transaction.on_commit(lambda storage=field.storage, name=name: storage.delete(name))


def _staff_emails() -> list[str]:
    app_label, codename = EDIT_ANY_PARTNER.split(".")
    has_permission = models.Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | models.Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    users = get_user_model().objects.filter(models.Q(is_superuser=True) | has_permission)
    return sorted(
        set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )


def _mail(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )


@transaction.atomic
def pending_change_submit(
    *,
    obj: Partner | Offer | Material,
    values: dict,
    user,
    at: datetime,
    review_url: str = "",
    is_new: bool = False,
) -> PendingChange | None:
    """Record a partner's change to ``obj`` for review, or amend the one already waiting.

    ``values`` maps reviewed field names to the submitted values (topics and languages as
    objects or ids, slots as dicts, a file as an upload, or False to clear it). An upload is
    stored under a generated name, which the change keeps. Values equal to the published ones
    are dropped; when nothing is left to review, a waiting change is withdrawn and None
    returned. Files of the waiting change that this one replaces are deleted.
    """
    model = type(obj)
    allowed = set(reviewed_fields(model)) | ({"is_published"} if is_new else set())
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    stored = _uploads_stored(obj, values)
    try:
        return _submit(
            obj=obj,
            values={**values, **stored},
            user=user,
            at=at,
            review_url=review_url,
            is_new=is_new,
        )
    except Exception:
        for field_name, name in stored.items():  # no change keeps them
            obj._meta.get_field(field_name).storage.delete(name)
        raise


def _submit(
    *, obj, values: dict, user, at: datetime, review_url: str, is_new: bool
) -> PendingChange | None:
    model = type(obj)
    submitted = {name: _normalised(model, name, value) for name, value in values.items()}

    existing = PendingChange.objects.select_for_update().for_object(obj).pending().first()
    previous = dict(existing.data) if existing else {}
    data = {**previous, **submitted}
    base = {
        name: existing.base[name]
        if existing and name in existing.base
        else current_value(obj, name)
        for name in data
    }
    data = {name: value for name, value in data.items() if value != base[name]}
    _submitted_files_discard(
        obj, {name: value for name, value in previous.items() if data.get(name) != value}
    )
    if not data:
        if existing:
            existing.state = ChangeState.WITHDRAWN
            existing.decided_by, existing.decided_at = user, at
            existing.save()
        return None

    change = existing or PendingChange(
        partner=obj if isinstance(obj, Partner) else obj.partner,
        target=obj,
        is_new=is_new,
    )
    change.data = data
    change.base = {name: base[name] for name in data}
    change.submitted_by, change.submitted_at = user, at
    change.full_clean()
    change.save()
    with translation.override(settings.LANGUAGE_CODE):
        _mail(
            _staff_emails(),
            _("WZL website: a change by %(partner)s waits for review")
            % {"partner": change.partner},
            _("%(user)s submitted a change to “%(object)s”. Review it here: %(url)s")
            % {"user": user, "object": obj, "url": review_url},
        )
    return change


def _apply(target: models.Model, data: dict) -> None:
    model = type(target)
    many, slots = {}, None
    for name, value in data.items():
        if name == SLOTS:
            slots = value
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        else:
            setattr(target, field.attname, field.to_python(value))
    target.full_clean()
    target.save()
    for name, ids in many.items():
        getattr(target, name).set(ids)
    if slots is not None:
        target.slots.all().delete()
        for values in slots:
            slot = ConsultationSlot(offer=target, **values)
            for name in ("opens", "closes", "starts_on", "ends_on"):
                field = ConsultationSlot._meta.get_field(name)
                setattr(slot, name, field.to_python(getattr(slot, name)))
            slot.full_clean()
            slot.save()


def _decide(change: PendingChange, *, state: str, user, at: datetime, note: str) -> None:
    change.state, change.decided_by, change.decided_at, change.note = state, user, at, note
    change.full_clean()
    change.save()
    recipient = change.submitted_by.email if change.submitted_by else ""
    with translation.override(settings.LANGUAGE_CODE):
        _mail(
            [recipient] if recipient else [],
            _("WZL website: your change to “%(object)s”: %(state)s")
            % {"object": change.target, "state": change.get_state_display()},
            _("Your change to “%(object)s” was decided: %(state)s.\n\n%(note)s")
            % {"object": change.target, "state": change.get_state_display(), "note": note},
        )


def _locked_pending(change: PendingChange) -> PendingChange:
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise ReviewError(_("This change is no longer waiting for review."))
    return change


@transaction.atomic
def pending_change_approve(*, change: PendingChange, user, at: datetime, note: str = "") -> None:
    """Apply the change exactly as submitted, unless the published object changed meanwhile."""
    change = _locked_pending(change)
    model = change.content_type.model_class()
    target = model.objects.select_for_update().get(pk=change.object_id)
    conflicts = [
        name for name in change.data if current_value(target, name) != change.base.get(name)
    ]
    if conflicts:
        raise ReviewConflict(conflicts)
    target._change_reason = f"Approved change #{change.pk} submitted by {change.submitted_by}"
    try:
        _apply(target, change.data)
    except ValidationError as error:
        raise ReviewError("; ".join(error.messages)) from error
    _decide(change, state=ChangeState.APPROVED, user=user, at=at, note=note)


@transaction.atomic
def pending_change_reject(*, change: PendingChange, user, at: datetime, note: str) -> None:
    """Leave the published object as it is; the partner reads the note. The files the change
    submitted are deleted."""
    change = _locked_pending(change)
    _decide(change, state=ChangeState.REJECTED, user=user, at=at, note=note)
    _submitted_files_discard(change.target, change.data)


@transaction.atomic
def pending_change_withdraw(*, change: PendingChange, user, at: datetime) -> None:
    change = _locked_pending(change)
    change.state, change.decided_by, change.decided_at = ChangeState.WITHDRAWN, user, at
    change.save()
    _submitted_files_discard(change.target, change.data)
