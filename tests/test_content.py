"""The content command: the seed's facts, loaded once, never twice, never over editors' work."""

import json
import re
from datetime import date

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from hours.models import Location, WeeklyHours
from partners.models import Offer, Partner
from services.models import TargetGroup, Topic

CONTENT_MODELS = [
    "services",
    "partners",
    "hours",
    "wzl_site.legalpage",
    "wzl_site.legalsection",
    "auth.group",
]


def snapshot() -> list:
    from django.apps import apps

    rows = []
    for label in CONTENT_MODELS:
        models = (
            [apps.get_model(label)] if "." in label else apps.get_app_config(label).get_models()
        )
        for model in models:
            rows += json.loads(serializers.serialize("json", model.objects.order_by("pk")))
    return rows


@pytest.mark.django_db
def test_running_the_command_twice_leaves_the_same_data(capsys):
    call_command("load_wzl_content")
    first = snapshot()
    call_command("load_wzl_content")
    assert snapshot() == first
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_seed_is_loaded_completely_in_german_and_english():
    call_command("load_wzl_content")
    assert Topic.objects.count() == 10
    assert TargetGroup.objects.count() == 5
    assert Partner.objects.count() == 10
    for model, fields in [
        (Topic, ["title", "summary", "body"]),
        (TargetGroup, ["name", "label", "description"]),
        (Partner, ["name", "description"]),
        (Offer, ["title", "description"]),
    ]:
        for obj in model.objects.all():
            for field in fields:
                assert getattr(obj, f"{field}_de") and getattr(obj, f"{field}_en"), (obj, field)
    hours = [
        (h.weekday, h.opens.hour, h.closes.hour) for h in WeeklyHours.objects.order_by("weekday")
    ]
    assert hours == [(0, 13, 17), (2, 9, 13), (3, 13, 17), (4, 9, 13)]
    centre = Location.objects.centre().get()
    assert centre.street == "Otto-Schill-Straße 2"
    # The seed's week is the first period, from the day of the announcement, until further notice.
    [period] = centre.periods.all()
    assert (period.valid_from, period.valid_until) == (date(2018, 4, 11), None)
    assert not centre.exceptions.exists()  # the announcement names no closures


@pytest.mark.django_db
def test_no_invented_contact_details():
    call_command("load_wzl_content")
    assert not Partner.objects.exclude(phone="").exists()
    assert not Partner.objects.exclude(email="").exists()
    assert not Partner.objects.exclude(website="").exists()
    centre = Location.objects.get()
    assert (centre.postcode, centre.phone, centre.email) == ("", "", "")
    assert (centre.wheelchair_access, centre.public_transport) == ("", "")


@pytest.mark.django_db
def test_editors_changes_survive_a_second_run():
    call_command("load_wzl_content")
    Topic.objects.filter(slug="housing").update(title_de="Wohnen in Leipzig")
    # The Bürgeramt's English orientation is the one offer the seed has (from the announcement).
    deleted, _ = Offer.objects.filter(partner__slug="buergeramt").delete()
    assert deleted
    call_command("load_wzl_content")
    assert Topic.objects.get(slug="housing").title_de == "Wohnen in Leipzig"
    assert not Offer.objects.filter(partner__slug="buergeramt").exists()


@pytest.mark.django_db
def test_an_emptied_translation_is_filled_in_again():
    call_command("load_wzl_content")
    Topic.objects.filter(slug="housing").update(title_en="")
    call_command("load_wzl_content")
    assert Topic.objects.get(slug="housing").title_en == "Housing"


@pytest.mark.django_db
def test_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_wzl_content", "--demo")


@pytest.mark.django_db
def test_demo_creates_an_editor_and_two_partner_editors_and_prints_passwords(settings, capsys):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    settings.DEBUG = True
    call_command("load_wzl_content", "--demo")
    out = capsys.readouterr().out
    accounts = [line.split()[:3] for line in out.splitlines() if line.startswith("  demo-")]
    assert len(accounts) == 3
    for username, _slash, password in accounts:
        sign_in = RequestFactory().post("/admin/login/")  # django-axes needs the request
        assert authenticate(sign_in, username=username, password=password) is not None
    assert (
        Partner.objects.get(slug="mosaik-leipzig")
        .editors.filter(username="demo-mosaik-leipzig")
        .exists()
    )


@pytest.mark.parametrize("lang", ["ar", "fa", "uk", "ru", "ro", "pl", "tr", "vi", "es"])
def test_content_translation_has_the_english_shape_headings_and_tags(lang):
    from wzl_site import content

    path = content.TRANSLATIONS_DIR / f"{lang}.json"
    translated = json.loads(path.read_text(encoding="utf-8"))
    english = content.english_texts()
    assert _same_but_text(translated, english)


def _same_but_text(translated, english):
    """Same keys, lists and headings; every text filled in; HTML tags in the same order."""
    if isinstance(english, dict):
        assert translated.keys() == english.keys()
        return all(_same_but_text(translated[key], english[key]) for key in english)
    if isinstance(english, list):
        assert len(translated) == len(english)
        return all(_same_but_text(t, e) for t, e in zip(translated, english, strict=True))
    assert translated.strip()
    assert translated.count("## ") == english.count("## ")
    assert re.findall(r"</?\w+", translated) == re.findall(r"</?\w+", english)
    return True


@pytest.mark.django_db
def test_arabic_visitors_read_the_topics_in_arabic(client):
    call_command("load_wzl_content")
    housing = Topic.objects.get(slug="housing")
    assert housing.title_ar and housing.title_ar != housing.title_en
    html = client.get("/ar/topics/housing/").content.decode()
    assert f"<h1>{housing.title_ar}</h1>" in html
