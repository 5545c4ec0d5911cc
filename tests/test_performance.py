"""Every public page reads the database a fixed number of times, however much content there is.

Each page is requested on a cold cache with the seed content (plus a closure and a day of special
hours, see ``with_exceptions_this_fortnight``, and an office, ``with_an_office``), then again
with ten times as much
(``tests.scale.fill_content``): the number of queries must be the same, and at most
``MOST_QUERIES``. A new public page needs a row in ``PAGES`` (the last test says which).
"""

import re
from dataclasses import dataclass, field
from datetime import time, timedelta
from html import unescape
from urllib.parse import urlencode

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hours.models import Location
from hours.selectors import local_date
from services.models import Topic
from tests.factories import make_exception, make_office
from tests.routes import public_routes
from tests.scale import fill_content
from wzl_site import page_cache
from wzl_site.operations import content_load

MOST_QUERIES = 13
FACTOR = 10


@dataclass(frozen=True)
class Page:
    """One public page: its URL name and the arguments of one such page, and ``query``, its
    query string. ``listed_in``: every address of this name that the page of that name (a
    sitemap index) lists."""

    name: str
    kwargs: dict = field(default_factory=dict)
    listed_in: str = ""
    query: dict = field(default_factory=dict)

    def paths(self, client: Client) -> list[str]:
        if not self.listed_in:
            with translation.override("de"):
                path = reverse(self.name, kwargs=self.kwargs or None)
            return [f"{path}?{urlencode(self.query)}" if self.query else path]
        index = client.get(reverse(self.listed_in))
        assert index.status_code == 200, f"{self.listed_in} answered {index.status_code}"
        urls = re.findall(r"<loc>(.*?)</loc>", index.content.decode())
        assert urls, f"{self.listed_in} lists no address"
        return [re.sub(r"^https?://[^/]+", "", unescape(url)) for url in urls]


# Every page built on base.html reads the announced closures and their special hours for its
# notice (2). Pages with the centre's hours (home, visit, calendar, the feed) read its location,
# periods, their hours, exceptions and their hours (5). The home and topic pages read the
# centre's own texts (1), topic pages also the organisations on site (1). The legal pages and
# the sitemaps read the site (1), since the site cache is cleared too.
# Every page built on base.html but the home and visit pages (which show them) also reads the
# centre's location with its periods and their hours for the printed page (2), not counted below.
PAGES = [
    # Hours (5), notice (2), centre's texts (1), partners, target groups, topics (3): 11.
    Page("home"),
    # Topics (1), notice (2): 3.
    Page("services:topic_list"),
    # The topic (1), its public offers with their partners (1) and their languages (1), the
    # offices people are referred to (1), its materials (1), its target groups (1), notice (2),
    # centre's texts (1), organisations on site (1), the centre's hours for print (2): 13.
    Page("services:topic_detail", {"slug": "entry-and-residence"}),
    # The group (1), its topics (1), notice (2): 4.
    Page("services:target_group_detail", {"slug": "students"}),
    # Materials with their topics and groups (3), the topics, groups and languages of any
    # published material for the filters (3), notice (2): 8.
    Page("services:material_list"),
    # Partners (1), notice (2): 3.
    Page("partners:partner_list"),
    # The partner (1), its offers (1) with their languages, topics and slots (3), its materials
    # (1), notice (2): 8.
    Page("partners:partner_detail", {"slug": "buergeramt"}),
    # Hours (5), notice (2): 7.
    Page("visit"),
    # Hours (5), the slots of public offers with offer and partner (1), notice (2): 8.
    Page("calendar"),
    # Hours (5), slots (1); no notice: 6.
    Page("calendar_feed"),
    # The legal page (1) with its sections (1), notice (2): 4 each.
    Page("impressum"),
    Page("privacy"),
    Page("accessibility"),
    Page("easy_language"),
    # The barrier report form: the accessibility statement's e-mail address (1), notice (2): 3.
    Page("accessibility_report"),
    # The page (1) with its sections (1), the Leichte Sprache page (1) with its sections (1),
    # notice (2): 6.
    Page("sign_language"),
    # The sitemap index: the site (1), how many topics, target groups, partners (3): 4.
    Page("sitemap"),
    # Each sitemap the index lists, each of its pages: the site (1), the page's items (1): 2;
    # the fixed list of pages reads the site only: 1.
    # A page that only ten times the content fills (?p=2) is compared with the section's first.
    Page("sitemap_section", listed_in="sitemap"),
    # A template without data: 0.
    Page("robots"),
    # The open-data page: notice (2).
    Page("open_data"),
    # The open-data API (no notice): how many (1), then the page of items (1) and what each list
    # prefetches: topics 2; groups with their guides' topics 3; partners with their public
    # offers and those offers' topics, groups, languages and slots 7; offers 6. Offices (with
    # their topics: 3) and materials (with partners, topics and groups: 4) are not in the seed,
    # nor in ten times it: the count alone, 1.
    Page("api:topic-list"),
    Page("api:target-group-list"),
    Page("api:partner-list"),
    Page("api:offer-list"),
    Page("api:office-list"),
    Page("api:material-list"),
    # One item: as one item of the list, without the count: 1, 2, 6.
    Page("api:topic-detail", {"slug": "housing"}),
    Page("api:target-group-detail", {"slug": "students"}),
    Page("api:partner-detail", {"slug": "buergeramt"}),
    # The centre's location with its periods, their hours, exceptions and their hours (5), in
    # the hours document and for the status alike.
    Page("api:hours"),
    Page("api:hours-status"),
    # The OpenAPI description, built from the code: 0.
    Page("api:schema"),
    # Topics, target groups, partners, offers with their partners and information materials (5),
    # however many match (every offer ten times the content adds is "Beratung …"), notice (2): 7.
    # Without a query: notice (2).
    Page("search", query={"q": "Beratung"}),
]
# Addresses that are not public pages, and why.
NOT_PAGES = {
    "services:material_file": "a PDF download, not a page: one query for the material",
    "health": "the load balancer's health check: its own connection, never cached",
    "favicon": "a redirect to the icon among the static files: no query",
    "sign_language_video": "a video download, not a page: one query for the page",
}


@dataclass
class Measured:
    path: str
    seed: list[str]
    grown: list[str] = field(default_factory=list)


def queries_of(client: Client, path: str) -> list[str]:
    """The SQL of one request on a cold cache (the content version read afresh too)."""
    cache.clear()
    Site.objects.clear_cache()
    page_cache._known.update(number=None, read_at=float("-inf"))
    page_cache._local.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def with_exceptions_this_fortnight() -> None:
    """A closure and a day of special hours within the notice window.

    The seed has no exceptions to the hours. Without any, Django skips the query for their
    hours (a prefetch of nothing), so the seed alone counts one or two queries fewer than any
    fortnight with a closure: that is not growth. The comparison starts from the seed with one
    exception of each kind."""
    centre = Location.objects.centre().get()
    today = local_date(timezone.now())
    make_exception(location=centre, starts_on=today + timedelta(days=1))
    make_exception(
        location=centre, starts_on=today + timedelta(days=3), hours=[(time(10), time(12))]
    )


def with_an_office() -> None:
    """One office people are referred to, on the topic page measured below.

    The content import creates no offices. Without any, Django skips the prefetch of their
    topics (a prefetch of nothing), so the seed alone would count fewer queries than any site
    with one office: the comparison starts from one."""
    make_office(topics=[Topic.objects.get(slug="entry-and-residence")], languages="de, ar")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker) -> dict[str, dict[str, Measured]]:
    """Every page's queries with the seed content and with ten times as much, by URL name.

    Loaded once for all rows (the content takes seconds to create) and rolled back after."""
    results: dict[str, dict[str, Measured]] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(
            PAGE_CACHE_SECONDS=0,  # rendering is measured, not the page cache
            STORAGES={  # as tests/conftest.py: no collectstatic manifest in tests
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ),
        transaction.atomic(),
    ):
        client = Client()
        content_load()
        with_exceptions_this_fortnight()
        with_an_office()
        for page in PAGES:
            results[page.name] = {
                path: Measured(path, queries_of(client, path)) for path in page.paths(client)
            }
        fill_content(factor=FACTOR)
        for page in PAGES:
            seed = results[page.name]
            for path in page.paths(client):
                if path not in seed:  # a further page of a paginated list: like its first
                    first = seed[re.sub(r"[?&]p=\d+$", "", path)]
                    seed[path] = Measured(path, first.seed)
                seed[path].grown = queries_of(client, path)
        transaction.set_rollback(True)
    return results


def listing(queries: list[str]) -> str:
    """The queries numbered, their column lists left out: the tables and conditions tell them
    apart."""
    return "\n".join(
        f"  {number}. {re.sub(r'^SELECT .*? FROM ', 'SELECT … FROM ', sql)}"
        for number, sql in enumerate(queries, start=1)
    )


@pytest.mark.django_db  # sets up the test database, which the fixture fills
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_queries_do_not_grow_with_content(measured, page):
    for item in measured[page.name].values():
        assert len(item.grown) == len(item.seed), (
            f"{item.path} ({page.name}) runs {len(item.seed)} queries with the seed content but "
            f"{len(item.grown)} with {FACTOR} times as much.\n"
            f"With the seed content:\n{listing(item.seed)}\n"
            f"With {FACTOR} times the content:\n{listing(item.grown)}"
        )
        assert len(item.grown) <= MOST_QUERIES, (
            f"{item.path} ({page.name}) runs {len(item.grown)} queries on a cold cache, more "
            f"than {MOST_QUERIES}:\n{listing(item.grown)}"
        )


def test_every_public_page_has_a_row():
    routes = public_routes() - NOT_PAGES.keys()
    rows = {page.name for page in PAGES}
    assert routes - rows == set(), "public pages without a row in PAGES"
    assert rows - routes == set(), "rows in PAGES for addresses that no longer exist"
