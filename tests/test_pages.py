"""Every public page in German and English, with the seed's facts on it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_topic
from wzl_site.sitemaps import SITEMAPS

pytestmark = pytest.mark.usefixtures("seed_content")


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def get(client, lang: str, name: str, **kwargs):
    with translation.override(lang):
        url = reverse(name, kwargs=kwargs or None)
    assert url.startswith(f"/{lang}/")
    return client.get(url)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "de",
            [
                "Willkommenszentrum Leipzig",
                "Otto-Schill-Straße 2",
                "Montag",
                "13:00–17:00",
                "Mittwoch",
                "09:00–13:00",
                "Ich studiere",
                "Einreise und Aufenthalt",
                "Mosaik Leipzig e.V.",
                "Agentur für Arbeit",
            ],
        ),
        (
            "en",
            [
                "Welcome Centre Leipzig",
                "Otto-Schill-Straße 2",
                "Monday",
                "13:00–17:00",
                "Friday",
                "I am a student",
                "Entry and residence",
                "Arbeit und Leben e.V.",
                "Jobcenter",
            ],
        ),
    ],
)
def test_home_shows_who_the_centre_is_for_its_hours_address_topics_and_partners(
    client, lang, expected
):
    response = get(client, lang, "home")
    assert response.status_code == 200
    for text in expected:
        assertContains(response, text)
    assertContains(response, 'class="status ')


@pytest.mark.parametrize(
    ("lang", "slug", "title", "facts"),
    [
        (
            "de",
            "work",
            "Arbeit und Jobsuche",
            ["Mosaik Leipzig e.V.", "Bürgeramt der Stadt Leipzig"],
        ),
        (
            "en",
            "work",
            "Work and job search",
            ["Mosaik Leipzig e.V.", "First and referral counselling"],
        ),
        (
            "de",
            "entry-and-residence",
            "Einreise und Aufenthalt",
            ["Bürgeramt der Stadt Leipzig", "Englisch"],
        ),
        (
            "en",
            "entry-and-residence",
            "Entry and residence",
            ["Bürgeramt", "Languages of counselling", "English"],
        ),
    ],
)
def test_topic_page_lists_the_partners_offers_with_their_languages(
    client, lang, slug, title, facts
):
    response = get(client, lang, "services:topic_detail", slug=slug)
    assert response.status_code == 200
    assert title_of(response).startswith(title)
    for text in facts:
        assertContains(response, text)
    # The announcement only says the Jobcenter and others will come with special offers:
    # no page presents their counselling as taking place now.
    for text in [
        "Spezialangebot des Jobcenters",
        "Specialist counselling",
        "Passport",
        "Pass oder",
    ]:
        assertNotContains(response, text)


@pytest.mark.parametrize(("lang", "heading"), [("de", "Themen"), ("en", "Topics")])
def test_topic_list_shows_the_ten_topics(client, lang, heading):
    response = get(client, lang, "services:topic_list")
    assert title_of(response).startswith(heading)
    assert response.content.decode().count('<li class="card">') == 10


@pytest.mark.parametrize(
    ("lang", "label"), [("de", "Ich bin geflüchtet"), ("en", "I am a refugee")]
)
def test_target_group_page_shows_its_topics(client, lang, label):
    response = get(client, lang, "services:target_group_detail", slug="refugees")
    assertContains(response, f"<h1>{label}</h1>", html=True)
    assertContains(response, reverse("services:topic_detail", kwargs={"slug": "housing"})[3:])


@pytest.mark.parametrize(
    ("lang", "kinds"),
    [
        (
            "de",
            [
                "Kooperationspartner vor Ort",
                "Städtische Stelle",
                "Angekündigter Partner für Spezialangebote",
            ],
        ),
        (
            "en",
            ["Cooperation partner on site", "City office", "Announced partner for special offers"],
        ),
    ],
)
def test_partner_list_groups_the_ten_partners_by_kind(client, lang, kinds):
    response = get(client, lang, "partners:partner_list")
    for kind in kinds:
        assertContains(response, kind)
    assert response.content.decode().count('<li class="card"><h3>') == 10


@pytest.mark.parametrize("lang", ["de", "en"])
def test_partner_page_shows_no_invented_contact_details(client, lang):
    response = get(client, lang, "partners:partner_detail", slug="mosaik-leipzig")
    assertContains(response, "Mosaik Leipzig e.V.")
    assertNotContains(response, "mailto:")
    assertNotContains(response, "tel:")


@pytest.mark.parametrize(("lang", "osm_label"), [("de", "OpenStreetMap"), ("en", "OpenStreetMap")])
def test_visit_page_has_hours_address_and_a_plain_map_link(client, lang, osm_label):
    response = get(client, lang, "visit")
    assertContains(response, "Otto-Schill-Straße 2")
    assertContains(
        response,
        'href="https://www.openstreetmap.org/search?query=Otto-Schill-Stra%C3%9Fe%202%2C%20Leipzig"',
    )
    assertNotContains(response, "<iframe")
    assertContains(response, "13:00–17:00", count=2)


@pytest.mark.parametrize(
    ("lang", "name", "title"),
    [
        ("de", "impressum", "Impressum"),
        ("en", "impressum", "Legal notice"),
        ("de", "privacy", "Datenschutz"),
        ("en", "privacy", "Privacy"),
        ("de", "accessibility", "Barrierefreiheit"),
        ("en", "accessibility", "Accessibility"),
    ],
)
def test_legal_pages_are_there_in_german_and_english(client, lang, name, title):
    response = get(client, lang, name)
    assert response.status_code == 200
    assertContains(response, f"<h1>{title}</h1>", html=True)


def test_root_redirects_by_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk")["Location"] == "/uk/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh")["Location"] == "/de/"


def test_unprefixed_page_address_redirects_into_a_language(client):
    response = client.get("/topics/housing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/topics/housing/"


def test_unpublished_topic_is_not_found(client):
    from services.models import Topic

    Topic.objects.filter(slug="housing").update(is_published=False)
    assert get(client, "de", "services:topic_list").content.decode().count('<li class="card">') == 9
    with translation.override("de"):
        assert (
            client.get(reverse("services:topic_detail", kwargs={"slug": "housing"})).status_code
            == 404
        )


def test_sitemap_lists_every_page_in_every_language_with_alternates(client, settings):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>https?://[^/<]+(/sitemap-\w+\.xml)</loc>", index.content.decode())
    assert sections == [f"/sitemap-{name}.xml" for name in SITEMAPS]
    body = "".join(client.get(section).content.decode() for section in sections)
    for code, _name in settings.LANGUAGES:
        assert f"/{code}/topics/housing/</loc>" in body
    assert 'hreflang="ar"' in body and 'hreflang="x-default"' in body


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assertContains(response, "Disallow: /admin/")
    assertContains(response, "Sitemap: http://testserver/sitemap.xml")


def test_a_growing_sitemap_is_split_into_pages_listed_in_the_index(client, monkeypatch):
    from wzl_site.sitemaps import TopicSitemap

    for number in range(3):
        make_topic(slug=f"topic-{number}")
    monkeypatch.setattr(TopicSitemap, "limit", 11)  # one topic in eleven languages per page
    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>https?://[^/<]+(/sitemap-topics\.xml(?:\?p=\d+)?)</loc>", index)
    assert len(pages) == TopicSitemap().paginator.num_pages > 1
    last = client.get(pages[-1].replace("&amp;", "&"))
    assert last.status_code == 200 and last.content.decode().count("<url>") <= 11
