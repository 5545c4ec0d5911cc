"""Every public page in every site language: 200, the right lang and dir, a translated title."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from services.models import Topic
from tests.factories import make_offer, make_partner, make_target_group, make_topic

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}

# (URL name, arguments, what the <title> starts with in the active language)
PAGES = [
    ("home", {}, lambda: pgettext("page title", "Home")),
    ("visit", {}, lambda: translation.gettext("Opening hours and address")),
    ("calendar", {}, lambda: translation.gettext("Who is here when")),
    ("services:topic_list", {}, lambda: pgettext("page title", "Topics")),
    ("services:topic_detail", {"slug": "housing"}, lambda: "Wohnen"),
    ("services:target_group_detail", {"slug": "students"}, lambda: "Studierende"),
    ("services:material_list", {}, lambda: pgettext("page title", "Information materials")),
    ("search", {}, lambda: pgettext("page title", "Search")),
    ("partners:partner_list", {}, lambda: pgettext("page title", "Partners")),
    ("partners:partner_detail", {"slug": "mosaik-leipzig"}, lambda: "Mosaik Leipzig e.V."),
    ("impressum", {}, lambda: "Impressum"),
    ("privacy", {}, lambda: "Datenschutz"),
    ("accessibility", {}, lambda: "Barrierefreiheit"),
    ("accessibility_report", {}, lambda: translation.gettext("Report a barrier")),
    ("easy_language", {}, lambda: "Leichte Sprache"),
    ("sign_language", {}, lambda: "Deutsche Gebärdensprache"),
    ("open_data", {}, lambda: pgettext("page title", "Open data")),
]


@pytest.fixture
def pages(db):
    from tests.factories import make_legal_page

    housing = make_topic(slug="housing", title_de="Wohnen")
    make_target_group(slug="students", name_de="Studierende", topics=[housing])
    make_offer(
        partner=make_partner(slug="mosaik-leipzig", name_de="Mosaik Leipzig e.V."), topics=[housing]
    )
    for kind, title in [
        ("imprint", "Impressum"),
        ("privacy", "Datenschutz"),
        ("accessibility", "Barrierefreiheit"),
        ("easy_language", "Leichte Sprache"),
        ("sign_language", "Deutsche Gebärdensprache"),
    ]:
        make_legal_page(kind=kind, title_de=title, intro_de="Text")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
@pytest.mark.parametrize(("name", "kwargs", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_public_page_in_every_language(client, pages, lang, name, kwargs, title):
    with translation.override(lang):
        url = reverse(name, kwargs=kwargs or None)
        expected_title = title()
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}">' in html
    page_title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert page_title.startswith(expected_title), page_title


@pytest.mark.parametrize("lang", [code for code in LANGUAGE_CODES if code != "en"])
def test_interface_is_translated_not_left_in_english(client, db, lang):
    """The catalog answers in every language: the navigation is not the English text."""
    response = client.get(f"/{lang}/")
    html = response.content.decode()
    for english in ["Skip to content", ">Topics<", "Opening hours and address", "Legal notice"]:
        assert english not in html, f"{english!r} untranslated in {lang}"


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_language_switcher_links_to_the_same_page_in_every_language(client, pages, lang):
    response = client.get(f"/{lang}/topics/housing/")
    html = response.content.decode()
    for code in LANGUAGE_CODES:
        assert f'href="/{code}/topics/housing/" hreflang="{code}" lang="{code}"' in html
    assert 'aria-current="true">' in html


def test_untranslated_content_falls_back_to_english_then_german(client, db):
    make_topic(slug="both", title_de="Wohnen", title_en="Housing", summary_de="s", summary_en="s")
    make_topic(slug="german-only", title_de="Nur Deutsch", summary_de="s")
    # A fallback is marked with its own language (and direction).
    assert (
        '<h1><span lang="en" dir="ltr">Housing</span></h1>'
        in client.get("/ar/topics/both/").content.decode()
    )
    assert (
        '<h1><span lang="de" dir="ltr">Nur Deutsch</span></h1>'
        in client.get("/ar/topics/german-only/").content.decode()
    )
    assert (
        '<h1><span lang="de" dir="ltr">Nur Deutsch</span></h1>'
        in client.get("/en/topics/german-only/").content.decode()
    )
    both = Topic.objects.get(slug="both")
    both.title_ar = "السكن"
    both.save()
    assert "<h1>السكن</h1>" in client.get("/ar/topics/both/").content.decode()


@pytest.mark.parametrize(("lang", "direction"), [("de", "ltr"), ("ar", "rtl"), ("fa", "rtl")])
def test_not_found_page_is_translated(client, db, lang, direction):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    with translation.override(lang):
        assert translation.gettext("Page not found") in html
    if lang != "de":
        assert "Page not found" not in html


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_server_error_page_is_translated(rf, lang):
    from django.views.defaults import server_error

    with translation.override(lang):
        response = server_error(rf.get(f"/{lang}/"))
        expected = translation.gettext("Something went wrong")
    html = response.content.decode()
    assert response.status_code == 500
    assert expected in html and f'lang="{lang}"' in html
    if lang != "de":
        assert "Something went wrong" not in html
