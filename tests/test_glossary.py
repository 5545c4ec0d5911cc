"""One voice per language: the glossary's terms in the interface catalog and in the content.

Each language has ``locale/<lang>/GLOSSARY.md``: a table of the fixed terms (the centre's name,
the offices and partners, the page names …) and of the wrong variants that must not come back.
The catalog (``django.po``) and the content (``wzl_site/content.py`` and
``wzl_site/translations/<lang>.json``) are checked against it, and every page is checked against
the links that lead to it.
"""

import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wzl_site import content

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LOCALE = Path(settings.LOCALE_PATHS[0])

# The glossary's page names and the catalog entries (context, msgid) that name those pages.
PAGES = {
    "Page: Home": [("page title", "Home"), ("breadcrumb", "Home")],
    "Page: Topics": [("page title", "Topics"), ("navigation", "Topics")],
    "Page: Partners": [("page title", "Partners"), ("navigation", "Partners")],
    "Page: Opening hours and address": [(None, "Opening hours and address")],
    "Page: Who is here when": [(None, "Who is here when")],
    "Page: Legal notice": [(None, "Legal notice")],
    "Page: Privacy": [(None, "Privacy")],
    "Page: Accessibility": [(None, "Accessibility")],
}
# The legal pages' titles come from the content, their links from the catalog.
LEGAL_PAGE_NAMES = {
    "imprint": "Page: Legal notice",
    "privacy": "Page: Privacy",
    "accessibility": "Page: Accessibility",
}
REQUIRED = [
    "Centre, long name",
    "Centre, short name",
    "City of Leipzig",
    "Bürgeramt",
    "Referat für Migration und Integration",
    "Verband binationaler Familien und Partnerschaften",
    "Mosaik Leipzig",
    "Internationaler Bund Mitte",
    "Arbeit und Leben",
    "Agentur für Arbeit",
    "Jobcenter",
    "IHK",
    "Verbraucherzentrale Sachsen",
    *PAGES,
    "partner",
    "offer",
    "referral",
    "first counselling",
    "first and referral counselling",
    "appointment",
    "public holiday",
    "form of address",
]
# Where the Bürgeramt and the centre had two names (interface and content).
NAMED_ONE_WAY = ["ar", "fa", "uk", "ru"]


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@cache
def glossary(lang: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{concept: (term, wrong variants)}`` from the language's GLOSSARY.md table."""
    rows = {}
    for line in (LOCALE / lang / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] == "Concept" or not cells[0].strip("-"):
            continue
        concept, term, wrong, _note = cells
        rows[concept] = (term, tuple(w.strip() for w in wrong.split(";") if w.strip()))
    return rows


@cache
def catalog(lang: str) -> dict[tuple[str | None, str], list[str]]:
    """The interface's texts: ``{(context, msgid): [msgstr, …]}`` (plural forms as a list)."""
    entries = {}
    for entry in polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po")):
        if entry.obsolete or not entry.msgid:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        entries[(entry.msgctxt, entry.msgid)] = [text or entry.msgid for text in texts]
    return entries


def interface(lang: str, msgctxt: str | None, msgid: str) -> str:
    return catalog(lang)[(msgctxt, msgid)][0]


@cache
def seed() -> dict:
    return content.seed()


def content_texts(lang: str) -> list[str]:
    """Every text of the seed content in one language (German and English from content.py,
    the others from translations/<lang>.json)."""
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(seed())
    return texts


def all_texts(lang: str) -> list[str]:
    return [text for texts in catalog(lang).values() for text in texts] + content_texts(lang)


def partner_name(lang: str, slug: str) -> str:
    [partner] = [p for p in seed()["partners"] if p["slug"] == slug]
    return partner["name"][lang]


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_language_has_a_glossary_of_the_fixed_terms(lang):
    terms = glossary(lang)
    missing = [concept for concept in REQUIRED if not terms.get(concept, ("",))[0]]
    assert not missing, f"{lang}/GLOSSARY.md lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_no_wrong_variant_is_left_in_the_catalog_or_the_content(lang):
    found = [
        (wrong, text[:80])
        for _concept, (_term, wrongs) in glossary(lang).items()
        for wrong in wrongs
        for text in all_texts(lang)
        if wrong.casefold() in text.casefold()
    ]
    assert not found, f"{lang}: variants the glossary rules out: {found}"


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_centre_and_the_pages_have_the_glossary_names(lang):
    terms = glossary(lang)
    long_name = terms["Centre, long name"][0]
    assert interface(lang, None, "Welcome Centre Leipzig") == long_name
    assert seed()["centre"]["name"][lang] == long_name
    assert normalised(interface(lang, None, "Welcome Centre")) == normalised(
        terms["Centre, short name"][0]
    )
    for concept, entries in PAGES.items():
        for msgctxt, msgid in entries:
            assert normalised(interface(lang, msgctxt, msgid)) == normalised(terms[concept][0]), (
                concept,
                msgctxt,
            )
    for page in seed()["legal_pages"]:
        if page["kind"] in LEGAL_PAGE_NAMES:
            title = normalised(page["title"][lang])
            assert title == normalised(terms[LEGAL_PAGE_NAMES[page["kind"]]][0]), page["kind"]


@pytest.mark.parametrize("lang", NAMED_ONE_WAY)
def test_the_buergeramt_has_one_name_in_the_interface_and_the_content(lang):
    term = glossary(lang)["Bürgeramt"][0]
    local_name = normalised(term.split(" (")[0])
    assert normalised(term) in normalised(partner_name(lang, "buergeramt"))
    naming_it = [text for text in all_texts(lang) if "Bürgeramt" in text]
    assert naming_it
    other_names = [text[:80] for text in naming_it if local_name not in normalised(text)]
    assert not other_names, f"{lang}: the Bürgeramt without “{term}”: {other_names}"


@pytest.mark.parametrize(
    ("lang", "wrong"),
    [("uk", r"(міста|місту) Лейпциг\b"), ("ru", r"(города|городу) Лейпциг\b")],
)
def test_leipzig_is_declined_after_city(lang, wrong):
    found = [text[:80] for text in all_texts(lang) if re.search(wrong, text)]
    assert not found


def test_ukrainian_says_you_in_lower_case_as_the_glossary_says():
    assert "lower case" in glossary("uk")["form of address"][0]
    pronoun = re.compile(r"(?<!\w)(Ви|Вас|Вам|Вами|Ваш\w*)(?!\w)")
    sentence_start = re.compile(r"(^|[.!?]\s+|\n\s*|>|«|\"|- )$")
    capitalised = [
        text[max(0, match.start() - 30) : match.end()]
        for text in all_texts("uk")
        for match in pronoun.finditer(text)
        if not sentence_start.search(text[: match.start()])
    ]
    assert not capitalised


class PageParser(HTMLParser):
    """The <title>, the first <h1> and the links of a page, each link with the region it is in."""

    def __init__(self):
        super().__init__()
        self.title, self.h1, self.links = "", None, []
        self._regions = []  # "header", "footer", "breadcrumbs" or None (another <nav>)
        self._capture = None  # ["title" | "h1" | "a", href, [text]]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("header", "footer"):
            self._regions.append(tag)
        elif tag == "nav":
            breadcrumbs = "breadcrumbs" in (attrs.get("class") or "").split()
            self._regions.append("breadcrumbs" if breadcrumbs else None)
        elif tag == "title" or (tag == "h1" and self.h1 is None):
            self._capture = [tag, None, []]
        elif tag == "a" and attrs.get("href"):
            self._capture = ["a", attrs["href"], []]

    def handle_endtag(self, tag):
        if tag in ("header", "footer", "nav") and self._regions:
            self._regions.pop()
        elif self._capture and tag == self._capture[0]:
            kind, href, parts = self._capture
            text = " ".join("".join(parts).split())
            if kind == "title":
                self.title = text
            elif kind == "h1":
                self.h1 = text
            else:
                region = next((r for r in reversed(self._regions) if r), "main")
                self.links.append((region, href, text))
            self._capture = None

    def handle_data(self, data):
        if self._capture:
            self._capture[2].append(data)

    def links_to(self, href: str, *, region: str) -> list[str]:
        return [text for where, target, text in self.links if target == href and where == region]

    @property
    def title_name(self) -> str:
        """The page's own name: the <title> without “ – Welcome Centre Leipzig”."""
        return self.title.rsplit(" – ", 1)[0]


def parse(client, url: str) -> PageParser:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def url_in(lang: str, name: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.usefixtures("seed_content")
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_page_is_called_what_its_links_say(client, lang):
    """The <h1> and <title> of each page are the text of the header or footer link to it."""
    home_url = url_in(lang, "home")
    home = parse(client, home_url)
    linked = [
        ("services:topic_list", "header"),
        ("partners:partner_list", "header"),
        ("visit", "header"),
        ("impressum", "footer"),
        ("privacy", "footer"),
        ("accessibility", "footer"),
    ]
    for name, region in linked:
        url = url_in(lang, name)
        link_texts = home.links_to(url, region=region)
        assert link_texts, f"{lang}: no {region} link to {url}"
        page = parse(client, url)
        for link_text in link_texts:
            assert normalised(page.h1) == normalised(link_text), (lang, url)
            assert normalised(page.title_name) == normalised(link_text), (lang, url)

    # The header's site name leads home, where it is the heading; the breadcrumbs' first link
    # is called what the home page's title says.
    assert normalised(home.h1) in normalised(home.links_to(home_url, region="header")[0])
    visit = parse(client, url_in(lang, "visit"))
    [breadcrumb_home] = visit.links_to(home_url, region="breadcrumbs")
    assert normalised(breadcrumb_home) == normalised(home.title_name)

    # "Who is here when: the next 14 days" leads to the page "Who is here when".
    calendar_url = url_in(lang, "calendar")
    calendar = parse(client, calendar_url)
    [to_calendar, *_] = visit.links_to(calendar_url, region="main")
    assert normalised(to_calendar).startswith(normalised(calendar.h1))
    assert normalised(calendar.title_name) == normalised(calendar.h1)
