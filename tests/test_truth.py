"""Pages say what is true: a fallback says so, pages say when they were checked, the centre's
own texts are content, and right-to-left pages isolate names."""

import re
from datetime import date

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import PartnerKind
from services.models import CentreProfile, Topic
from tests.factories import make_offer, make_partner, make_target_group, make_topic


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


@pytest.fixture
def german_only(db):
    return make_topic(
        slug="german-only",
        title_de="Nur Deutsch",
        summary_de="Kurz",
        body_de="Ein Text nur auf Deutsch.",
        title_ar="بالألمانية فقط",
    )


def test_an_untranslated_text_is_marked_with_its_language_and_a_notice(client, german_only):
    html = client.get("/ar/topics/german-only/").content.decode()
    blocks = re.findall(r'<div class="untranslated" lang="de" dir="ltr">(.*?)</div>', html, re.S)
    body = next(block for block in blocks if "Ein Text nur auf Deutsch." in block)
    assert 'class="untranslated-notice" lang="ar" dir="rtl"' in body
    assert "<h1>بالألمانية فقط</h1>" in html  # the title is translated: no mark


def test_a_translated_text_has_no_notice(client, german_only):
    assertNotContains(client.get("/de/topics/german-only/"), "untranslated")


def test_a_page_without_its_main_text_in_a_language_offers_no_alternate_for_it(client, german_only):
    links = alternates(client.get("/de/topics/german-only/").content.decode())
    assert "ar" not in links and "en" not in links  # the body exists only in German
    assert links["de"].endswith("/de/topics/german-only/")
    assert links["x-default"].endswith("/de/topics/german-only/")
    german_only.body_ar = "نص"
    german_only.save()
    assert "ar" in alternates(client.get("/de/topics/german-only/").content.decode())


def test_the_sitemap_lists_a_page_only_in_its_languages(client, german_only, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    xml = client.get("/sitemap-topics.xml").content.decode()
    assert "/de/topics/german-only/" in xml
    assert "/ar/topics/german-only/" not in xml and "/uk/topics/german-only/" not in xml


def test_every_page_says_when_it_was_last_checked(client, db):
    topic = make_topic(slug="housing", body_de="Text")
    assertContains(client.get("/en/topics/housing/"), "Last checked: not yet")
    assertContains(client.get("/en/topics/housing/"), "11 April 2018")
    topic.checked_on = date(2026, 11, 2)
    topic.save()
    response = client.get("/en/topics/housing/")
    assertContains(response, "Last checked: <bdi>2 November 2026</bdi>")
    make_topic(slug="unchecked")
    assertContains(client.get("/en/topics/"), "Last checked: not yet")  # one is unchecked
    for each in Topic.objects.all():
        each.checked_on = date(2026, 10, 5)
        each.save()
    assertContains(client.get("/en/topics/"), "Last checked: <bdi>5 October 2026</bdi>")
    group = make_target_group(slug="students", checked_on=date(2026, 10, 1))
    assertContains(client.get(group.get_absolute_url()), "Last checked:")
    assertContains(client.get(make_partner(slug="p").get_absolute_url()), "Last checked:")


@pytest.fixture
def profile(db):
    return CentreProfile.objects.create(
        intro_de="Das **Willkommenszentrum** ist für Sie da.",
        tasks_de="- Erst- und Verweisberatung\n- Informationsmaterial",
        first_counselling_de="Wir beraten Sie zuerst und vermitteln Sie weiter.",
    )


def test_the_home_page_texts_are_content_staff_edit(client, profile):
    response = client.get("/de/")
    assertContains(response, "Das <strong>Willkommenszentrum</strong> ist für Sie da.")
    assertContains(response, "<li>Informationsmaterial</li>")
    profile.intro_de = "Neuer Text."
    profile.save()
    assertContains(client.get("/de/"), "Neuer Text.")


def test_first_counselling_is_the_centres_offer_shown_once_with_the_organisations_on_site(
    client, profile
):
    topic = make_topic(slug="work")
    on_site = make_partner(name_de="Mosaik Leipzig e.V.", kind=PartnerKind.ON_SITE)
    make_partner(name_de="Bürgeramt", kind=PartnerKind.CITY_OFFICE)
    make_partner(name_de="Jobcenter", kind=PartnerKind.VISITING)
    make_offer(partner=on_site, topics=[topic], title_de="Sprachcafé")
    html = client.get("/de/topics/work/").content.decode()
    assert html.count("Wir beraten Sie zuerst und vermitteln Sie weiter.") == 1
    centre = html.split('id="centre-heading"')[1].split("</section>")[0]
    assert "<bdi>Mosaik Leipzig e.V.</bdi>" in centre and "<bdi>Bürgeramt</bdi>" in centre
    assert "Jobcenter" not in centre  # announced, not on site


def test_announced_partners_are_not_presented_as_counselling_now(client, db):
    make_partner(slug="jobcenter", name_de="Jobcenter", kind=PartnerKind.VISITING)
    response = client.get("/en/partners/jobcenter/")
    assertContains(response, "Announced partner for special offers")
    assertNotContains(response, "counsel at the Welcome Centre")


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_partner_names_are_isolated_in_right_to_left_pages(client, db, lang):
    topic = make_topic(slug="work")
    partners = [
        make_partner(name_de=name) for name in ["Mosaik Leipzig e.V.", "Arbeit und Leben e.V."]
    ]
    for partner in partners:
        make_offer(partner=partner, topics=[topic], title_de="Beratung")
    topic_page = client.get(f"/{lang}/topics/work/").content.decode()
    offered_by = topic_page.split('class="offers"')[1]
    for partner in partners:
        assert f'<bdi><span lang="de" dir="ltr">{partner.name_de}</span></bdi>' in offered_by
    listing = client.get(f"/{lang}/partners/").content.decode()
    assert '<bdi><span lang="de" dir="ltr">Mosaik Leipzig e.V.</span></bdi>' in listing
    separator = "، " if lang in {"ar", "fa"} else ", "
    assert f"</bdi></a>{separator}<a" in offered_by  # the language's own list separator


def test_new_address_names_are_prefilled_from_the_german_title(client, db):
    from tests.factories import make_user

    client.force_login(make_user(is_superuser=True))
    for name, source in [
        ("admin:services_topic_add", "title_de"),
        ("admin:services_targetgroup_add", "name_de"),
        ("admin:partners_partner_add", "name_de"),
    ]:
        html = client.get(reverse(name)).content.decode()
        assert f"&quot;dependency_ids&quot;: [&quot;#id_{source}&quot;]" in html, name


def test_latin_names_inside_arabic_content_are_isolated(client, db):
    make_topic(
        slug="work",
        body_de="Text",
        body_ar="يعمل فريق **Mosaik Leipzig e.V.** و Arbeit & Leben e.V. هنا <b>x</b>.",
    )
    html = client.get("/ar/topics/work/").content.decode()
    assert "<strong><bdi>Mosaik Leipzig e.V.</bdi></strong>" in html
    assert "<bdi>Arbeit &amp; Leben e.V.</bdi>" in html
    assert "<b>" not in html.split('class="prose"')[1].split("</div>")[0]  # still cleaned


def test_legal_pages_say_when_they_were_last_checked(client, db):
    from tests.factories import make_legal_page

    page = make_legal_page(kind="imprint", intro_de="x")
    assertContains(client.get("/en/impressum/"), "Last checked: not yet")
    page.checked_on = date(2026, 11, 20)
    page.save()
    assertContains(client.get("/en/impressum/"), "Last checked: <bdi>20 November 2026</bdi>")


def test_an_untranslated_offer_is_marked_on_topic_and_partner_pages(client, db):
    topic = make_topic(slug="work")
    partner = make_partner(slug="mosaik")
    make_offer(partner=partner, topics=[topic], title_de="Sprachcafé", description_de="Jeden Tag.")
    for path in ["/uk/topics/work/", "/uk/partners/mosaik/"]:
        html = client.get(path).content.decode()
        assert '<h3><span lang="de" dir="ltr">Sprachcafé</span></h3>' in html, path
        assert 'class="untranslated" lang="de"' in html.split("Sprachcafé")[1], path


def test_the_printed_hours_are_in_the_pages_language_whichever_language_came_first(
    client, seed_content
):
    """The centre's week for print is kept for the day: once per language, not once for all."""
    german = client.get("/de/topics/").content.decode()
    english = client.get("/en/topics/").content.decode()
    assert "Montag" in german[german.index('class="print-only"') :]
    printed = english[english.index('class="print-only"') :]
    assert "Monday" in printed
    assert "Montag" not in printed
