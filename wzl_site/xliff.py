"""Translations out to a translation agency and back, as XLIFF 1.2.

The export holds one ``trans-unit`` per object field (``services.topic.12.title``) with the German
text as ``source``, the current translation, if any, as ``target`` and its state as a ``note``.

The import is all or nothing: every problem of a file is collected first (with the trans-unit it
concerns), and a file with any problem is refused as a whole. A unit with an empty or no
``target`` is one the agency left out: it is skipped, not refused. Files come from outside, so
they are parsed with defusedxml, refusing DTDs and entities (an "XML bomb" expands a few bytes
into gigabytes), and bounded in size before they are parsed.
"""

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from wzl_site.translation_status import (
    State,
    column,
    source_language,
    target_languages,
    text_hash,
    translated_fields,
    translated_model,
    translated_texts,
    translations_record,
    translations_unreviewed,
)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
FILE_ORIGINAL = "wzl-site"
MAX_FILE_BYTES = 5 * 1024 * 1024
EXPORTED_STATES = (State.MISSING, State.OUTDATED)


def _tag(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


# --- Export ------------------------------------------------------------------------------------


def xliff_export(
    *, language: str, states: Collection[State] = EXPORTED_STATES
) -> tuple[bytes, int]:
    """The language's texts in the given states as an XLIFF 1.2 file, and how many there are."""
    if language not in target_languages():
        raise ValueError(f"Not a language to translate into: {language!r}")
    # Built without namespaces, with the XLIFF namespace as the default one, so that the file
    # reads <trans-unit> rather than <ns0:trans-unit>.
    root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF_NS})
    file = ET.SubElement(
        root,
        "file",
        {
            "original": FILE_ORIGINAL,
            "source-language": source_language(),
            "target-language": language,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(file, "body")
    count = 0
    for text in translated_texts(languages=[language]):
        if text.state not in states:
            continue
        count += 1
        unit = ET.SubElement(
            body, "trans-unit", {"id": text.unit_id, f"{{{XML_NS}}}space": "preserve"}
        )
        ET.SubElement(unit, "source", {XML_LANG: source_language()}).text = text.source
        if text.target:
            ET.SubElement(unit, "target", {XML_LANG: language}).text = text.target
        ET.SubElement(unit, "note").text = f"state: {text.state.value}"
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n", count


# --- Import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a file is refused; ``unit`` names the trans-unit, empty for the whole file."""

    unit: str
    message: str

    def __str__(self) -> str:
        return f"{self.unit}: {self.message}" if self.unit else self.message


class TranslationFileRefused(Exception):
    """The file does not fit; nothing of it was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class ImportReport:
    languages: list[str] = field(default_factory=list)
    imported: int = 0  # texts written
    skipped: int = 0  # units without a target
    objects: int = 0


@dataclass(frozen=True)
class _Unit:
    id: str
    model: type[models.Model]
    pk: int
    field: str
    language: str
    source: str | None
    target: str


def _plain_text(element: ET.Element | None, unit: str, problems: list[Problem]) -> str | None:
    if element is None:
        return None
    if len(element):
        problems.append(
            Problem(unit, _("The text contains XML markup; only plain text is accepted."))
        )
    return element.text or ""


def _parse(data: bytes) -> ET.Element:
    if len(data) > MAX_FILE_BYTES:
        raise TranslationFileRefused(
            [
                Problem(
                    "",
                    _("The file is larger than %(size)d MB. Split it into several files.")
                    % {"size": MAX_FILE_BYTES // (1024 * 1024)},
                )
            ]
        )
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        message = _(
            "The file declares a document type or entities, which are not accepted: they can "
            "make a small file expand without bound."
        )
    except (ET.ParseError, ValueError, LookupError) as error:
        message = _("The file is not well-formed XML: %(error)s") % {"error": error}
    raise TranslationFileRefused([Problem("", message)])


def _units(root: ET.Element, problems: list[Problem]) -> list[_Unit]:
    """The file's trans-units, checked one by one against the site's languages and models."""
    if root.tag != _tag("xliff") or root.get("version") != "1.2":
        problems.append(Problem("", _("This is not an XLIFF 1.2 file.")))
        return []
    files = root.findall(_tag("file"))
    if not files:
        problems.append(Problem("", _("The file contains no <file> element.")))
    units, seen = [], set()
    for file in files:
        source_lang = (file.get("source-language") or "").lower()
        language = (file.get("target-language") or "").lower()
        if source_lang != source_language():
            problems.append(
                Problem(
                    "",
                    _("The source language is “%(found)s”, not German (%(expected)s).")
                    % {"found": source_lang, "expected": source_language()},
                )
            )
        if language == source_language():
            problems.append(Problem("", _("The target language is German, the source language.")))
            continue
        if language not in target_languages():
            problems.append(
                Problem(
                    "",
                    _("The target language “%(found)s” is not a language of this site.")
                    % {"found": language},
                )
            )
            continue
        for element in file.iter(_tag("trans-unit")):
            unit_name = element.get("id") or ""
            if not unit_name:
                problems.append(Problem("", _("A trans-unit has no id.")))
                continue
            if (language, unit_name) in seen:
                problems.append(Problem(unit_name, _("This trans-unit appears twice.")))
                continue
            seen.add((language, unit_name))
            parts = unit_name.split(".")
            if (
                len(parts) != 4
                or not (parts[2].isascii() and parts[2].isdigit())
                or len(parts[2]) > 18
            ):
                problems.append(Problem(unit_name, _("This id does not name an object's field.")))
                continue
            app_label, model_name, pk, field_name = parts
            model = translated_model(f"{app_label}.{model_name}")
            if model is None:
                problems.append(
                    Problem(
                        unit_name,
                        _("“%(kind)s” is not something translated here.")
                        % {"kind": f"{app_label}.{model_name}"},
                    )
                )
                continue
            if field_name not in translated_fields(model):
                problems.append(
                    Problem(
                        unit_name,
                        _("“%(field)s” is not a translated field of %(kind)s.")
                        % {"field": field_name, "kind": model._meta.verbose_name},
                    )
                )
                continue
            source = _plain_text(element.find(_tag("source")), unit_name, problems)
            target_element = element.find(_tag("target"))
            target = _plain_text(target_element, unit_name, problems) or ""
            target_lang = (
                target_element.get(XML_LANG, language) if target_element is not None else language
            )
            if target_lang.lower() != language:
                problems.append(
                    Problem(
                        unit_name,
                        _("The target is in “%(found)s”, the file is for “%(expected)s”.")
                        % {"found": target_lang, "expected": language},
                    )
                )
            units.append(_Unit(unit_name, model, int(pk), field_name, language, source, target))
    return units


@transaction.atomic
def xliff_import(*, data: bytes, reason: str = "") -> ImportReport:
    """Write the translations of an XLIFF 1.2 file, as not reviewed, or refuse the whole file.

    Raises ``TranslationFileRefused`` listing every problem; then nothing was written.
    """
    root = _parse(data)
    problems: list[Problem] = []
    units = _units(root, problems)
    report = ImportReport(languages=sorted({unit.language for unit in units}))

    by_model = defaultdict(set)
    for unit in units:
        by_model[unit.model].add(unit.pk)
    objects = {
        (model, pk): obj
        for model, pks in by_model.items()
        for pk, obj in model._default_manager.in_bulk(sorted(pks)).items()
    }

    planned: dict[models.Model, list[_Unit]] = defaultdict(list)
    for unit in units:
        obj = objects.get((unit.model, unit.pk))
        if obj is None:
            problems.append(
                Problem(unit.id, _("There is no such object (deleted since the export?)."))
            )
            continue
        if not unit.target.strip():
            report.skipped += 1
            continue
        german = getattr(obj, column(unit.field, source_language())) or ""
        if unit.source is None:
            problems.append(Problem(unit.id, _("The trans-unit has no German source text.")))
        elif not german:
            problems.append(Problem(unit.id, _("There is no German text to translate any more.")))
        elif text_hash(unit.source) != text_hash(german):
            problems.append(
                Problem(
                    unit.id,
                    _(
                        "The German text has changed since the export. Export the text "
                        "again and have the new version translated."
                    ),
                )
            )
        else:
            planned[obj].append(unit)

    for obj, obj_units in planned.items():
        for unit in obj_units:
            setattr(obj, column(unit.field, unit.language), unit.target)
        try:
            obj.full_clean()
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, texts in messages.items():
                concerned = [
                    unit for unit in obj_units if column(unit.field, unit.language) == name
                ] or obj_units
                for unit in concerned:
                    problems.extend(Problem(unit.id, text) for text in texts)

    if problems:
        raise TranslationFileRefused(problems)

    with translations_unreviewed():
        for obj, obj_units in planned.items():
            obj._change_reason = (reason or _("Imported translations"))[:100]
            obj.save()
            translations_record(
                obj=obj,
                changed=[column(unit.field, unit.language) for unit in obj_units],
                reviewed_languages=(),
            )
            report.imported += len(obj_units)
    report.objects = len(planned)
    return report
