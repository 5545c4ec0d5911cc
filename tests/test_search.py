"""The site search: one box on every page, results in the visitor's language and in German."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from services.selectors import language_names
from tests.factories import (
    make_material,
    make_offer,
    make_partner,
    make_target_group,
    make_topic,
)
from wzl_site.search import QUERY_MAX_LENGTH, highlighted, matched_spans, parse_query

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}
MARKERS = (
    '<script>alert("x1")</script>',
    '"><svg onload=x>',
    "'><img src=x onerror=alert(2)>",
    "</title><script>alert(3)</script>",
)
TELLS = ("<script>alert(", "<svg onload=x", "<img src=x onerror=")

pytestmark = pytest.mark.django_db


def search(client, query=None, *, lang="de", **params):
    if query is not None:
        params["q"] = query
    response = client.get(f"/{lang}/search/", params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def results(html: str) -> list[dict]:
    """Each result on the page: its kind, link, title and excerpt as text."""
    found = []
    for item in re.findall(r'<li class="search-result">(.*?)</li>', html, re.S):
        link = re.search(r'<h2><a href="([^"]+)">(.*?)</a></h2>', item, re.S)
        excerpt = re.search(r"<p lang=[^>]*>(.*?)</p>", item, re.S)
        found.append(
            {
                "kind": text_of(re.search(r'<p class="search-kind">(.*?)</p>', item, re.S)[1]),
                "url": link[1],
                "title": text_of(link[2]),
                "title_html": link[2],
                "excerpt": text_of(excerpt[1]) if excerpt else "",
                "excerpt_html": excerpt[1] if excerpt else "",
            }
        )
    return found


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def assert_nothing_unescaped(html: str) -> None:
    lowered = html.lower()
    assert not [tell for tell in TELLS if tell in lowered], "a payload came back unescaped"


# --- The box and the page -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_search_page_in_every_language_is_not_indexed(client, lang):
    with translation.override(lang):
        title = pgettext("page title", "Search")
        url = reverse("search")
    assert url == f"/{lang}/search/"
    html = search(client, lang=lang)
    assert f'<html lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}">' in html
    assert re.search(r"<title>(.*?)</title>", html, re.S)[1].startswith(title)
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("lang", ["de", "uk", "ar"])
def test_every_page_has_a_search_box_that_works_without_javascript(client, lang):
    make_topic(slug="housing", title_de="Wohnen")
    for path in [f"/{lang}/", f"/{lang}/topics/", f"/{lang}/topics/housing/", f"/{lang}/visit/"]:
        html = client.get(path).content.decode()
        form = re.search(r'<form class="site-search"(.*?)</form>', html, re.S)
        assert form, f"no search box on {path}"
        assert f'method="get" action="/{lang}/search/"' in form[0]
        assert '<input id="site-search-q" type="search" name="q"' in form[0]
        assert re.search(r'<label class="visually-hidden" for="site-search-q">\w', form[0])
        assert 'type="submit"' in form[0]


def test_an_empty_search_shows_the_form_and_a_hint_but_no_results(client):
    make_topic(title_de="Arbeit")
    for query in [None, "", "   ", "\t"]:
        html = search(client, query)
        assert 'id="search-q"' in html
        assert "for example" in search(client, query, lang="en")
        assert "search-results" not in html
        assert "Nothing was found" not in search(client, query, lang="en")


# --- What is found --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "fields", "query"),
    [
        ("de", {"title_de": "Gesundheit", "body_de": "Ein Termin bei der ÄRZTIN."}, "ärztin"),
        ("de", {"title_de": "Gesundheit", "body_de": "Ein Termin bei der Ärztin."}, "ÄRZTIN"),
        ("uk", {"title_de": "Wohnen", "title_uk": "Житло"}, "ЖИТЛО"),
        ("uk", {"title_de": "Wohnen", "title_uk": "ЖИТЛО"}, "житло"),
        ("ru", {"title_de": "Wohnen", "summary_ru": "Поиск ЖИЛЬЯ в Лейпциге"}, "жилья"),
        ("ar", {"title_de": "Wohnen", "title_ar": "السكن"}, "السكن"),
        ("fa", {"title_de": "Wohnen", "summary_fa": "پیدا کردن مسکن در لایپزیگ"}, "مسکن"),
    ],
    ids=["latin lower", "latin upper", "cyrillic upper", "cyrillic lower", "russian", "ar", "fa"],
)
def test_search_ignores_case_in_every_script(client, lang, fields, query):
    make_topic(slug="found", **fields)
    make_topic(slug="other", title_de="Sprachkurse", summary_de="Deutsch lernen")
    found = results(search(client, query, lang=lang))
    assert [result["url"] for result in found] == [f"/{lang}/topics/found/"]
    assert "<mark>" in found[0]["title_html"] + found[0]["excerpt_html"]


def test_a_german_word_finds_the_topic_from_the_ukrainian_page(client):
    make_topic(slug="housing", title_de="Wohnen", title_uk="Житло", summary_uk="Де жити")
    found = results(search(client, "Wohnen", lang="uk"))
    assert [(result["url"], result["title"]) for result in found] == [
        ("/uk/topics/housing/", "Житло")
    ]


def test_an_untranslated_topic_is_found_in_the_text_the_visitor_sees(client):
    """Shown in English where Ukrainian is missing: the English word finds it too."""
    make_topic(slug="work", title_de="Arbeit", title_en="Work")
    assert [result["url"] for result in results(search(client, "work", lang="uk"))] == [
        "/uk/topics/work/"
    ]


def test_a_title_match_ranks_above_a_match_in_the_body(client):
    make_topic(slug="body", order=0, title_de="Sprachkurse", body_de="Kurse für die Arbeit.")
    make_topic(slug="title", order=1, title_de="Arbeit", summary_de="Eine Stelle finden")
    found = results(search(client, "Arbeit"))
    assert [result["url"] for result in found] == ["/de/topics/title/", "/de/topics/body/"]


def test_results_name_their_kind_and_link_to_the_page_in_the_visitors_language(client):
    topic = make_topic(slug="counselling", title_en="Counselling on benefits")
    make_target_group(slug="students", name_en="Students", description_en="Counselling for you")
    partner = make_partner(slug="mosaik", name_de="Mosaik Leipzig e.V.", description_de="Wir")
    partner.description_en = "Counselling in six languages"
    partner.save()
    make_offer(partner=partner, title_en="Migration counselling", topics=[topic])
    material = make_material(title_en="Counselling for tenants")
    make_topic(slug="unpublished", title_en="Counselling", is_published=False)
    make_partner(slug="hidden", description_en="Counselling", is_published=False)
    make_material(title_en="Counselling", is_published=False)
    found = {(r["kind"], r["url"]) for r in results(search(client, "counselling", lang="en"))}
    assert found == {
        ("Topic", "/en/topics/counselling/"),
        ("Target group", "/en/for/students/"),
        ("Partner", "/en/partners/mosaik/"),
        ("Offer · Mosaik Leipzig e.V.", "/en/partners/mosaik/"),
        ("Information material", f"/en/materials/#material-{material.pk}"),
    }


def test_an_offer_of_an_unpublished_partner_is_not_found(client):
    make_offer(partner=make_partner(is_published=False), title_de="Beratung zur Arbeit")
    make_offer(title_de="Beratung zur Arbeit", is_published=False)
    assert results(search(client, "Arbeit")) == []


# --- Information materials ---------------------------------------------------------------------


def test_a_german_word_finds_a_material_from_the_ukrainian_page(client):
    material = make_material(
        title_de="Mietvertrag verstehen",
        title_uk="Як зрозуміти договір оренди",
        description_de="Was im Mietvertrag steht.",
        language="ar",
    )
    make_material(title_de="Sprachkurse in Leipzig")
    html = search(client, "Mietvertrag", lang="uk")
    with translation.override("uk"):
        kind = pgettext("search result kind", "Information material")
        arabic = language_names()["ar"]
    [result] = results(html)
    assert (result["kind"], result["url"], result["title"]) == (
        kind,
        f"/uk/materials/#material-{material.pk}",
        "Як зрозуміти договір оренди",
    )
    assert "<mark>Mietvertrag</mark>" in result["excerpt_html"]
    assert f"<bdi>{arabic}</bdi>" in html  # "арабська": the language it is written in


def test_the_link_of_a_material_leads_to_it_on_the_materials_page(client):
    material = make_material(title_de="Mietvertrag verstehen", language="fa")
    [result] = results(search(client, "Mietvertrag", lang="en"))
    path, anchor = result["url"].split("#")
    assert (path, anchor) == ("/en/materials/", f"material-{material.pk}")
    page = client.get(path).content.decode()
    assert f'id="{anchor}"' in page
    item = page[page.index(f'id="{anchor}"') :]
    assert "Mietvertrag verstehen" in item[: item.index("</li>")]
    assert "Persian" in item[: item.index("</li>")]


@pytest.mark.parametrize(
    ("lang", "fields", "query"),
    [
        ("uk", {"title_de": "Wohnen", "title_uk": "Житло"}, "ЖИТЛО"),
        ("uk", {"title_de": "Wohnen", "title_uk": "ЖИТЛО"}, "житло"),
        ("ru", {"title_de": "Wohnen", "description_ru": "Поиск ЖИЛЬЯ в Лейпциге"}, "жилья"),
        ("ar", {"title_de": "Wohnen", "title_ar": "السكن في لايبزيغ"}, "السكن"),
        ("ar", {"title_de": "Wohnen", "description_ar": "البحث عن السكن"}, "السكن"),
    ],
    ids=["cyrillic upper", "cyrillic lower", "russian description", "ar", "ar description"],
)
def test_a_material_is_found_regardless_of_case_in_every_script(client, lang, fields, query):
    material = make_material(**fields)
    make_material(title_de="Sprachkurse", description_de="Deutsch lernen")
    found = results(search(client, query, lang=lang))
    assert [result["url"] for result in found] == [f"/{lang}/materials/#material-{material.pk}"]
    assert "<mark>" in found[0]["title_html"] + found[0]["excerpt_html"]


def test_a_material_whose_title_matches_ranks_above_one_whose_description_does(client):
    described = make_material(order=0, title_de="Sprachkurse", description_de="Kurse für Arbeit.")
    titled = make_material(order=1, title_de="Arbeit finden", description_de="Eine Stelle")
    found = results(search(client, "Arbeit"))
    assert [result["url"] for result in found] == [
        f"/de/materials/#material-{titled.pk}",
        f"/de/materials/#material-{described.pk}",
    ]


def test_an_unpublished_material_is_not_found(client):
    make_material(title_de="Merkblatt Arbeit", description_de="Arbeit", is_published=False)
    html = search(client, "Arbeit", lang="en")
    assert results(html) == []
    assert "Nothing was found for your search." in html


def test_every_word_of_the_query_is_highlighted_in_the_excerpt(client):
    body = "Einleitung. " * 30 + "Wir helfen bei der **Suche** nach einer Wohnung in Leipzig."
    make_topic(slug="housing", title_de="Wohnen", body_de=body)
    [result] = results(search(client, "wohnung suche"))
    assert "<mark>Suche</mark>" in result["excerpt_html"]
    assert "<mark>Wohnung</mark>" in result["excerpt_html"]
    assert result["excerpt"].startswith("…")
    assert "**" not in result["excerpt"]  # Markdown left out
    assert len(result["excerpt"]) <= 230


def test_markup_in_content_and_query_is_shown_escaped_with_the_marks(client):
    make_topic(
        slug="x",
        title_de="Beratung <script>alert(1)</script>",
        summary_de='Beratung "><img src=x onerror=alert(2)> & mehr',
    )
    html = search(client, "<script>Beratung")
    [result] = results(html)
    assert "<mark>Beratung</mark> &lt;<mark>script</mark>&gt;alert(1)" in result["title_html"]
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; mehr" in result["excerpt_html"]
    assert 'value="&lt;script&gt;Beratung"' in html
    assert "<script>alert(1)" not in html


def test_highlighting_escapes_first_and_keeps_positions_when_case_folding_changes_length():
    text = "STRASSE <b>Straße</b> İstanbul"
    spans = matched_spans(text, ["straße", "istanbul"])
    assert str(highlighted(text, spans)) == (
        "<mark>STRASSE</mark> &lt;b&gt;<mark>Straße</mark>&lt;/b&gt; <mark>İstanbul</mark>"
    )


# --- Pages of results -------------------------------------------------------------------------


@pytest.fixture
def courses(db):
    for n in range(25):
        make_topic(slug=f"course-{n:02}", order=n, title_de=f"Sprachkurs {n}")


def test_twenty_five_results_are_shown_twenty_and_five_with_links_between(client, courses):
    first = search(client, "Sprachkurs")
    assert len(results(first)) == 20
    assert "25 results" in search(client, "Sprachkurs", lang="en")
    assert 'rel="next" href="/de/search/?q=Sprachkurs&amp;page=2"' in first
    assert 'rel="prev"' not in first
    second = search(client, "Sprachkurs", page="2")
    assert len(results(second)) == 5
    assert 'rel="prev" href="/de/search/?q=Sprachkurs&amp;page=1"' in second
    assert 'rel="next"' not in second
    urls = {r["url"] for r in results(first)} | {r["url"] for r in results(second)}
    assert len(urls) == 25


def test_the_page_links_keep_the_query_urlencoded(client, courses):
    html = search(client, "Sprachkurs &/?#")
    assert 'href="/de/search/?q=Sprachkurs%20%26/%3F%23&amp;page=2"' in html


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 20), ("", 20), ("1e3", 20), ("-1", 5), ("0", 5), ("3", 5), ("99999999999999999", 5)],
)
def test_a_page_that_is_no_number_or_out_of_range_shows_the_first_or_last(
    client, courses, page, shown
):
    assert len(results(search(client, "Sprachkurs", page=page))) == shown


def test_the_number_of_queries_does_not_grow_with_the_results(client):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            search(client, query)
        return len(captured)

    make_topic(title_de="Beratung")
    make_offer(title_de="Beratung")
    make_material(title_de="Beratung")
    few = queries("Beratung")
    for _ in range(10):
        make_topic(title_de="Beratung")
        make_offer(title_de="Beratung", partner=make_partner(name_de="Beratung"))
        make_target_group(name_de="Beratung")
        make_material(title_de="Beratung", partner=make_partner(name_de="Beratung"))
    assert queries("Beratung") == few


# --- Nothing found, and hostile input ---------------------------------------------------------


def test_when_nothing_is_found_the_page_suggests_the_topics_and_the_visit(client):
    make_topic(slug="housing", title_en="Housing")
    html = search(client, "xylophon", lang="en")
    assert "Nothing was found for your search." in html
    assert "search-results" not in html
    assert 'href="/en/topics/"' in html
    assert '<a href="/en/topics/housing/">Housing</a>' in html
    assert 'href="/en/visit/"' in html


def test_a_very_long_query_is_cut_and_the_visitor_told(client):
    make_topic(slug="work", title_de="Arbeit")
    html = search(client, "Arbeit " + "x" * 10_000, lang="en")
    value = re.search(r'id="search-q" type="search" name="q" value="([^"]*)"', html)[1]
    assert len(unescape(value)) == QUERY_MAX_LENGTH
    assert "only its first 200 characters" in html
    assert parse_query("a" * 10_000).shortened


@pytest.mark.parametrize(
    "query",
    [
        "Arb\x07eit\x1b[31m",
        "\x7f\x1b[31m",
        "\u202e\ufeff",
        "' OR '1'='1' --",
        "1; DROP TABLE services_topic;--",
        "%' OR 1=1 --",
        "{{ 7|add:7 }} {% debug %}",
        "\\",
        "()&|!:*",
        "\U0001f600" * 300,
        *MARKERS,
    ],
)
def test_hostile_queries_answer_200_and_never_come_back_unescaped(client, query):
    make_topic(slug="work", title_de="Arbeit", body_de="Arbeit <script>alert(1)</script>")
    html = search(client, query)
    assert_nothing_unescaped(html)
    assert 'id="search-q" type="search" name="q" value="' in html


def test_control_characters_are_spaces_in_the_query():
    assert parse_query("Arb\x07eit\x1b[31m").text == "Arb eit [31m"
    assert parse_query(" \t\n").terms == ()
    assert parse_query("«Wohnen», (Arbeit)!").terms == ("Wohnen", "Arbeit")


def test_a_nul_byte_in_the_query_is_refused(client):
    assert client.get("/de/search/?q=Arb%00eit").status_code == 400


def test_an_sql_fragment_finds_nothing_and_changes_nothing(client):
    make_topic(slug="work", title_de="Arbeit")
    for query in ["' OR '1'='1' --", "1; DROP TABLE services_topic;--"]:
        html = search(client, query, lang="en")
        assert results(html) == []
        assert "Nothing was found" in html
    assert results(search(client, "Arbeit")) != []


# --- PostgreSQL: stemming and typos -----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("lang", "fields", "query"),
    [
        ("de", {"title_de": "Arbeit"}, "Arbiet"),
        ("de", {"title_de": "Gesundheit und Pflege"}, "Gesundhiet"),
        ("uk", {"title_de": "Wohnen", "title_uk": "Житло"}, "житла"),
        ("uk", {"title_de": "Wohnen", "title_uk": "Житло"}, "ЖИТЛА"),
    ],
)
def test_a_typo_still_finds_the_title_on_postgresql(client, lang, fields, query):
    make_topic(slug="found", **fields)
    make_topic(slug="other", title_de="Sprachkurse", title_uk="Мовні курси")
    assert [result["url"] for result in results(search(client, query, lang=lang))] == [
        f"/{lang}/topics/found/"
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("lang", "fields", "query"),
    [
        ("de", {"title_de": "Merkblatt Arbeit"}, "Arbiet"),
        ("uk", {"title_de": "Wohnen", "title_uk": "Житло в Лейпцигу"}, "ЖИТТЛО"),
    ],
)
def test_a_typo_still_finds_a_material_on_postgresql(client, lang, fields, query):
    material = make_material(**fields)
    make_material(title_de="Sprachkurse", title_uk="Мовні курси")
    assert [result["url"] for result in results(search(client, query, lang=lang))] == [
        f"/{lang}/materials/#material-{material.pk}"
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("lang", "fields", "query"),
    [
        ("de", {"body_de": "Hilfe bei der Suche nach einer Wohnung."}, "Wohnungen"),
        ("en", {"body_en": "We help you find a flat."}, "helping"),
        ("ru", {"body_ru": "Помощь в поиске квартиры."}, "квартира"),
    ],
)
def test_full_text_search_finds_other_forms_of_a_word_on_postgresql(client, lang, fields, query):
    make_topic(slug="found", title_de="Wohnen", **fields)
    make_topic(slug="other", title_de="Sprachkurse")
    found = results(search(client, query, lang=lang))
    assert [result["url"] for result in found] == [f"/{lang}/topics/found/"]


@pytest.mark.postgres
def test_postgresql_lowercases_cyrillic_in_this_database():
    """Trigrams and lower() need a UTF-8 locale (HOUSE_STYLE.md, known pitfalls)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower('ЖИТЛО'), current_setting('lc_ctype')")
        lowered, ctype = cursor.fetchone()
    assert lowered == "житло", f"lc_ctype is {ctype}: the test database needs a UTF-8 locale"
