"""The translation workflow: which texts are missing, outdated or not reviewed in which language,
whatever path changed the German text, and the round trip through a translation agency."""

import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, ManagementUtility, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import CounsellingLanguage, PendingChange
from partners.operations import pending_change_approve
from services.models import Topic
from tests.factories import make_offer, make_partner, make_topic, make_user
from wzl_site.models import TranslationStatus
from wzl_site.operations import roles_ensure
from wzl_site.translation_status import (
    State,
    objects_needing_translation,
    target_languages,
    translated_models,
    translation_counts,
    translation_state,
)
from wzl_site.xliff import (
    XLIFF_NS,
    TranslationFileRefused,
    xliff_export,
    xliff_import,
)

NS = {"x": XLIFF_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(autouse=True)
def _english(client):
    """Staff use the admin and the commands in English here: messages are asserted as such."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def state(obj, field, language):
    return translation_state(obj=obj, field=field, language=language)


@pytest.fixture
def editor(db):
    editors, _partner_editors = roles_ensure()
    return make_user(groups=[editors])


@pytest.fixture
def partner_editor(db):
    _editors, partner_editors = roles_ensure()
    return make_user(groups=[partner_editors])


def admin_change(client, obj, **changes):
    """Submit the object's admin change form as it is, with ``changes``."""
    data = {
        name: value
        for name, value in model_to_dict(obj).items()
        if value is not None and not isinstance(value, list)
    }
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.post(url, data | changes)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj.refresh_from_db()
    return response


def units(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)
    return {unit.get("id"): unit for unit in root.iterfind(".//x:trans-unit", NS)}


def fill_targets(data: bytes, texts: dict[str, str]) -> bytes:
    """The exported file as an agency returns it: ``texts`` by trans-unit id as targets."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.fromstring(data)
    language = root.find("x:file", NS).get("target-language")
    for unit in root.iterfind(".//x:trans-unit", NS):
        if unit.get("id") not in texts:
            continue
        target = unit.find("x:target", NS)
        if target is None:
            target = ET.SubElement(unit, f"{{{XLIFF_NS}}}target", {XML_LANG: language})
        target.text = texts[unit.get("id")]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def xliff(units_xml: str, *, target_language: str = "ar") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<xliff version="1.2" xmlns="{XLIFF_NS}"><file original="wzl-site" '
        f'source-language="de" target-language="{target_language}" datatype="plaintext">'
        f"<body>{units_xml}</body></file></xliff>"
    ).encode()


def unit(unit_id: str, source: str, target: str) -> str:
    return (
        f'<trans-unit id="{unit_id}"><source xml:lang="de">{source}</source>'
        f'<target xml:lang="ar">{target}</target></trans-unit>'
    )


# --- What is translated, and the states ---------------------------------------------------------


def test_every_translated_model_but_the_cldr_language_names_is_tracked_and_has_history():
    labels = {model._meta.label_lower for model in translated_models()}
    assert {
        "services.topic",
        "services.targetgroup",
        "services.centreprofile",
        "partners.partner",
        "partners.offer",
        "hours.location",
        "hours.hoursexception",
        "wzl_site.legalpage",
        "wzl_site.legalsection",
    } <= labels
    assert CounsellingLanguage._meta.label_lower not in labels
    # The states follow the history: a model without it would never leave "outdated".
    assert all(hasattr(model, "history") for model in translated_models())


@pytest.mark.django_db
def test_a_new_object_has_its_texts_missing_except_what_was_written_with_it():
    topic = make_topic(title_de="Wohnen", title_ar="السكن", summary_de="Kurz")
    assert state(topic, "title", "ar") == State.DONE
    assert state(topic, "title", "en") == State.MISSING
    assert state(topic, "summary", "ar") == State.MISSING
    assert state(topic, "body", "ar") is None  # no German text: nothing to translate
    assert state(topic, "title", "de") is None  # German is the source


@pytest.mark.django_db
def test_a_german_edit_makes_every_other_language_outdated():
    topic = make_topic(title_de="Wohnen", title_en="Housing", title_ar="السكن")
    topic.title_de = "Wohnen und Miete"
    topic.save()
    assert state(topic, "title", "en") == State.OUTDATED
    assert state(topic, "title", "ar") == State.OUTDATED
    assert state(topic, "summary", "en") == State.MISSING


@pytest.mark.django_db
def test_a_german_edit_in_the_admin_makes_the_translations_outdated_and_exports_them(
    client, editor
):
    topic = make_topic(title_de="Wohnen", title_en="Housing", title_ar="السكن")
    client.force_login(editor)
    admin_change(client, topic, title_de="Wohnen und Miete")
    assert state(topic, "title", "ar") == State.OUTDATED
    assert state(topic, "title", "en") == State.OUTDATED

    exported = units(xliff_export(language="ar")[0])
    title = exported[f"services.topic.{topic.pk}.title"]
    assert title.find("x:source", NS).text == "Wohnen und Miete"
    assert title.find("x:target", NS).text == "السكن"
    assert title.find("x:note", NS).text == "state: outdated"


@pytest.mark.django_db
def test_a_minor_german_edit_in_the_admin_keeps_current_translations_current(client, editor):
    topic = make_topic(title_de="Wohnen", title_ar="السكن", summary_de="Kurz", summary_en="Short")
    topic.summary_de = "Kurz gesagt"
    topic.save()  # the English summary is outdated now, and a minor edit must not hide it
    client.force_login(editor)
    admin_change(
        client,
        topic,
        title_de="Wohnen.",
        summary_de="Kurz gesagt.",
        translation_minor_edit="on",
    )
    assert topic.title_de == "Wohnen."
    assert state(topic, "title", "ar") == State.DONE
    assert state(topic, "summary", "en") == State.OUTDATED


@pytest.mark.django_db
def test_a_translation_edited_in_the_admin_is_done(client, editor):
    topic = make_topic(title_de="Wohnen", title_ar="السكن")
    topic.title_de = "Wohnen und Miete"
    topic.save()
    assert state(topic, "title", "ar") == State.OUTDATED
    client.force_login(editor)
    admin_change(client, topic, title_ar="السكن والإيجار")
    assert state(topic, "title", "ar") == State.DONE


@pytest.mark.django_db
def test_an_emptied_translation_is_missing_and_a_deleted_object_leaves_no_status():
    topic = make_topic(title_de="Wohnen", title_ar="السكن")
    topic.title_ar = ""
    topic.save()
    assert state(topic, "title", "ar") == State.MISSING
    topic.title_ar = "السكن"
    topic.save()
    assert state(topic, "title", "ar") == State.DONE
    topic.delete()
    assert not TranslationStatus.objects.exists()


@pytest.mark.django_db
def test_the_minor_edit_checkbox_is_offered_to_editors_not_to_partners(
    client, editor, partner_editor
):
    partner = make_partner()
    partner.editors.add(partner_editor)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    client.force_login(editor)
    assertContains(client.get(url), 'name="translation_minor_edit"')
    client.force_login(partner_editor)
    response = client.get(url)
    assert response.status_code == 200
    assertNotContains(response, 'name="translation_minor_edit"')


@pytest.mark.django_db
def test_a_partners_german_edit_changes_the_states_only_once_it_is_approved(
    client, editor, partner_editor
):
    offer = make_offer(title_de="Beratung", title_en="Counselling")
    offer.partner.editors.add(partner_editor)
    client.force_login(partner_editor)
    response = client.post(
        reverse("admin:partners_offer_change", args=[offer.pk]),
        {
            "title_de": "Beratung für Familien",
            "title_en": "Counselling",
            "description_de": "",
            "appointment_required": "unknown",
            "slots-TOTAL_FORMS": 0,
            "slots-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title_de == "Beratung"  # waits for review
    assert state(offer, "title", "en") == State.DONE

    pending_change_approve(change=PendingChange.objects.get(), user=editor, at=timezone.now())
    offer.refresh_from_db()
    assert offer.title_de == "Beratung für Familien"
    assert state(offer, "title", "en") == State.OUTDATED


def test_the_seed_counts_as_reviewed_in_german_and_english_only(seed_content):
    topic = Topic.objects.get(slug="housing")
    assert topic.title_en and topic.title_ar
    assert state(topic, "title", "en") == State.DONE
    assert state(topic, "title", "ar") == State.NOT_REVIEWED
    assert state(topic, "title", "de") is None
    counts = {row.language: row for row in translation_counts()}
    assert counts["en"].not_reviewed == 0 and counts["en"].outdated == 0
    assert counts["ar"].outdated == 0 and counts["ar"].not_reviewed > 0


def test_loading_the_seed_again_leaves_the_states_as_editors_left_them(seed_content):
    from wzl_site.operations import content_load

    topic = Topic.objects.get(slug="housing")
    topic.title_de = "Wohnen und Miete"
    topic.save()
    content_load()
    assert state(topic, "title", "ar") == State.OUTDATED
    assert state(topic, "title", "en") == State.OUTDATED


@pytest.mark.django_db
def test_translations_saved_before_the_workflow_get_a_status_when_the_content_is_loaded():
    from wzl_site.operations import content_load

    topic = make_topic(title_de="Wohnen", title_en="Housing", title_ar="السكن")
    TranslationStatus.objects.all().delete()  # as before the workflow existed
    assert state(topic, "title", "ar") == State.OUTDATED
    content_load()
    assert state(topic, "title", "en") == State.DONE
    assert state(topic, "title", "ar") == State.NOT_REVIEWED


# --- Overview and filter -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_overview_counts_the_texts_per_language_and_state(client, editor):
    topic = make_topic(title_de="Wohnen", summary_de="Kurz", title_ar="السكن", summary_ar="قصير")
    topic.summary_de = "Kurz gesagt"
    topic.save()
    counts = {row.language: row for row in translation_counts()}
    assert (counts["ar"].missing, counts["ar"].outdated, counts["ar"].done) == (0, 1, 1)
    assert (counts["en"].missing, counts["en"].outdated, counts["en"].done) == (2, 0, 0)
    assert [row.language for row in translation_counts()] == target_languages()

    client.force_login(editor)
    response = client.get(reverse("admin:wzl_site_translationstatus_changelist"))
    assertContains(response, '<th scope="row">Arabic</th>', html=True)
    assertContains(response, reverse("admin:wzl_site_translationstatus_export", args=["ar"]))
    index = client.get(reverse("admin:index"))
    assertContains(index, reverse("admin:wzl_site_translationstatus_changelist"))


@pytest.mark.django_db
def test_the_filter_lists_what_needs_translation_into_one_language(
    client, editor, django_assert_max_num_queries
):
    done = make_topic(title_de="Fertig", summary_de="Kurz", title_ar="منجز", summary_ar="قصير")
    todo = make_topic(title_de="Offen", summary_de="Kurz", title_ar="مفتوح")
    for _ in range(10):
        make_topic()
    with django_assert_max_num_queries(2):  # whatever the number of topics
        assert todo.pk in objects_needing_translation(model=Topic, language="ar")

    client.force_login(editor)
    url = reverse("admin:services_topic_changelist")
    response = client.get(url, {"needs_translation": "ar"})
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["cl"].result_list}
    assert todo.pk in listed and done.pk not in listed
    assertContains(client.get(url), "needs translation into")


# --- Export and import -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_holds_the_missing_and_outdated_texts_with_german_source_and_target():
    topic = make_topic(title_de="Wohnen", summary_de="Kurz", title_ar="السكن", summary_ar="قصير")
    topic.summary_de = "Kurz gesagt"
    topic.save()
    missing = make_topic(title_de="Arbeit", summary_de="Jobs")
    data, count = xliff_export(language="ar")
    exported = units(data)
    assert count == len(exported) == 3
    assert f"services.topic.{topic.pk}.title" not in exported  # done
    summary = exported[f"services.topic.{topic.pk}.summary"]
    assert summary.find("x:source", NS).text == "Kurz gesagt"
    assert summary.find("x:source", NS).get(XML_LANG) == "de"
    assert summary.find("x:target", NS).text == "قصير"
    assert summary.find("x:target", NS).get(XML_LANG) == "ar"
    title = exported[f"services.topic.{missing.pk}.title"]
    assert title.find("x:target", NS) is None
    assert title.find("x:note", NS).text == "state: missing"
    root = ET.fromstring(data)
    assert root.get("version") == "1.2"
    file = root.find("x:file", NS)
    assert (file.get("source-language"), file.get("target-language")) == ("de", "ar")


@pytest.mark.django_db
def test_a_filled_export_imports_completely_as_not_reviewed():
    topic = make_topic(title_de="Wohnen", summary_de="Kurz\r\nund gut", title_ar="السكن")
    topic.title_de = "Wohnen und Miete"
    topic.save()
    page = make_topic(title_de="Arbeit", summary_de="Jobs")
    data, _count = xliff_export(language="ar")
    filled = fill_targets(
        data,
        {
            f"services.topic.{topic.pk}.title": "السكن والإيجار",
            f"services.topic.{topic.pk}.summary": "باختصار\nوجيد",
            f"services.topic.{page.pk}.title": "العمل",
            f"services.topic.{page.pk}.summary": "  ",  # left empty: skipped
        },
    )
    report = xliff_import(data=filled)
    assert (report.imported, report.skipped, report.languages) == (3, 1, ["ar"])
    topic.refresh_from_db()
    page.refresh_from_db()
    assert (topic.title_ar, topic.summary_ar, page.title_ar) == (
        "السكن والإيجار",
        "باختصار\nوجيد",
        "العمل",
    )
    for obj, field in [(topic, "title"), (topic, "summary"), (page, "title")]:
        assert state(obj, field, "ar") == State.NOT_REVIEWED
    assert state(page, "summary", "ar") == State.MISSING
    assert topic.history.latest().history_change_reason == "Imported translations"


@pytest.mark.django_db
def test_an_unchanged_outdated_translation_imported_again_is_current_and_not_reviewed():
    topic = make_topic(title_de="Wohnen", title_ar="السكن")
    topic.title_de = "Wohnen!"
    topic.save()
    data, _count = xliff_export(language="ar")
    xliff_import(data=data)  # the agency confirmed the translation as it is
    assert state(topic, "title", "ar") == State.NOT_REVIEWED


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="wzl-site"
 source-language="de" target-language="ar" datatype="plaintext"><body>
<trans-unit id="services.topic.1.title"><source>&lol4;</source><target>&lol4;</target></trans-unit>
</body></file></xliff>"""


@pytest.fixture
def topic(db):
    return make_topic(title_de="Wohnen", summary_de="Kurz")


def good_unit(topic) -> str:
    return unit(f"services.topic.{topic.pk}.title", "Wohnen", "السكن")


FAULTY_FILES = {
    "german as target": (
        lambda t: xliff(good_unit(t), target_language="de"),
        "German, the source language",
    ),
    "unknown language": (
        lambda t: xliff(good_unit(t), target_language="xx"),
        "not a language of this site",
    ),
    "unknown object": (
        lambda t: xliff(good_unit(t) + unit("services.topic.999999.title", "Wohnen", "س")),
        "services.topic.999999.title: There is no such object",
    ),
    "malformed id": (
        lambda t: xliff(good_unit(t) + unit("services.topic.9" + "9" * 30 + ".title", "W", "س")),
        "does not name an object's field",
    ),
    "unknown kind of object": (
        lambda t: xliff(good_unit(t) + unit("partners.counsellinglanguage.1.name", "A", "س")),
        "is not something translated here",
    ),
    "unknown field": (
        lambda t: xliff(good_unit(t) + unit(f"services.topic.{t.pk}.slug", "wohnen", "س")),
        "“slug” is not a translated field",
    ),
    "changed source": (
        lambda t: xliff(good_unit(t) + unit(f"services.topic.{t.pk}.summary", "Alt", "قصير")),
        "services.topic.{pk}.summary: The German text has changed since the export",
    ),
    "target too long": (
        lambda t: xliff(good_unit(t) + unit(f"services.topic.{t.pk}.summary", "Kurz", "س" * 301)),
        "services.topic.{pk}.summary: Ensure this value has at most 300 characters",
    ),
    "malformed XML": (lambda t: xliff(good_unit(t))[:-20], "not well-formed XML"),
    "XML bomb": (lambda t: BOMB, "document type or entities"),
    "not XLIFF": (lambda t: b"<html><body>Hallo</body></html>", "not an XLIFF 1.2 file"),
}


@pytest.mark.parametrize("case", FAULTY_FILES)
def test_a_faulty_file_is_refused_with_its_problem_and_nothing_is_written(topic, case):
    make_file, expected = FAULTY_FILES[case]
    with translation.override("en"), pytest.raises(TranslationFileRefused) as refused:
        xliff_import(data=make_file(topic))
    assert expected.format(pk=topic.pk) in str(refused.value)
    topic.refresh_from_db()
    assert not topic.title_ar  # the good unit beside the faulty one was not written either
    assert not TranslationStatus.objects.exists()


def test_a_refusal_lists_every_problem(topic):
    data = xliff(
        good_unit(topic)
        + unit("services.topic.999999.title", "Wohnen", "س")
        + unit(f"services.topic.{topic.pk}.slug", "wohnen", "س")
        + unit(f"services.topic.{topic.pk}.summary", "Alt", "قصير")
    )
    with pytest.raises(TranslationFileRefused) as refused:
        xliff_import(data=data)
    assert {problem.unit for problem in refused.value.problems} == {
        "services.topic.999999.title",
        f"services.topic.{topic.pk}.slug",
        f"services.topic.{topic.pk}.summary",
    }


def test_a_file_too_large_is_refused_before_it_is_parsed(topic):
    data = xliff(good_unit(topic) + "<!--" + "x" * (5 * 1024 * 1024) + "-->")
    with pytest.raises(TranslationFileRefused, match="larger than 5 MB"):
        xliff_import(data=data)


# --- Command line ------------------------------------------------------------------------------


def test_the_commands_export_and_import_a_file(topic, tmp_path, capsys):
    path = tmp_path / "ar.xlf"
    call_command("export_translations", "ar", str(path))
    assert "Texts to translate into ar: 2" in capsys.readouterr().out
    path.write_bytes(
        fill_targets(
            path.read_bytes(),
            {
                f"services.topic.{topic.pk}.title": "السكن",
                f"services.topic.{topic.pk}.summary": "قصير",
            },
        )
    )
    call_command("import_translations", str(path))
    assert "Texts imported into ar, marked as not reviewed: 2." in capsys.readouterr().out
    topic.refresh_from_db()
    assert (topic.title_ar, topic.summary_ar) == ("السكن", "قصير")
    assert state(topic, "summary", "ar") == State.NOT_REVIEWED


def test_the_import_command_exits_non_zero_on_a_faulty_file(topic, tmp_path, capsys):
    path = tmp_path / "ar.xlf"
    path.write_bytes(xliff(good_unit(topic) + unit("services.topic.999999.title", "W", "س")))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_translations", str(path))
    # As from the shell; the command closes the database connections when it ends, which the
    # test's own transaction still needs.
    with (
        mock.patch("django.core.management.base.connections.close_all"),
        pytest.raises(SystemExit) as exit_,
    ):
        ManagementUtility(["manage.py", "import_translations", str(path)]).execute()
    assert exit_.value.code != 0
    assert "services.topic.999999.title: There is no such object" in capsys.readouterr().err
    topic.refresh_from_db()
    assert not topic.title_ar


def test_the_export_command_refuses_german(db):
    with pytest.raises(CommandError, match="not a language to translate into"):
        call_command("export_translations", "de", "-")


# --- Admin views -------------------------------------------------------------------------------


def test_staff_export_and_import_in_the_admin(client, editor, topic):
    client.force_login(editor)
    response = client.get(reverse("admin:wzl_site_translationstatus_export", args=["ar"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-xliff+xml")
    assert "attachment" in response["Content-Disposition"]
    filled = fill_targets(response.content, {f"services.topic.{topic.pk}.title": "السكن"})
    response = client.post(
        reverse("admin:wzl_site_translationstatus_import"),
        {"file": SimpleUploadedFile("ar.xlf", filled)},
        follow=True,
    )
    assertContains(response, "1 text was imported")
    topic.refresh_from_db()
    assert topic.title_ar == "السكن"
    assert state(topic, "title", "ar") == State.NOT_REVIEWED


def test_a_refused_upload_lists_the_problems_and_writes_nothing(client, editor, topic):
    client.force_login(editor)
    data = xliff(good_unit(topic) + unit("services.topic.999999.title", "Wohnen", "س"))
    response = client.post(
        reverse("admin:wzl_site_translationstatus_import"),
        {"file": SimpleUploadedFile("ar.xlf", data)},
    )
    assertContains(response, "The file was not imported")
    assertContains(response, "services.topic.999999.title")
    topic.refresh_from_db()
    assert not topic.title_ar


def test_partner_editors_may_not_export_or_import(client, partner_editor, topic):
    client.force_login(partner_editor)
    overview = client.get(reverse("admin:wzl_site_translationstatus_changelist"))
    export = client.get(reverse("admin:wzl_site_translationstatus_export", args=["ar"]))
    upload = client.post(
        reverse("admin:wzl_site_translationstatus_import"),
        {"file": SimpleUploadedFile("ar.xlf", xliff(good_unit(topic)))},
    )
    assert (overview.status_code, export.status_code, upload.status_code) == (403, 403, 403)
    topic.refresh_from_db()
    assert not topic.title_ar
    assertNotContains(
        client.get(reverse("admin:index")), reverse("admin:wzl_site_translationstatus_changelist")
    )


def test_the_statuses_belong_to_their_objects(topic):
    topic.title_en = "Housing"
    topic.save()
    status = TranslationStatus.objects.get()
    assert status.content_type == ContentType.objects.get_for_model(Topic)
    assert (status.object_id, status.field, status.language) == (topic.pk, "title", "en")
