import glob
import os
import pwd
import shutil

import pytest
from django.conf import settings as django_settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, never a downloaded one; no request leaves 127.0.0.1 (the live server).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# The PostgreSQL server programs (Debian's postgresql package), for tests that start their own.
PG_BINDIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


def pg_bindir() -> str | None:
    """The newest PostgreSQL's bin directory with initdb and pg_ctl, if installed."""
    for bindir in PG_BINDIRS:
        if all(os.access(f"{bindir}/{tool}", os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


def _postgres_user_exists() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


def pytest_collection_modifyitems(config, items):
    """Skip what this machine cannot run, with the reason; in CI nothing may be skipped."""
    missing = {}
    if not shutil.which(CHROMIUM):
        missing["browser"] = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if pg_bindir() is None:
        missing["pgcluster"] = "needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)"
    elif os.geteuid() == 0 and not (shutil.which("runuser") and _postgres_user_exists()):
        missing["pgcluster"] = "runs as root: needs runuser and a 'postgres' user for initdb"
    if connection.vendor != "postgresql":
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://…"
    for item in items:
        for marker, reason in missing.items():
            if marker not in item.keywords:
                continue
            if IN_CI and marker != "postgres":
                raise pytest.UsageError(f"CI must run {item.nodeid}, but it {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Tests render pages without a collectstatic run, so without the hashed-name manifest;
    hash test passwords fast; and keep uploads in a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache (the page cache included) and reads the content
    # version afresh.
    from django.core.cache import cache

    from wzl_site import page_cache

    cache.clear()
    page_cache._known.update(number=None, read_at=float("-inf"))
    page_cache._local.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_content(db):
    from wzl_site.operations import content_load

    content_load()


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a module's browser tests; each test opens its own contexts."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are
    # safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def add_what_staff_and_partners_add() -> None:
    """Beyond the seed content: an announced closure (a notice on every page), an offer of
    Mosaik's with a consultation slot (on its page and the calendar), a published
    information material of the Bürgeramt's on housing and a (fictional) office people are
    referred to on housing."""
    from datetime import timedelta

    from django.utils import timezone

    from hours.models import Location
    from hours.selectors import local_date
    from partners.models import Offer, Partner
    from services.models import TargetGroup, Topic
    from tests.factories import make_exception, make_material, make_offer, make_office, make_slot

    today = local_date(timezone.now())
    make_exception(
        location=Location.objects.centre().get(),
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=5),
        reason_de="Fortbildung des Teams",
        reason_ar="تدريب الفريق",
    )
    # The seed announces no offer of Mosaik's: one on housing, with a slot today.
    mosaik = Partner.objects.get(slug="mosaik-leipzig")
    housing = Topic.objects.get(slug="housing")
    offer = Offer.objects.filter(partner=mosaik).first() or make_offer(
        partner=mosaik,
        title_de="Migrationsberatung für Erwachsene",
        title_ar="استشارة الهجرة للبالغين",
        topics=[housing],
    )
    make_slot(offer=offer, weekday=today.weekday(), appointment_only=True, starts_on=today)
    make_material(
        title_de="Merkblatt Wohnberechtigungsschein",
        title_en="Leaflet on the housing entitlement certificate",
        description_de="Wer einen Wohnberechtigungsschein bekommt und wie man ihn beantragt.",
        topics=[housing],
        target_groups=[TargetGroup.objects.get(slug="refugees")],
        partner=Partner.objects.get(slug="buergeramt"),
    )
    # Staff add the offices they refer people to (the import creates none): a made-up one.
    make_office(
        topics=[housing],
        name_de="Beispielamt für Wohnfragen",
        name_ar="مكتب نموذجي لشؤون السكن",
        description_de="Ein erfundenes Amt, nur für die Tests.",
        address="Beispielweg 1\n00000 Musterstadt",
        hours_note_de="Montag 9–12 Uhr",
        phone="0341 000 00 00",
        email="amt@example.org",
        website="https://amt.example.org/",
        languages="de, ar, ti",
    )


@pytest.fixture
def site(live_server, transactional_db):
    """The seed content and what staff and partners add, served on 127.0.0.1 (the address)."""
    from wzl_site.operations import content_load

    content_load()
    add_what_staff_and_partners_add()
    return live_server.url


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker):
    """As ``site``, but loaded once for a module's browser tests that only read it (loading
    takes seconds), and served by a live server of the module's own.

    Not pytest-django's ``live_server``: every test that uses it flushes the database after
    itself (``transactional_db``). The content is committed, so that the server's own database
    connection sees it on PostgreSQL, and flushed after the module's last test."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    from wzl_site import page_cache
    from wzl_site.operations import content_load

    static_files = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with (
        django_db_blocker.unblock(),
        # As _test_settings, for pages requested in module-scoped fixtures.
        override_settings(STORAGES={**django_settings.STORAGES, "staticfiles": static_files}),
    ):
        cache.clear()
        page_cache._known.update(number=None, read_at=float("-inf"))
        page_cache._local.clear()
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            content_load()
            add_what_staff_and_partners_add()
            yield server.url
        finally:
            server.stop()
            server._live_server_modified_settings.disable()
            call_command("flush", verbosity=0, interactive=False)
            cache.clear()
            page_cache._local.clear()
