"""Public pages come from the page cache for visitors, and never show what is no longer true."""

import gzip
import os
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import PendingChange
from partners.operations import pending_change_approve, pending_change_submit
from services.models import Topic
from tests.conftest import IN_CI
from tests.factories import make_centre, make_offer, make_partner, make_topic, make_user
from tests.test_translation_workflow import fill_targets
from wzl_site import page_cache
from wzl_site.models import ContentVersion
from wzl_site.operations import roles_ensure
from wzl_site.xliff import xliff_export, xliff_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 60  # only this process's own changes count


@pytest.fixture
def topic(db):
    make_centre()
    return make_topic(slug="housing", title_de="Wohnen", title_en="Housing")


@pytest.fixture
def editor(db):
    editors, _partner_editors = roles_ensure()
    return make_user(groups=[editors])


def queries(client, path, **headers) -> tuple[int, object]:
    """How many queries the request ran, and the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    return len(captured), response


def test_a_visitor_gets_the_page_from_the_cache_the_second_time(client, topic):
    first_queries, first = queries(client, "/de/topics/housing/")
    second_queries, second = queries(client, "/de/topics/housing/")
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "Wohnen" in second.content.decode()


def test_the_cache_keeps_each_language_apart(client, topic):
    assert "Wohnen" in client.get("/de/topics/housing/").content.decode()
    english = client.get("/en/topics/housing/").content.decode()
    assert "Housing" in english and '<html lang="en"' in english


def test_anonymous_pages_are_public_set_no_cookie_and_answer_304(client, topic):
    for path in ["/de/", "/de/topics/", "/de/topics/housing/", "/ar/visit/", "/de/partners/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path
        control = response["Cache-Control"]
        assert "public" in control and "max-age=" in control, path
        assert 0 < int(control.split("max-age=")[1].split(",")[0]) <= 600, path
        etag = response["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", path


def test_a_cached_status_page_expires_when_the_status_changes(client, topic, monkeypatch):
    # Monday, 16:59:30 in Leipzig: open until 17:00.
    before = datetime(2026, 11, 30, 16, 59, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    clock = {"now": before}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    monkeypatch.setattr(page_cache.time, "time", lambda: clock["now"].timestamp())

    first = client.get("/de/visit/")
    assert 'class="status status-open"' in first.content.decode()
    assert 0 < int(first["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30
    assert queries(client, "/de/visit/")[1].content == first.content  # from the cache

    clock["now"] = before + timedelta(seconds=31)  # 17:00:01
    later = client.get("/de/visit/").content.decode()
    assert 'class="status status-closed"' in later


def test_pages_with_a_query_string_are_not_cached(client, topic):
    client.get("/de/topics/housing/?x=1")
    assert "X-Cache" not in client.get("/de/topics/housing/?x=1")


def test_signed_in_users_are_never_served_from_or_stored_in_the_cache(client, topic, editor):
    client.get("/de/topics/housing/")  # cached for visitors
    client.force_login(editor)
    assert "X-Cache" not in client.get("/de/topics/housing/")
    response = client.get("/de/topics/")  # rendered for the editor …
    assert "X-Cache" not in response and "public" not in response.get("Cache-Control", "")
    client.logout()
    assert client.get("/de/topics/")["X-Cache"] == "miss"  # … and not kept for visitors


def test_the_admin_is_never_cached(client, editor):
    client.force_login(editor)
    for _ in range(2):
        count, response = queries(client, "/admin/")
        assert response.status_code == 200 and count > 0
        assert "public" not in response.get("Cache-Control", "")
    client.logout()
    for _ in range(2):  # the sign-in form: a fresh CSRF cookie each time, never a cached one
        response = client.get("/admin/login/")
        assert "csrftoken" in response.cookies
        assert "public" not in response.get("Cache-Control", "")


# --- Invalidation, whatever the path ----------------------------------------------------------


def test_an_edit_in_the_admin_shows_at_once(client, topic, editor):
    assert "Wohnen" in client.get("/de/topics/").content.decode()
    staff = type(client)()
    staff.force_login(editor)
    data = {
        "slug": "housing",
        "order": topic.order,
        "is_published": "on",
        "title_de": "Wohnen und Miete",
        "summary_de": topic.summary_de or "",
        "body_de": topic.body_de or "",
    }
    response = staff.post(reverse("admin:services_topic_change", args=[topic.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Wohnen und Miete" in client.get("/de/topics/").content.decode()


def test_a_deleted_topic_disappears_at_once(client, topic):
    assert client.get("/de/topics/housing/").status_code == 200
    Topic.objects.get(pk=topic.pk).delete()
    assert client.get("/de/topics/housing/").status_code == 404


def test_an_approved_partner_change_shows_at_once(client, topic, editor):
    _editors, partner_editors = roles_ensure()
    partner = make_partner(slug="mosaik", name="Mosaik Leipzig e.V.")
    offer = make_offer(partner=partner, topics=[topic], title_de="Erstberatung")
    author = make_user(groups=[partner_editors])
    partner.editors.add(author)
    assert "Erstberatung" in client.get("/de/partners/mosaik/").content.decode()

    now = timezone.now()
    pending_change_submit(obj=offer, values={"title_de": "Beratung am Montag"}, user=author, at=now)
    assert "Beratung am Montag" not in client.get("/de/partners/mosaik/").content.decode()
    pending_change_approve(change=PendingChange.objects.get(), user=editor, at=now)
    assert "Beratung am Montag" in client.get("/de/partners/mosaik/").content.decode()


def test_imported_translations_show_at_once(client, topic):
    assert "السكن" not in client.get("/ar/topics/housing/").content.decode()
    data, _count = xliff_export(language="ar")
    data = fill_targets(data, {f"services.topic.{topic.pk}.title": "السكن"})
    assert xliff_import(data=data).imported == 1
    assert "السكن" in client.get("/ar/topics/housing/").content.decode()


def test_a_restored_version_shows_at_once(client, topic, editor):
    topic.title_de = "Wohnen und Miete"
    topic.save()
    assert "Wohnen und Miete" in client.get("/de/topics/").content.decode()
    first = topic.history.earliest()
    first.instance.save()  # what the admin's "Revert" does with the chosen version
    html = client.get("/de/topics/").content.decode()
    assert "Wohnen und Miete" not in html and "Wohnen" in html


def test_a_change_in_another_process_shows_within_the_check_interval(client, topic, settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0
    client.get("/de/topics/")
    # Another worker saved a topic: its own process saw the signal, this one sees the number.
    Topic.objects.filter(pk=topic.pk).update(title_de="Wohnen heute")
    assert "Wohnen heute" not in client.get("/de/topics/").content.decode()
    ContentVersion.objects.filter(pk=1).update(number=12345)
    assert "Wohnen heute" in client.get("/de/topics/").content.decode()


def test_a_cached_page_is_served_while_the_database_is_unreachable(client, topic, settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0
    assert client.get("/de/topics/housing/").status_code == 200

    def refuse(execute, sql, params, many, context):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        cached = client.get("/de/topics/housing/")
        other = client.get("/de/topics/")
    assert cached.status_code == 200 and "Wohnen" in cached.content.decode()
    assert other.status_code == 503


# --- Compression -------------------------------------------------------------------------------


def test_public_pages_are_compressed_the_admin_is_not(client, topic, editor):
    response = client.get("/de/topics/housing/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Wohnen" in gzip.decompress(response.content).decode()
    assert "Accept-Encoding" in response["Vary"]
    sitemap = client.get("/sitemap.xml", headers={"Accept-Encoding": "gzip"})
    assert sitemap["Content-Encoding"] == "gzip"

    client.force_login(editor)
    for path in ["/admin/", "/de/topics/housing/"]:
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert "Content-Encoding" not in response, path


# --- The shared cache ---------------------------------------------------------------------------


def redis_url() -> str:
    return os.environ.get("WZL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url(redis_url(), socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_pages_are_cached_and_retired_in_redis(client, topic, settings):
    if not redis_answers():
        if IN_CI:
            pytest.fail(f"CI must test the page cache against Redis at {redis_url()}")
        pytest.skip(f"needs Redis at {redis_url()}")
    prefix = f"wzl-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        }
    }
    try:
        assert client.get("/de/topics/housing/")["X-Cache"] == "miss"
        count, response = queries(client, "/de/topics/housing/")
        assert response["X-Cache"] == "hit" and count == 0
        assert "Wohnen" in response.content.decode()
        assert cache._cache.get_client().keys(f"{prefix}:*")
        topic.title_de = "Wohnen in Leipzig"
        topic.save()
        assert "Wohnen in Leipzig" in client.get("/de/topics/housing/").content.decode()
    finally:
        client_ = cache._cache.get_client()
        for key in client_.scan_iter(f"{prefix}:*"):
            client_.delete(key)


def test_a_page_is_kept_until_midnight_at_most(client, topic, monkeypatch):
    late = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    monkeypatch.setattr(page_cache.timezone, "now", lambda: late)
    response = client.get("/de/topics/")
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 60


def test_counselling_languages_loaded_in_bulk_retire_the_cached_pages(client, topic):
    from partners.models import CounsellingLanguage
    from wzl_site.operations import counselling_languages_load

    CounsellingLanguage.objects.all().delete()
    client.get("/de/topics/housing/")
    before = ContentVersion.objects.get(pk=1).number
    assert counselling_languages_load() > 0  # bulk_create: no signals
    assert ContentVersion.objects.get(pk=1).number > before
    assert client.get("/de/topics/housing/")["X-Cache"] == "miss"


def test_with_the_page_cache_off_pages_take_what_content_gives_from_the_cache(
    client, topic, settings
):
    """The lists, the centre's hours of the day and the JSON-LD are kept while the content
    stays the same; the opening status is still worked out for every request."""
    settings.PAGE_CACHE_SECONDS = 0
    for path in ["/de/", "/de/visit/", "/de/topics/housing/"]:
        assert client.get(path).status_code == 200
    assert queries(client, "/de/")[0] == 0
    assert queries(client, "/de/visit/")[0] == 0
    assert queries(client, "/de/topics/housing/")[0] == 0
    assert "X-Cache" not in client.get("/de/topics/housing/")  # the page cache is off
    make_offer(partner=make_partner(slug="ib"), topics=[topic], title_de="Wohnungssuche")
    assert "Wohnungssuche" in client.get("/de/topics/housing/").content.decode()


def test_kept_json_ld_is_in_each_pages_language(client, topic, settings):
    from hours.models import Location
    from hours.selectors import local_date
    from tests.factories import make_exception

    centre = Location.objects.get()
    make_exception(
        location=centre,
        starts_on=local_date(timezone.now()) + timedelta(days=5),
        reason_de="Betriebsausflug",
        reason_en="Staff outing",
    )
    german = client.get("/de/visit/").content.decode()
    english = client.get("/en/visit/").content.decode()
    assert '"name": "Betriebsausflug"' in german
    assert '"name": "Staff outing"' in english
