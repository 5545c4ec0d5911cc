"""Page weight: every public page is at most 50 KB of HTML, CSS, JavaScript and images together
(uncompressed), uses no web fonts and requests nothing from another origin.

One row per page template, each rendered in every site language, for every page of it that the
seed content has: the HTML plus every file it makes the browser load (stylesheets, scripts,
images, icons, media, and what the stylesheets load in turn), counted once each.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from services.models import TargetGroup, Topic

BUDGET = 50 * 1024
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
FONT_FILES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# <link rel=…> values that name another address without loading it.
REFERENCE_RELS = {
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "tag",
}
# Attributes whose value the browser fetches, whatever the element.
FETCHED = {"src", "poster", "data", "background"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1""")


class LoadedByHtml(HTMLParser):
    """The addresses an HTML page makes the browser load, and its inline CSS."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(attrs.get("rel", "").lower().split())
            if rels - REFERENCE_RELS:
                self.urls.append(attrs.get("href", ""))
        if tag in {"image", "use", "feimage"}:  # SVG: a reference to another file loads it
            for name in ("href", "xlink:href"):
                if attrs.get(name) and not attrs[name].startswith("#"):
                    self.urls.append(attrs[name])
        for name, value in attrs.items():
            if name in FETCHED and value:
                self.urls.append(value)
            elif name in {"srcset", "imagesrcset"}:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.inline_css.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


@dataclass
class Weight:
    """What one page weighs: the HTML, each file it loads, and what breaks the rules."""

    label: str
    html: int
    files: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + sum(self.files.values())

    def breakdown(self) -> str:
        parts = [f"HTML {self.html:,}"] + [f"{url} {size:,}" for url, size in self.files.items()]
        return f"{self.label}: {self.total:,} bytes ({'; '.join(parts)})"


def css_urls(css: str) -> list[str]:
    """The addresses a stylesheet loads: its ``url(…)`` values and ``@import`` rules."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = [url for _quote, url in CSS_URL.findall(css) + CSS_IMPORT.findall(css)]
    return list(dict.fromkeys(found))


def weigh(weight: Weight, url: str, *, base: str) -> None:
    """Add the file at ``url`` (as written in the page or stylesheet at ``base``) and what it
    loads in turn; note the problems."""
    url = url.strip()
    if not url or url.startswith(("#", "data:")):
        return  # no request: a fragment, or inline data already counted with its document
    if url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        weight.problems.append(f"{url} (in {base}) is not on the site's own origin")
        return
    path = urlsplit(urljoin(base, url)).path
    if path in weight.files:
        return
    if path.lower().endswith(FONT_FILES):
        weight.problems.append(f"{path} (in {base}) is a web font")
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    found = finders.find(path.removeprefix(static_url)) if path.startswith(static_url) else None
    if found is None:
        weight.problems.append(f"{path} (in {base}) is no static file this test can weigh")
        return
    content = Path(found).read_bytes()
    weight.files[path] = len(content)
    if path.endswith(".css"):
        css = content.decode()
        if "@font-face" in css:
            weight.problems.append(f"{path} declares a web font (@font-face)")
        for inner in css_urls(css):
            weigh(weight, inner, base=path)


def page_weight(label: str, path: str, response, template: str) -> Weight:
    assert template in [used.name for used in response.templates], (
        f"{label} was not rendered from {template}"
    )
    assert "Content-Encoding" not in response, f"{label} came compressed"
    weight = Weight(label, len(response.content))
    parser = LoadedByHtml()
    parser.feed(response.content.decode())
    for url in parser.urls:
        weigh(weight, url, base=path)
    for css in parser.inline_css:
        if "@font-face" in css:
            weight.problems.append(f"{path} declares a web font (@font-face) inline")
        for url in css_urls(css):
            weigh(weight, url, base=path)
    return weight


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def failing_view(**kwargs):
    raise ValueError("a bug")


def named(name: str):
    """The page called ``name``, as a function of the language."""

    def paths(lang: str) -> list[str]:
        with translation.override(lang):
            return [reverse(name)]

    return paths


def each_published(model):
    """The page of every published ``model``, as a function of the language."""

    def paths(lang: str) -> list[str]:
        with translation.override(lang):
            return [obj.get_absolute_url() for obj in model.objects.published()]

    return paths


def legal_pages(lang: str) -> list[str]:
    """The legal pages with no template of their own."""
    return named("impressum")(lang) + named("easy_language")(lang)


def searches(lang: str) -> list[str]:
    """The form alone, pages of results ("e": every text on SQLite; the other word on
    PostgreSQL) and a search that finds nothing."""
    with translation.override(lang):
        path = reverse("search")
    return [path, f"{path}?q=e", f"{path}?q=Willkommenszentrum", f"{path}?q=xylophon"]


# Every page template (a template under templates/ that is not base.html, an include, or the
# admin's), the addresses it renders for the seed content, and the status it answers with.
PAGE_TEMPLATES = {
    "home.html": (named("home"), 200),
    "visit.html": (named("visit"), 200),
    "calendar.html": (named("calendar"), 200),
    "services/topic_list.html": (named("services:topic_list"), 200),
    "services/topic_detail.html": (each_published(Topic), 200),
    "services/target_group_detail.html": (each_published(TargetGroup), 200),
    "services/material_list.html": (named("services:material_list"), 200),
    "partners/partner_list.html": (named("partners:partner_list"), 200),
    "partners/partner_detail.html": (each_published(Partner), 200),
    "legal/page.html": (legal_pages, 200),
    "legal/privacy.html": (named("privacy"), 200),
    "legal/accessibility.html": (named("accessibility"), 200),
    "legal/sign_language.html": (named("sign_language"), 200),
    "legal/barrier_report.html": (named("accessibility_report"), 200),
    "search.html": (searches, 200),
    "open_data.html": (named("open_data"), 200),
    "404.html": (lambda lang: [f"/{lang}/no-such-page/"], 404),
    "500.html": (named("home"), 500),  # a view that fails
    "503.html": (named("home"), 503),  # the database cannot be reached
}
NOT_PAGE_TEMPLATES = {
    "base.html": "the frame every page extends, weighed with each",
    "registration/locked_out.html": "the admin's sign-in lockout, not a public page",
}


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_page_weighs_at_most_50_kb_without_web_fonts_or_other_origins(
    client, seed_content, settings, monkeypatch, template
):
    settings.PAGE_CACHE_SECONDS = 0
    paths_in, status = PAGE_TEMPLATES[template]
    if status == 500:
        monkeypatch.setattr("wzl_site.views.centre_location", failing_view)
        client.raise_request_exception = False
    weights = []
    for lang in LANGUAGES:
        for path in paths_in(lang):
            cache.clear()
            if status == 503:
                with connection.execute_wrapper(refuse_every_query):
                    response = client.get(path)
            else:
                response = client.get(path)
            label = f"{template} {path}"
            assert response.status_code == status, f"{label} answered {response.status_code}"
            weights.append(page_weight(label, path, response, template))
    assert weights, f"{template}: no page to weigh"
    heavy = [weight for weight in weights if weight.total > BUDGET]
    assert not heavy, f"more than {BUDGET:,} bytes:\n" + "\n".join(
        weight.breakdown() for weight in heavy
    )
    broken = [f"{weight.label}: {problem}" for weight in weights for problem in weight.problems]
    assert not broken, "\n".join(broken)


def test_every_page_template_has_a_row():
    templates = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "includes" not in path.parts and path.parts[len(TEMPLATES.parts)] != "admin"
    }
    rows = PAGE_TEMPLATES.keys() | NOT_PAGE_TEMPLATES.keys()
    assert templates - rows == set(), "page templates without a row in PAGE_TEMPLATES"
    assert rows - templates == set(), "rows for templates that no longer exist"
