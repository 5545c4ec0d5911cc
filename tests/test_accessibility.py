"""Accessibility in a real browser: every public page template in German, English and Arabic,
at 1280 and 320 CSS pixels wide (WCAG 2.1 AA, as BITV 2.0 asks of a public body's site).

``survey`` opens every page of ``PAGES`` once per width and language and records what the
tests below check: axe-core's violations, horizontal scrolling at 320 px and at 200 % text size,
console errors, the heading levels, images without a text alternative and small touch targets.
A new public page needs a row in ``PAGES`` (``test_every_public_page_has_a_row`` says which).
"""

import re
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.routes import public_routes

# The pages are read from the content ``shared_site`` loads once for the module; each test
# runs in a transaction that is rolled back (the module's content is not).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LANGUAGES = ["de", "en", "ar"]
WIDTHS = [1280, 320]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# WCAG 2.5.8 (Target Size, Minimum): controls outside running text are at least 24 × 24 px.
SMALLEST_TARGET = 24


@dataclass(frozen=True)
class Row:
    """One public page: its URL name and arguments, a query string, and the status it answers
    with; ``path`` for a page without a name (the 404)."""

    name: str
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    status: int = 200
    path: str = ""

    def url(self, lang: str) -> str:
        if self.path:
            return self.path.format(lang=lang)
        with translation.override(lang):
            path = reverse(self.name, kwargs=self.kwargs or None)
        return f"{path}?{self.query}" if self.query else path

    @property
    def label(self) -> str:
        return f"{self.name}{'?' + self.query if self.query else ''}"


# Every public page template, with the seed content and what conftest adds to it (a closure
# notice, an offer of Mosaik's with a slot, a material on housing from the Bürgeramt).
PAGES = [
    Row("home"),
    Row("services:topic_list"),
    Row("services:topic_detail", {"slug": "housing"}),  # with an information material
    Row("services:topic_detail", {"slug": "entry-and-residence"}),
    Row("services:target_group_detail", {"slug": "refugees"}),
    Row("services:material_list"),
    Row("services:material_list", query="topic=housing"),
    Row("partners:partner_list"),
    Row("partners:partner_detail", {"slug": "buergeramt"}),  # with an information material
    Row("partners:partner_detail", {"slug": "mosaik-leipzig"}),  # with consultation hours
    Row("search"),
    Row("search", query="q=Wohnung"),
    Row("search", query="q=xylophon"),
    Row("open_data"),
    Row("visit"),
    Row("calendar"),
    Row("impressum"),
    Row("privacy"),
    Row("accessibility"),
    Row("accessibility_report"),
    Row("easy_language"),
    Row("sign_language"),  # the seed has no video: the text in its place
    Row("404", status=404, path="/{lang}/no-such-page/"),
]
# Public addresses that are no HTML page, and why.
NOT_PAGES = {
    "calendar_feed": "an iCalendar feed",
    "services:material_file": "a PDF download",
    "sitemap": "XML for search engines",
    "sitemap_section": "XML for search engines",
    "robots": "plain text for search engines",
    "health": "JSON for the load balancer",
    "favicon": "a redirect to the icon",
    "sign_language_video": "a video file",
    **{
        f"api:{name}": "JSON or CSV of the open-data API"
        for name in [
            "schema",
            "hours",
            "hours-status",
            *(f"{kind}-list" for kind in ["topic", "target-group", "partner"]),
            *(f"{kind}-list" for kind in ["offer", "office", "material"]),
            *(f"{kind}-detail" for kind in ["topic", "target-group", "partner"]),
        ]
    },
}


def test_every_public_page_has_a_row():
    routes = public_routes() - NOT_PAGES.keys()
    rows = {row.name for row in PAGES if not row.path}
    assert routes - rows == set(), "public pages without a row in PAGES: add one"
    assert rows - routes == set(), "rows in PAGES for addresses that no longer exist"
    assert NOT_PAGES.keys() - public_routes() == set(), "NOT_PAGES names no address"


# --- What the survey measures on each page ----------------------------------------------------

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# At 200 % text size (WCAG 1.4.4): the page does not scroll sideways, and no element that hides
# its overflow cuts text off (the visually hidden helpers excepted).
ZOOMED_JS = """
() => {
  const root = document.documentElement;
  root.style.fontSize = '200%';
  const overflow = root.scrollWidth - root.clientWidth;
  const clipped = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('.visually-hidden') || !element.checkVisibility()) continue;
    const style = getComputedStyle(element);
    if (!['hidden', 'clip'].includes(style.overflowX)) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      clipped.push(element.outerHTML.slice(0, 100));
    }
  }
  root.style.fontSize = '';
  return {overflow, clipped};
}
"""

HEADINGS_JS = """
() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.checkVisibility())
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])
"""

# <img> without alt, and inline SVG that is neither hidden from assistive technology nor named.
IMAGES_JS = """
() => [
  ...Array.from(document.querySelectorAll('img:not([alt]), input[type=image]:not([alt])')),
  ...Array.from(document.querySelectorAll('svg')).filter(svg =>
    svg.getAttribute('aria-hidden') !== 'true'
    && !(svg.getAttribute('role') === 'img'
         && (svg.getAttribute('aria-label') || svg.querySelector(':scope > title')))),
].map(element => element.outerHTML.slice(0, 100))
"""

# The controls of the header (site name, language switcher opened, search), the main navigation
# and the footer: each at least 24 × 24 px and, for the switcher's list, inside the viewport.
TARGETS_JS = """
(smallest) => {
  const switcher = document.querySelector('.language-switcher');
  const wasOpen = switcher.open;
  switcher.open = true;
  const selector = ['a', 'button', 'input', 'select', 'textarea', 'summary']
    .flatMap(tag => ['.site-header', '.site-footer'].map(part => `${part} ${tag}`)).join(', ');
  const problems = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.checkVisibility() || element.closest('.visually-hidden')) continue;
    const box = element.getBoundingClientRect();
    const name = (element.textContent.trim() || element.outerHTML).slice(0, 40);
    if (box.width < smallest || box.height < smallest) {
      problems.push(`${name}: ${box.width.toFixed(1)} × ${box.height.toFixed(1)} px`);
    }
    if (box.left < 0 || box.right > document.documentElement.clientWidth) {
      problems.push(`${name}: outside the viewport (${box.left.toFixed(0)}–${box.right.toFixed(0)})`);
    }
  }
  switcher.open = wasOpen;
  return problems;
}
"""


@dataclass
class Visit:
    """What one page showed in one language at one width."""

    label: str
    width: int
    violations: list[str] = field(default_factory=list)
    overflow: int = 0
    zoomed: dict = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    headings: list[list] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    small_targets: list[str] = field(default_factory=list)


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


def collect_errors(page, errors: list[str]) -> None:
    """Adds the page's console errors and uncaught exceptions to ``errors`` as they come."""

    def console(message):
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))


@pytest.fixture(scope="module")
def survey(browser, shared_site) -> list[Visit]:
    """Every page of PAGES in every language of LANGUAGES at every width of WIDTHS: one browser
    context per width, one visit per page."""
    visits, errors = [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        collect_errors(page, errors)
        for lang in LANGUAGES:
            for row in PAGES:
                url = shared_site + row.url(lang)
                errors.clear()
                response = page.goto(url)
                visit = Visit(f"{lang} {width}px {row.label} ({row.url(lang)})", width)
                assert response.status == row.status, f"{visit.label}: {response.status}"
                visit.violations = axe_violations(page)
                visit.overflow = page.evaluate(OVERFLOW_JS)
                if width > 320:
                    visit.zoomed = page.evaluate(ZOOMED_JS)
                visit.headings = page.evaluate(HEADINGS_JS)
                visit.images = page.evaluate(IMAGES_JS)
                visit.small_targets = page.evaluate(TARGETS_JS, SMALLEST_TARGET)
                # By now the icon has been asked for too. The 404 page's own status is no
                # error of the page.
                visit.console_errors = [
                    error for error in errors if not (row.status == 404 and f"({url})" in error)
                ]
                visits.append(visit)
        context.close()
    return visits


def report(problems: list[tuple[str, list]]) -> str:
    return "\n".join(f"{label}:\n  " + "\n  ".join(map(str, found)) for label, found in problems)


def test_axe_finds_no_violation_on_any_page(survey):
    problems = [(visit.label, visit.violations) for visit in survey if visit.violations]
    assert not problems, report(problems)


def test_no_page_scrolls_sideways_at_320_px(survey):
    """WCAG 1.4.10 (Reflow): 320 CSS px, as 1280 px at 400 % zoom."""
    problems = [
        (visit.label, [f"{visit.overflow} px too wide"])
        for visit in survey
        if visit.width == 320 and visit.overflow > 0
    ]
    assert not problems, report(problems)


def test_text_at_200_percent_is_not_cut_off_at_1280_px(survey):
    """WCAG 1.4.4 (Resize text): the root font size doubled."""
    problems = [
        (visit.label, [f"{visit.zoomed['overflow']} px too wide", *visit.zoomed["clipped"]])
        for visit in survey
        if visit.zoomed and (visit.zoomed["overflow"] > 0 or visit.zoomed["clipped"])
    ]
    assert not problems, report(problems)


def test_no_page_logs_a_console_error(survey):
    problems = [(visit.label, visit.console_errors) for visit in survey if visit.console_errors]
    assert not problems, report(problems)


def test_no_page_skips_a_heading_level(survey):
    problems = []
    for visit in survey:
        levels = [level for level, _text in visit.headings]
        skips = [
            f"h{before} → h{after} ({visit.headings[index + 1][1]})"
            for index, (before, after) in enumerate(pairwise(levels))
            if after > before + 1
        ]
        if not levels or levels[0] != 1:
            skips.insert(0, f"starts with {levels[:1]}, not with one h1")
        if skips:
            problems.append((visit.label, skips))
    assert not problems, report(problems)


def test_every_image_has_a_text_alternative(survey):
    problems = [(visit.label, visit.images) for visit in survey if visit.images]
    assert not problems, report(problems)


def test_controls_are_at_least_24_px_square(survey):
    problems = [(visit.label, visit.small_targets) for visit in survey if visit.small_targets]
    assert not problems, report(problems)


# --- Long words and addresses -----------------------------------------------------------------

LONG_URL = "https://www.leipzig.de/" + "/".join(["buergerservice-und-verwaltung"] * 6) + "/x" * 8
COMPOUND = "Aufenthaltserlaubnisverlängerungsantragsformular"  # 48 letters, as editors write


@pytest.fixture
def long_words_site(site):
    """The site with a topic whose title, summary and body hold a 200-character address and a
    48-letter compound (committed: the live server reads it on a connection of its own)."""
    from tests.factories import make_topic

    summary = f"Siehe {LONG_URL} zum {COMPOUND}."
    make_topic(
        slug="long-words",
        title_de=f"Das {COMPOUND}",
        title_en=f"The {COMPOUND}",
        summary_de=summary,
        summary_en=summary,
        body_de=f"{COMPOUND}: [{LONG_URL}]({LONG_URL}) und {LONG_URL}\n\n{COMPOUND * 2}",
        body_en=f"{COMPOUND}: [{LONG_URL}]({LONG_URL}) and {LONG_URL}",
        is_published=True,
    )
    return site


@pytest.mark.django_db(transaction=True)
def test_a_long_address_and_compound_in_a_topic_wrap_at_320_px(browser, long_words_site):
    assert len(LONG_URL) >= 200 and len(COMPOUND) >= 40
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    too_wide = []
    for lang in LANGUAGES:
        for path in ["", "topics/", "topics/long-words/", f"search/?q={COMPOUND[:20]}"]:
            page.goto(f"{long_words_site}/{lang}/{path}")
            assert COMPOUND[:20] in page.content(), path  # the topic is on the page
            if (overflow := page.evaluate(OVERFLOW_JS)) > 0:
                too_wide.append(f"/{lang}/{path}: {overflow} px too wide")
    context.close()
    assert not too_wide, "\n".join(too_wide)


# --- Keyboard ---------------------------------------------------------------------------------

# Numbers every element that can take focus in document order and notes how it looks unfocused
# (its outline and box shadow).
MARK_FOCUSABLE_JS = """
() => {
  window.unfocusedStyle = new Map();
  const focusable = document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]');
  focusable.forEach((element, index) => {
    element.dataset.order = index;
    const style = getComputedStyle(element);
    window.unfocusedStyle.set(element, {
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
    });
  });
}
"""

FOCUSED_JS = """
() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const unfocused = window.unfocusedStyle.get(element) ?? {outline: '', boxShadow: 'none'};
  // A focus outline at least 2 px wide, or a box shadow, that the element lacks unfocused.
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` !== unfocused.outline;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== unfocused.boxShadow;
  return {
    order: Number(element.dataset.order ?? -1),
    name: (element.textContent.trim() || element.outerHTML).slice(0, 40),
    visibleFocus: outline || shadow,
    inViewport: box.width > 0 && box.height > 0 && box.top >= 0
      && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
    summary: element.tagName === 'SUMMARY',
  };
}
"""

# What the Tab key must reach on the home page, in this order.
KEYBOARD_STOPS = {
    "skip link": ".skip-link",
    "language switcher": ".language-switcher summary, .language-switcher li a",
    "search field": "#site-search-q",
    "'I am …' links": ".group-list a",
    "topic links": ".cards a",
}


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_tab_reaches_every_control_of_the_home_page_in_reading_order_with_visible_focus(
    browser, shared_site, lang
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{shared_site}/{lang}/")
    page.evaluate(MARK_FOCUSABLE_JS)
    expected = {
        stop: [
            int(order)
            for order in page.locator(selector).evaluate_all(
                "elements => elements.map(e => e.dataset.order)"
            )
        ]
        for stop, selector in KEYBOARD_STOPS.items()
    }
    last = max(order for orders in expected.values() for order in orders)
    reached, problems = [], []
    for _press in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        reached.append(focused["order"])
        if not focused["visibleFocus"]:
            problems.append(f"{focused['name']}: no visible focus indicator")
        if not focused["inViewport"]:
            problems.append(f"{focused['name']}: focused outside the viewport")
        if focused["summary"]:
            page.keyboard.press("Enter")  # opens the language switcher: its links come next
        if focused["order"] == last:
            break
    context.close()
    assert reached[0] == expected["skip link"][0], "the skip link is not the first stop"
    assert all(a < b for a, b in pairwise(reached)), f"not in reading order: {reached}"
    for stop, orders in expected.items():
        missed = sorted(set(orders) - set(reached))
        assert orders and not missed, f"Tab never reaches the {stop} (elements {missed})"
    firsts = [reached.index(orders[0]) for orders in expected.values()]
    assert firsts == sorted(firsts), f"not in the order {list(KEYBOARD_STOPS)}"
    assert not problems, "\n".join(problems)


# --- Print ------------------------------------------------------------------------------------

A4_POINTS = (595.3, 841.9)


@pytest.mark.parametrize(
    "row",
    [
        Row("services:topic_detail", {"slug": "housing"}),
        Row("partners:partner_detail", {"slug": "buergeramt"}),
        Row("visit"),
    ],
    ids=lambda row: row.name,
)
def test_page_prints_on_a4_with_the_centres_address_hours_and_its_own_address(
    browser, shared_site, row
):
    import unicodedata

    from pypdf import PdfReader

    context = browser.new_context()
    page = context.new_page()
    url = shared_site + row.url("de")
    page.goto(url)

    def words(*texts: str) -> str:
        return r"\s+".join(re.escape(word) for text in texts for word in text.split())

    left_out = {  # the labels as they read on screen; a single word only as a line of its own
        "navigation": words(*page.locator(".main-nav a").all_inner_texts()),
        "language switcher": words(page.locator(".language-switcher summary").inner_text()),
        "skip link": words(page.locator(".skip-link").inner_text()),
        "search button": rf"(?m)^\s*{words(page.locator('.site-search button').inner_text())}\s*$",
    }
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True)))
    context.close()
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pdf.pages))
    width, height = (float(value) for value in pdf.pages[0].mediabox[2:])
    assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, "not A4"
    assert text.count("Otto-Schill-Straße 2") == 1, "the centre's address not once"
    assert re.search(r"Montag\s+13:00–17:00", text), "no opening hours"
    assert url in re.sub(r"\s+", "", text), "the page's own address is not printed"
    printed = [part for part, pattern in left_out.items() if re.search(pattern, text)]
    assert not printed, f"printed: {printed}\n{text}"


# --- The pages the law asks for: the barrier report form and the sign language video ---------


def test_a_barrier_report_is_sent_without_javascript_and_its_errors_pass_axe(
    browser, site, settings
):
    from wzl_site.models import BarrierReport

    settings.BARRIER_REPORT_MIN_SECONDS = 0  # a person takes seconds; the test does not wait
    for lang in ["de", "ar"]:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{site}/{lang}/barrierefreiheit/")
        page.click("a[href$='/barrierefreiheit/melden/']")
        page.click("form.report-form button[type=submit]")  # empty: errors
        assert page.locator("[role=alert]").count() == 1
        assert page.locator("#id_message[aria-invalid=true]").count() == 1
        page.fill("#id_message", f"Der Kontrast ist zu schwach ({lang}).")
        page.click("form.report-form button[type=submit]")
        assert page.locator("[role=status]").count() == 1
        context.close()
    assert sorted(BarrierReport.objects.values_list("language", flat=True)) == ["ar", "de"]

    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    for lang in LANGUAGES:
        page.goto(f"{site}/{lang}/barrierefreiheit/melden/")
        page.click("form.report-form button[type=submit]")
        assert page.locator("[role=alert]").count() == 1
        assert axe_violations(page) == [], lang
        assert page.evaluate(OVERFLOW_JS) == 0, lang
    context.close()


def test_the_sign_language_video_plays_in_the_browser_with_its_text_alternative(
    browser, site, settings, tmp_path
):
    from django.core.files import File

    from wzl_site.models import LegalPage

    page_record = LegalPage.objects.get(kind="sign_language")
    with open(Path(__file__).parent / "fixtures" / "dgs.webm", "rb") as video:
        page_record.video = File(video, name="dgs.webm")
        page_record.full_clean()
        page_record.save()
    context = browser.new_context()
    page = context.new_page()
    for lang in LANGUAGES:
        page.goto(f"{site}/{lang}/gebaerdensprache/")
        duration = page.evaluate(
            """() => new Promise((resolve) => {
                const video = document.querySelector('video');
                if (video.readyState >= 1) return resolve(video.duration);
                video.addEventListener('loadedmetadata', () => resolve(video.duration));
                video.addEventListener('error', () => resolve(-1));
            })"""
        )
        assert 1.5 < duration < 2.5 or duration == float("inf"), (lang, duration)
        assert page.locator("video[controls]").count() == 1
        assert page.locator("[lang=de] h3").count() >= 3  # the Leichte Sprache text
        assert axe_violations(page) == [], lang
    context.close()
