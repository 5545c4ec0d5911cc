"""The site in a real browser (Debian's Chromium through Playwright), served on 127.0.0.1.

The fixtures ``browser``, ``site`` and ``shared_site`` are in conftest.py; accessibility checks
of every page are in test_accessibility.py."""

import pytest

pytestmark = pytest.mark.browser

PUBLIC_PATHS = [
    "/{lang}/",
    "/{lang}/topics/",
    "/{lang}/topics/entry-and-residence/",
    "/{lang}/for/refugees/",
    "/{lang}/partners/",
    "/{lang}/partners/buergeramt/",
    "/{lang}/visit/",
    "/{lang}/calendar/",
    "/{lang}/impressum/",
    "/{lang}/barrierefreiheit/melden/",
    "/{lang}/gebaerdensprache/",
    "/{lang}/no-such-page/",
]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def requests_while(page, action) -> list[str]:
    """The URLs the page requested while ``action`` ran; fails on a console error (such as a
    Content-Security-Policy violation)."""
    seen, errors = [], []
    page.on("request", lambda request: seen.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    action()
    page.wait_for_load_state("networkidle")
    assert not [e for e in errors if "404" not in e], errors
    return seen


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_public_pages_request_nothing_from_another_origin(page, site, lang):
    for path in PUBLIC_PATHS:
        seen = requests_while(page, lambda p=path: page.goto(site + p.format(lang=lang)))
        foreign = [url for url in seen if not url.startswith(site)]
        assert seen and not foreign, (path, foreign)


def test_admin_requests_nothing_from_another_origin(page, site, django_user_model):
    from hours.models import Location
    from services.models import Topic
    from wzl_site.models import LegalPage

    django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    topic = f"/admin/services/topic/{Topic.objects.get(slug='housing').pk}/change/"
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    for path in [
        "/admin/",
        topic,
        "/admin/partners/offer/add/",
        "/admin/services/office/add/",
        "/admin/referral-slip/",
        f"/admin/hours/location/{Location.objects.get().pk}/change/",
        f"/admin/wzl_site/legalpage/{LegalPage.objects.get(kind='privacy').pk}/change/",
    ]:
        seen = requests_while(page, lambda p=path: page.goto(site + p))
        foreign = [url for url in seen if not url.startswith(site)]
        assert page.url == site + path
        assert not foreign, (path, foreign)
    # The tabbed translation form works from our own copy of jQuery UI: one tab per language.
    page.goto(site + topic)
    assert page.locator(".ui-tabs-nav").first.locator("li").count() == 11


def test_language_switch_without_javascript_keeps_the_page(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/de/topics/housing/")
    page.click(".language-switcher summary")
    page.click(".language-switcher a[lang=ar]")
    assert page.url == site + "/ar/topics/housing/"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    context.close()


def test_phone_width_has_no_horizontal_scrolling(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for lang in ["de", "ar", "uk"]:
        for path in ["", "calendar/", "partners/mosaik-leipzig/"]:
            page.goto(f"{site}/{lang}/{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, (lang, path)
    context.close()


READING_ORDER_JS = """
(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) { if (walker.currentNode.textContent.trim()) nodes.push(walker.currentNode); }
  const first = nodes[0], last = nodes[nodes.length - 1];
  const rect = (node, index) => {
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + 1);
    return range.getBoundingClientRect();
  };
  const start = rect(first, first.textContent.search(/\\S/));
  const endIndex = last.textContent.trimEnd().length - 1;
  const end = rect(last, endIndex);
  return {text: element.innerText, sameLine: Math.abs(start.top - end.top) < 2,
          leftToRight: start.left < end.left};
}
"""


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["ar", "fa", "de"])
def test_right_to_left_pages_read_in_order_without_overflow(browser, site, lang, width):
    import re

    from django.utils import translation

    from partners.models import Partner

    with translation.override(lang):
        names = [str(partner.name) for partner in Partner.objects.all()]
    arabic_script = re.compile("[\u0600-\u06ff]")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    checked = 0
    for path in ["", "topics/entry-and-residence/", "partners/mosaik-leipzig/", "visit/"]:
        page.goto(f"{site}/{lang}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        direction = "rtl" if lang in {"ar", "fa"} else "ltr"
        assert page.locator("html").get_attribute("dir") == direction
        switcher = page.locator(".language-switcher summary")
        switcher.scroll_into_view_if_needed()
        box = switcher.bounding_box()
        assert switcher.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
        for name in page.locator("a[href*='/partners/'] bdi").all():
            order = name.evaluate(READING_ORDER_JS)
            text = order["text"].strip()
            assert any(text in full for full in names), (path, text)
            if not arabic_script.search(text) and order["sameLine"]:
                # A Latin name reads from its first letter to its final full stop.
                assert order["leftToRight"], (path, text)
                checked += 1
    assert checked > 0  # the page showed Latin names to check
    context.close()
