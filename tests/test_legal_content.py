"""The legal pages with the WZL's own content: every page links them, their structure, the
sections only staff can fill, and Leichte Sprache. Loaded once for the module."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from tests.factories import make_user
from wzl_site.models import LegalPage
from wzl_site.operations import content_load, roles_ensure

LANGUAGES = ["de", "en", "ar"]


def url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The WZL's content, loaded once for the module (it takes seconds) and rolled back after;
    each test's changes are rolled back at its end as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        content_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed_content(seeded, db):
    """Overrides conftest's: the module's content, not a fresh load for every test."""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_the_legal_pages_leichte_sprache_and_sign_language(
    client, seed_content, lang
):
    for name in ["home", "visit", "services:topic_list", "impressum", "accessibility_report"]:
        html = client.get(url(name, lang)).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        for target in ["impressum", "privacy", "accessibility", "easy_language", "sign_language"]:
            assert f'href="{url(target, lang)}"' in footer, (name, target)
        assert f'<a href="{url("easy_language", lang)}" lang="de">Leichte Sprache</a>' in footer
    home = client.get(url("home", lang)).content.decode()
    main = home[home.index("<main") : home.index("</main>")]
    assert f'href="{url("easy_language", lang)}"' in main
    assert f'href="{url("sign_language", lang)}"' in main


def test_the_footer_links_keep_working_whatever_staff_change(client, seed_content):
    """The addresses come from the site, not from a field staff could change."""
    page = LegalPage.objects.get(kind="imprint")
    page.title_de = "Anbieterkennzeichnung"
    page.save()
    html = client.get("/de/").content.decode()
    assert 'href="/de/impressum/"' in html
    assertContains(client.get("/de/impressum/"), "<h1>Anbieterkennzeichnung</h1>", html=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seeded_legal_pages_have_the_structure_the_law_asks_for(client, seed_content, lang):
    for name, headings in [
        ("impressum", ["Anbieter", "Vertreten durch", "Kontakt", "Verantwortlich für den Inhalt"]),
        ("privacy", ["Verantwortliche Stelle", "Datenschutzbeauftragte", "Rechtsgrundlagen"]),
        ("accessibility", ["Wie barrierefrei ist diese Website?", "Durchsetzungsverfahren"]),
    ]:
        response = client.get(url(name, lang))
        assert response.status_code == 200
        page = LegalPage.objects.get(kind=name if name != "impressum" else "imprint")
        with translation.override(lang):
            for section in page.sections.all():
                assertContains(response, f">{section.heading}</h2>")
        if lang == "de":
            for heading in headings:
                assertContains(response, f">{heading}</h2>")


def test_sections_only_staff_can_fill_are_marked_in_the_admin_and_never_invented(
    client, seed_content
):
    """The seed leaves who is responsible, whom to contact, the data-protection officer, the
    legal bases, the rights and the retention to staff: the page says they are being prepared,
    the admin lists them until the German text is written."""
    imprint = LegalPage.objects.get(kind="imprint")
    open_keys = {section.key for section in imprint.open_placeholders()}
    assert open_keys == {"provider", "representative", "contact", "editor", "supervision"}
    privacy = LegalPage.objects.get(kind="privacy")
    assert {s.key for s in privacy.open_placeholders()} >= {
        "controller",
        "dpo",
        "legal-bases",
        "retention",
        "rights",
    }
    html = client.get("/de/impressum/").content.decode()
    assert html.count('class="placeholder-text"') == 5
    # No telephone number, e-mail address or person made up anywhere on the legal pages.
    for name in ["impressum", "privacy", "accessibility", "easy_language"]:
        text = client.get(url(name, "de")).content.decode()
        main = text[text.index("<main") : text.index("</main>")]
        assert not re.search(r"\+?\d[\d /-]{6,}\d", main), name
        assert "mailto:" not in main, name

    editor = make_user(groups=[roles_ensure()[0]])
    client.force_login(editor)
    listing = client.get(reverse("admin:wzl_site_legalpage_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assertContains(listing, "5 items")
    change = client.get(
        reverse("admin:wzl_site_legalpage_change", args=[imprint.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assertContains(change, "To fill in before launch:")
    assertContains(change, "§ 18 Abs. 2 MStV")
    # Filled in: no longer marked, and shown.
    section = imprint.sections.get(key="editor")
    section.body_de = "Referat für Migration und Integration"
    section.save()
    assert "editor" not in {s.key for s in imprint.open_placeholders()}
    assertContains(client.get("/de/impressum/"), "Referat für Migration und Integration")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_leichte_sprache_page_is_german_marked_as_such_in_every_language(
    client, seed_content, lang
):
    html = client.get(url("easy_language", lang)).content.decode()
    assert re.search(r'<article class="[^"]*easy-language[^"]*" lang="de" dir="ltr">', html)
    assert "Was ist das Willkommens·zentrum?" in html
    assert "Otto-Schill-Straße 2" in html
    # German on purpose: no "not translated yet" notice inside the text.
    assert "untranslated-notice" not in html
    if lang != "de":
        assert re.search(rf'<p class="notice" lang="{lang}"', html)
