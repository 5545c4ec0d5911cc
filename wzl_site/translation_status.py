"""The state of every translated text: missing, outdated, not reviewed or done.

German is the source language: content is written in German first, and every other language is a
translation of it. For each object, translated field and language other than German the state is

- *missing* when the language's column is empty;
- *outdated* when the German text is no longer the one the translation was made from (or nobody
  recorded what it was made from);
- *not reviewed* when no person has confirmed the translation yet (the seed's texts beyond German
  and English, a translation agency's import);
- *done* otherwise.

What a translation was made from is kept as a hash of the German text in ``TranslationStatus``.
Every saved version of a translated model is recorded by django-simple-history, on every path
that saves one: the admin, the approval of a partner's change, the content load, the import of a
translation file, a restored version. ``history_recorded`` below receives each new version and
records which language columns it changed. A signal is used because the house style allows them
for history, and because it keeps the rule "whatever path changed it" without the apps (which do
not import the project package) knowing about translations.
"""

import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import pgettext_lazy
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.utils import get_history_manager_from_history

from wzl_site.models import TranslationStatus

# Their names come from CLDR (Babel, see counselling_languages_load), not from a translator.
UNTRACKED_MODELS = {"partners.counsellinglanguage"}

# Set on an object before saving it in the admin: "minor edit of the German text".
MINOR_EDIT_ATTRIBUTE = "_translation_minor_edit"


class State(models.TextChoices):
    MISSING = "missing", pgettext_lazy("translation state", "missing")
    OUTDATED = "outdated", pgettext_lazy("translation state", "outdated")
    NOT_REVIEWED = "not_reviewed", pgettext_lazy("translation state", "not reviewed")
    DONE = "done", pgettext_lazy("translation state", "done")


NEEDS_WORK = frozenset({State.MISSING, State.OUTDATED, State.NOT_REVIEWED})


# --- What is translated ------------------------------------------------------------------------


def source_language() -> str:
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def target_languages() -> list[str]:
    """Every site language but German, in the order of the settings."""
    return [code for code in settings.MODELTRANSLATION_LANGUAGES if code != source_language()]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


def translated_models() -> list[type[models.Model]]:
    """Every model registered with modeltranslation whose texts translators write."""
    return sorted(
        (
            model
            for model in translator.get_registered_models(abstract=False)
            if model._meta.label_lower not in UNTRACKED_MODELS
        ),
        key=lambda model: model._meta.label_lower,
    )


def translated_model(label: str) -> type[models.Model] | None:
    """The translated model for ``app_label.model_name``, or None."""
    return next((m for m in translated_models() if m._meta.label_lower == label), None)


def translated_fields(model: type[models.Model]) -> list[str]:
    """The base names of the model's translated fields, such as ``title``."""
    return list(translator.get_options_for_model(model).fields)


def column(field: str, language: str) -> str:
    """The language's column of a translated field: ``title``, ``ar`` → ``title_ar``."""
    return build_localized_fieldname(field, language)


def text_hash(text: str) -> str:
    """The hex SHA-256 of a text. Line ends do not count: a browser sends CRLF, XML reads LF."""
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode()).hexdigest()


def unit_id(model: type[models.Model], pk: int, field: str) -> str:
    """The name of one object's field in a translation file: ``services.topic.12.title``."""
    return f"{model._meta.label_lower}.{pk}.{field}"


# --- Selectors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslatedText:
    model: type[models.Model]
    pk: int
    field: str
    language: str
    source: str
    target: str
    state: State

    @property
    def unit_id(self) -> str:
        return unit_id(self.model, self.pk, self.field)


def translated_texts(
    *,
    models_: Iterable[type[models.Model]] | None = None,
    languages: Iterable[str] | None = None,
    pks: Iterable[int] | None = None,
) -> Iterator[TranslatedText]:
    """Every text to translate with its state: per object, field (with German text) and language.

    Two queries per model, whatever the number of objects.
    """
    source = source_language()
    languages = list(languages) if languages is not None else target_languages()
    for model in models_ if models_ is not None else translated_models():
        fields = translated_fields(model)
        columns = [column(field, lang) for field in fields for lang in [source, *languages]]
        objects = model._default_manager.order_by("pk")
        statuses = TranslationStatus.objects.filter(
            content_type=ContentType.objects.get_for_model(model), language__in=languages
        )
        if pks is not None:
            pks = list(pks)
            objects = objects.filter(pk__in=pks)
            statuses = statuses.filter(object_id__in=pks)
        known = {(s.object_id, s.field, s.language): s for s in statuses}
        for row in objects.values("pk", *columns):
            for field in fields:
                german = row[column(field, source)] or ""
                if not german:
                    continue  # nothing to translate
                german_hash = text_hash(german)
                for language in languages:
                    target = row[column(field, language)] or ""
                    status = known.get((row["pk"], field, language))
                    if not target:
                        state = State.MISSING
                    elif status is None or status.source_hash != german_hash:
                        state = State.OUTDATED
                    elif not status.reviewed:
                        state = State.NOT_REVIEWED
                    else:
                        state = State.DONE
                    yield TranslatedText(model, row["pk"], field, language, german, target, state)


def translation_state(*, obj: models.Model, field: str, language: str) -> State | None:
    """The state of one text; None for German (the source) and for an empty German text."""
    if language == source_language():
        return None
    texts = translated_texts(models_=[obj._meta.concrete_model], languages=[language], pks=[obj.pk])
    return next((text.state for text in texts if text.field == field), None)


@dataclass(frozen=True)
class LanguageCounts:
    language: str
    missing: int
    outdated: int
    not_reviewed: int
    done: int

    @property
    def name(self) -> str:
        return language_name(self.language)

    @property
    def needs_work(self) -> int:
        return self.missing + self.outdated + self.not_reviewed


def translation_counts() -> list[LanguageCounts]:
    """For each language other than German: how many texts are in which state."""
    counts = {lang: dict.fromkeys(State, 0) for lang in target_languages()}
    for text in translated_texts():
        counts[text.language][text.state] += 1
    return [
        LanguageCounts(
            language=lang,
            missing=by_state[State.MISSING],
            outdated=by_state[State.OUTDATED],
            not_reviewed=by_state[State.NOT_REVIEWED],
            done=by_state[State.DONE],
        )
        for lang, by_state in counts.items()
    ]


def objects_needing_translation(*, model: type[models.Model], language: str) -> set[int]:
    """The ids of the model's objects with a text missing, outdated or not reviewed."""
    return {
        text.pk
        for text in translated_texts(models_=[model], languages=[language])
        if text.state in NEEDS_WORK
    }


# --- Operations --------------------------------------------------------------------------------

# The languages in which texts saved now count as reviewed; None: all (a person saved them).
_reviewed_languages: ContextVar[frozenset[str] | None] = ContextVar(
    "translations_reviewed_languages", default=None
)


@contextmanager
def translations_unreviewed(*, except_languages: Collection[str] = ()) -> Iterator[None]:
    """Texts saved inside come from no person's review (an agency's file, the seed): their
    translations are recorded as not reviewed, except in ``except_languages``."""
    token = _reviewed_languages.set(frozenset(except_languages))
    try:
        yield
    finally:
        _reviewed_languages.reset(token)


@contextmanager
def translations_seeded(*, reviewed_languages: Collection[str]) -> Iterator[None]:
    """For loading content nobody wrote in this site (usable as a decorator).

    Texts saved inside count as reviewed only in ``reviewed_languages``; afterwards every
    translation without a status yet (content saved before the workflow existed) gets one.
    """
    with translations_unreviewed(except_languages=reviewed_languages):
        yield
    translations_baseline(reviewed_languages=reviewed_languages)


def translations_record(
    *,
    obj: models.Model,
    changed: Iterable[str],
    reviewed_languages: Collection[str],
    minor: bool = False,
    previous_sources: Mapping[str, str] | None = None,
) -> None:
    """Record what the changed language columns (``title_ar``, ``title_de`` …) of ``obj`` were
    made from, as saved now.

    - A changed translation with text is current with today's German text, and reviewed when its
      language is in ``reviewed_languages``; a translation emptied has no status any more.
    - A changed German text leaves the translations as they were, so they are outdated now;
      unless the change is ``minor``: then the translations that were current with the German
      text before (``previous_sources``, by field) stay current, reviewed or not as they were.
    """
    model = obj._meta.concrete_model
    if translated_model(model._meta.label_lower) is None:
        return
    source, changed = source_language(), set(changed)
    content_type = ContentType.objects.get_for_model(model)
    existing = {
        (status.field, status.language): status
        for status in TranslationStatus.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    created, updated, emptied = [], [], []
    for field in translated_fields(model):
        german_hash = text_hash(getattr(obj, column(field, source)) or "")
        keep_current = minor and column(field, source) in changed
        previous_hash = (
            text_hash(previous_sources[field])
            if previous_sources is not None and field in previous_sources
            else None
        )
        for language in target_languages():
            status = existing.get((field, language))
            if column(field, language) in changed:
                reviewed = language in reviewed_languages
                if not getattr(obj, column(field, language)):
                    if status is not None:
                        emptied.append(status.pk)
                elif status is None:
                    created.append(
                        TranslationStatus(
                            content_type=content_type,
                            object_id=obj.pk,
                            field=field,
                            language=language,
                            source_hash=german_hash,
                            reviewed=reviewed,
                        )
                    )
                else:
                    status.source_hash, status.reviewed = german_hash, reviewed
                    updated.append(status)
            elif (
                keep_current
                and status is not None
                and previous_hash in (None, status.source_hash)
                and getattr(obj, column(field, language))
            ):
                status.source_hash = german_hash
                updated.append(status)
    TranslationStatus.objects.bulk_create(created)
    for status in updated:
        status.save(update_fields=["source_hash", "reviewed", "updated_at"])
    TranslationStatus.objects.filter(pk__in=emptied).delete()


@transaction.atomic
def translations_baseline(*, reviewed_languages: Collection[str]) -> int:
    """Give every translation that has no status one: current with today's German text, and
    reviewed when its language is in ``reviewed_languages``. Never changes a status.

    Returns how many statuses were created.
    """
    created = []
    texts = (text for text in translated_texts() if text.state is not State.MISSING)
    content_types = ContentType.objects.get_for_models(*translated_models())
    known = {
        (status.content_type_id, status.object_id, status.field, status.language)
        for status in TranslationStatus.objects.all()
    }
    for text in texts:
        content_type = content_types[text.model]
        if (content_type.pk, text.pk, text.field, text.language) in known:
            continue
        created.append(
            TranslationStatus(
                content_type=content_type,
                object_id=text.pk,
                field=text.field,
                language=text.language,
                source_hash=text_hash(text.source),
                reviewed=text.language in reviewed_languages,
            )
        )
    TranslationStatus.objects.bulk_create(created)
    return len(created)


# --- The history receiver ----------------------------------------------------------------------


def _previous_version(record: models.Model) -> models.Model | None:
    """The version saved before ``record`` (simple-history's ``prev_record`` misses one saved
    in the same microsecond)."""
    return (
        get_history_manager_from_history(record)
        .filter(
            models.Q(history_date__lt=record.history_date)
            | models.Q(history_date=record.history_date, history_id__lt=record.history_id)
        )
        .order_by("-history_date", "-history_id")
        .first()
    )


def history_recorded(sender, *, instance, history_instance, **kwargs) -> None:
    """simple-history's ``post_create_historical_record``: record what the new version of a
    translated object changed in its language columns."""
    model = instance._meta.concrete_model
    if translated_model(model._meta.label_lower) is None:
        return
    minor = bool(instance.__dict__.pop(MINOR_EDIT_ATTRIBUTE, False))
    if history_instance.history_type == "-":
        TranslationStatus.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=instance.pk
        ).delete()
        return
    fields = translated_fields(model)
    languages = [source_language(), *target_languages()]
    previous = _previous_version(history_instance)
    changed = [
        column(field, lang)
        for field in fields
        for lang in languages
        if previous is None
        or (getattr(previous, column(field, lang)) or "")
        != (getattr(history_instance, column(field, lang)) or "")
    ]
    if not changed:
        return
    reviewed = _reviewed_languages.get()
    translations_record(
        obj=instance,
        changed=changed,
        reviewed_languages=target_languages() if reviewed is None else reviewed,
        minor=minor,
        previous_sources=(
            None
            if previous is None
            else {f: getattr(previous, column(f, source_language())) or "" for f in fields}
        ),
    )
