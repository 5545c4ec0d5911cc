"""The open-data API (``/api/v1/``), its CSV downloads and the open-data page."""

import csv
import io
import json
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from hours.models import Location
from hours.public_holidays import holidays_between
from hours.selectors import local_date
from partners.models import Offer, Partner, PendingChange
from partners.operations import pending_change_submit
from services.models import Material, Office, TargetGroup, Topic
from tests.factories import (
    make_centre,
    make_exception,
    make_language,
    make_material,
    make_offer,
    make_office,
    make_partner,
    make_slot,
    make_target_group,
    make_topic,
    make_user,
)
from tests.routes import public_routes
from wzl_site.api import rate_limit
from wzl_site.operations import roles_ensure

pytestmark = pytest.mark.django_db

SMALL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Every unpublished text below says "geheim", every change waiting for review "wartend".
HIDDEN = ("geheim", "wartend")
LISTS = ["topic", "target-group", "partner", "offer", "office", "material"]


@pytest.fixture
def world(db, settings, tmp_path):
    """Published content of every kind, beside unpublished content and changes for review."""
    settings.API_RATE_LIMIT = "0"  # many requests here; the limit has tests of its own
    settings.MEDIA_ROOT = tmp_path
    today = local_date(timezone.now())
    centre = make_centre()
    make_exception(location=centre, starts_on=today + timedelta(days=2), reason_de="Teamtag")
    make_exception(
        location=centre, starts_on=today + timedelta(days=5), hours=[(time(10), time(12))]
    )
    housing = make_topic(
        slug="housing", title_de="Wohnen", title_ar="السكن", summary_de="Eine Wohnung finden"
    )
    work = make_topic(slug="work", title_de="Arbeit", summary_de="Arbeit finden")
    secret_topic = make_topic(slug="geheim-thema", title_de="Geheimes Thema", is_published=False)
    make_target_group(slug="students", name_de="Studierende", topics=[housing, secret_topic, work])
    make_target_group(slug="geheim-gruppe", name_de="Geheime Gruppe", is_published=False)

    arabic = make_language(code="ar", name_de="Arabisch", name_ar="العربية")
    mosaik = make_partner(slug="mosaik", name_de="Mosaik Leipzig e.V.", phone="+493411234567")
    offer = make_offer(
        partner=mosaik,
        title_de="Erstberatung",
        title_ar="استشارة أولى",
        topics=[housing, secret_topic],
        languages=[arabic],
    )
    make_slot(offer=offer)
    make_offer(partner=mosaik, title_de="Geheimes Angebot", is_published=False)
    hidden_partner = make_partner(
        slug="geheim-partner", name_de="Geheimer Partner", is_published=False
    )
    make_offer(partner=hidden_partner, title_de="Angebot des geheimen Partners")

    make_office(name_de="Amt für Beispiele", topics=[housing, secret_topic], languages="de, ar")
    make_office(name_de="Geheimes Amt", is_published=False)
    material = make_material(
        title_de="Merkblatt Wohnen",
        url="",
        file=SimpleUploadedFile("x.pdf", SMALL_PDF),
        file_size=len(SMALL_PDF),
        topics=[housing, secret_topic],
        partner=mosaik,
    )
    make_material(title_de="Geheimes Merkblatt", is_published=False)
    make_material(title_de="Merkblatt des geheimen Partners", partner=hidden_partner)

    # A partner's changes to its entry and to its offer wait for review.
    _editors, partner_editors = roles_ensure()
    author = make_user(groups=[partner_editors])
    mosaik.editors.add(author)
    now = timezone.now()
    pending_change_submit(
        obj=mosaik,
        values={"name_de": "Wartender Name", "description_de": "Wartende Beschreibung"},
        user=author,
        at=now,
    )
    pending_change_submit(obj=offer, values={"title_de": "Wartender Titel"}, user=author, at=now)
    assert PendingChange.objects.pending().count() == 2
    return SimpleNamespace(
        housing=housing, work=work, mosaik=mosaik, offer=offer, material=material
    )


def get_json(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    header = rows[0]
    assert all(name.strip() for name in header), f"a column without a name: {header}"
    assert len(set(header)) == len(header), f"a column named twice: {header}"
    assert all(len(row) == len(header) for row in rows[1:])
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


# --- The API keeps to its own OpenAPI description -----------------------------------------------


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, called in the test's transaction: as Django's test client
    does, the start and end of a request do not close the database connection (and the transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_api_keeps_to_its_own_openapi_description(world, wsgi_app):
    """schemathesis draws valid and invalid requests for every operation of the description
    the API serves, sends them to the site's WSGI application, and checks each answer against
    the description (status, content type, schema, headers) and for server errors."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.path for operation in operations} >= {
        "/api/v1/topics/",
        "/api/v1/topics/{slug}/",
        "/api/v1/partners/{slug}/",
        "/api/v1/offices/",
        "/api/v1/hours/status/",
    }
    # Objects that exist, besides the addresses hypothesis draws (which name none).
    existing = {"topics": "housing", "target-groups": "students", "partners": "mosaik"}
    for operation in operations:
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if "{slug}" in operation.path:
            slug = existing[operation.path.split("/")[3]]
            strategies.append(operation.as_strategy(path_parameters={"slug": slug}))

        @given(case=st.one_of(strategies))
        @hypothesis_settings(
            max_examples=45,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            # The test client does not decompress: ask for the answer as it is.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        call()


# --- Only what the public pages show ------------------------------------------------------------


def every_answer(client) -> list[tuple[str, str]]:
    """(address, body) of every list, download, document and detail the API has, in German
    and Arabic."""
    answers = []
    for lang in ["de", "ar"]:
        paths = [reverse(f"api:{name}-list") for name in LISTS] + [reverse("api:hours")]
        for path in paths:
            for params in [{"lang": lang, "page_size": 200}, {"lang": lang, "format": "csv"}]:
                response = client.get(path, params)
                assert response.status_code == 200, (path, params)
                answers.append((f"{path}?{params}", response.content.decode()))
        for name, slugs in [
            ("topic", Topic.objects.published().values_list("slug", flat=True)),
            ("target-group", TargetGroup.objects.published().values_list("slug", flat=True)),
            ("partner", Partner.objects.published().values_list("slug", flat=True)),
        ]:
            for slug in slugs:
                path = reverse(f"api:{name}-detail", kwargs={"slug": slug})
                answers.append((path, json.dumps(get_json(client, path, lang=lang))))
        path = reverse("api:hours-status")
        answers.append((path, json.dumps(get_json(client, path, lang=lang))))
    return answers


def test_no_unpublished_object_and_no_change_waiting_for_review_is_in_any_answer(client, world):
    answers = every_answer(client)
    for address, body in answers:
        for word in HIDDEN:
            assert word not in body.lower(), f"{word!r} in {address}"
    everything = "\n".join(body for _address, body in answers)
    # What is published is there, as approved.
    for shown in [
        "Wohnen",
        "Studierende",
        "Mosaik Leipzig e.V.",
        "Erstberatung",
        "Amt für Beispiele",
        "Merkblatt Wohnen",
    ]:
        assert shown in everything, shown
    for name, slug in [
        ("topic", "geheim-thema"),
        ("target-group", "geheim-gruppe"),
        ("partner", "geheim-partner"),
    ]:
        response = client.get(reverse(f"api:{name}-detail", kwargs={"slug": slug}))
        assert response.status_code == 404 and "detail" in response.json(), slug


def test_a_partners_change_shows_once_approved(client, world):
    from partners.operations import pending_change_approve

    editors, _partner_editors = roles_ensure()
    path = reverse("api:partner-detail", kwargs={"slug": "mosaik"})
    assert get_json(client, path)["name"] == "Mosaik Leipzig e.V."
    change = PendingChange.objects.pending().for_object(world.mosaik).get()
    pending_change_approve(change=change, user=make_user(groups=[editors]), at=timezone.now())
    answer = get_json(client, path)
    assert answer["name"] == "Wartender Name"
    assert answer["description"] == "Wartende Beschreibung"


# --- Languages --------------------------------------------------------------------------------


def test_lang_gives_the_language_asked_for_and_german_where_there_is_no_translation(client, world):
    topics = {
        item["slug"]: item for item in get_json(client, "/api/v1/topics/", lang="ar")["results"]
    }
    assert topics["housing"]["title"] == "السكن"
    assert topics["work"]["title"] == "Arbeit"  # neither Arabic nor English: German
    assert topics["housing"]["url"] == "http://testserver/ar/topics/housing/"
    german = get_json(client, "/api/v1/topics/housing/")
    assert german["title"] == "Wohnen" and german["url"].endswith("/de/topics/housing/")
    offer = get_json(client, "/api/v1/partners/mosaik/", lang="ar")["offers"][0]
    assert offer["title"] == "استشارة أولى"
    assert offer["languages"] == [{"code": "ar", "name": "العربية"}]
    response = client.get("/api/v1/partners/?lang=ar")
    assert response["Content-Language"] == "ar"
    rows = csv_rows(client.get("/api/v1/topics/", {"lang": "ar", "format": "csv"}))
    assert [row["title"] for row in rows] == [
        topic.title_ar or topic.title_de for topic in Topic.objects.published()
    ]


@pytest.mark.parametrize("lang", ["xx", "", "DE", "de-at", "<script>"])
def test_an_unknown_language_is_refused_with_400_in_json(client, world, lang):
    response = client.get("/api/v1/topics/", {"lang": lang}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "Unknown language" in detail and "de, en, ar, fa" in detail
    assert "<script>" not in response.content.decode()


# --- CSV downloads ----------------------------------------------------------------------------


def test_every_csv_download_opens_in_the_csv_module_with_every_column_named(client, world):
    expected = {
        "topic": ("slug", list(Topic.objects.published().values_list("slug", flat=True))),
        "target-group": (
            "slug",
            list(TargetGroup.objects.published().values_list("slug", flat=True)),
        ),
        "partner": ("slug", list(Partner.objects.published().values_list("slug", flat=True))),
        "offer": ("id", [str(pk) for pk in Offer.objects.public().values_list("pk", flat=True)]),
        "office": ("name", list(Office.objects.published().values_list("name_de", flat=True))),
        "material": (
            "id",
            [str(pk) for pk in Material.objects.published().values_list("pk", flat=True)],
        ),
    }
    for name, (column, values) in expected.items():
        response = client.get(reverse(f"api:{name}-list"), {"format": "csv"})
        rows = csv_rows(response)
        assert [row[column] for row in rows] == values, name
        assert response["Content-Disposition"] == f'attachment; filename="wzl-{name}s-de.csv"'
    offer = csv_rows(client.get("/api/v1/offers/?format=csv"))[0]
    assert offer["partner"] == "mosaik" and offer["topics"] == "housing"
    assert offer["languages"] == "ar"
    assert offer["slots"].startswith("Montag 10:00–12:00")
    material = csv_rows(client.get("/api/v1/materials/?format=csv"))[0]
    assert material["file_url"] == f"http://testserver/de/materials/{world.material.pk}/file/"
    assert material["file_size"] == str(len(SMALL_PDF)) and material["partner"] == "mosaik"


def test_the_hours_download_has_the_week_the_exceptions_and_the_holidays(client, world):
    response = client.get("/api/v1/hours/", {"format": "csv"})
    rows = csv_rows(response)
    assert response["Content-Disposition"] == 'attachment; filename="wzl-hours-de.csv"'
    weekly = [
        (row["weekday"], row["opens"], row["closes"]) for row in rows if row["entry"] == "weekly"
    ]
    assert weekly == [
        ("0", "13:00", "17:00"),
        ("2", "09:00", "13:00"),
        ("3", "13:00", "17:00"),
        ("4", "09:00", "13:00"),
    ]
    today = local_date(timezone.now())
    closed = [row for row in rows if row["entry"] == "closed"]
    assert [(row["first_day"], row["note"]) for row in closed] == [
        (str(today + timedelta(days=2)), "Teamtag")
    ]
    special = [row for row in rows if row["entry"] == "special"]
    assert [(row["opens"], row["closes"]) for row in special] == [("10:00", "12:00")]
    holidays = [row["first_day"] for row in rows if row["entry"] == "public_holiday"]
    assert holidays == [str(day) for day in holidays_between(today, today + timedelta(days=365))]


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(client, world):
    make_topic(slug="formula", title_de='=HYPERLINK("https://example.org")', summary_de="@SUM(A1)")
    make_offer(partner=world.mosaik, title_de="-2+3", description_de="+1")
    topic = next(
        row
        for row in csv_rows(client.get("/api/v1/topics/?format=csv"))
        if row["slug"] == "formula"
    )
    assert topic["title"] == '\'=HYPERLINK("https://example.org")'
    assert topic["summary"] == "'@SUM(A1)"
    offer = next(
        row for row in csv_rows(client.get("/api/v1/offers/?format=csv")) if "2+3" in row["title"]
    )
    assert (offer["title"], offer["description"]) == ("'-2+3", "'+1")
    partner = csv_rows(client.get("/api/v1/partners/?format=csv"))[0]
    assert partner["phone"] == "'+493411234567"
    # The JSON carries the text as it is.
    assert get_json(client, "/api/v1/topics/formula/")["title"].startswith("=HYPERLINK")


# --- Hours ------------------------------------------------------------------------------------


def test_the_opening_status_at_an_instant(client, world):
    status = get_json(client, "/api/v1/hours/status/", at="2026-03-02T14:00:00")  # a Monday
    assert status["is_open"] is True
    assert status["closes_at"] == "2026-03-02T17:00:00+01:00"
    assert status["changes_at"] == status["closes_at"]
    assert status["today"]["intervals"] == [{"opens": "13:00", "closes": "17:00"}]
    # The same instant in UTC.
    assert get_json(client, "/api/v1/hours/status/", at="2026-03-02T13:00:00Z")["is_open"]
    # Christmas Day, a Friday: closed for the holiday; open again on Monday afternoon.
    holiday = get_json(client, "/api/v1/hours/status/", at="2026-12-25T10:00:00+01:00")
    assert holiday["is_open"] is False
    assert holiday["today"]["holiday"] and holiday["today"]["intervals"] == []
    assert holiday["next_opening"] == "2026-12-28T13:00:00+01:00"


@pytest.mark.parametrize("at", ["tomorrow", "2026-02-30T10:00", "1800-01-01T10:00", "3000-01-01"])
def test_an_unreadable_instant_is_refused_with_400(client, world, at):
    response = client.get("/api/v1/hours/status/", {"at": at, "lang": "en"})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["detail"]


def test_the_status_now_is_kept_no_longer_than_until_it_changes(client, world):
    response = client.get("/api/v1/hours/status/")
    changes_at = datetime.fromisoformat(response.json()["changes_at"])
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 <= max_age <= (changes_at - timezone.now()).total_seconds() + 1


def test_the_hours_document_names_the_week_exceptions_and_holidays(client, world):
    hours = get_json(client, "/api/v1/hours/", lang="de")
    assert hours["location"]["street"] == "Otto-Schill-Straße 2"
    monday = hours["periods"][0]["days"][0]
    assert monday == {
        "weekday": 0,
        "name": "Montag",
        "intervals": [{"opens": "13:00", "closes": "17:00"}],
    }
    assert [exception["kind"] for exception in hours["exceptions"]] == ["closed", "special"]
    assert hours["public_holidays"]


def test_without_hours_entered_the_hours_answer_404(client, db, settings):
    Location.objects.all().delete()
    for path in ["/api/v1/hours/", "/api/v1/hours/status/"]:
        response = client.get(path)
        assert response.status_code == 404 and "detail" in response.json()


# --- Cache and rate limit ---------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 60  # only this process's own changes count


def test_answers_come_from_the_cache_by_address_and_query_until_content_changes(
    client, world, page_cache_on
):
    path = "/api/v1/topics/?lang=ar&page=1"
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert len(queries) == 0 and second.content == first.content
    assert "public" in second["Cache-Control"]
    german = client.get("/api/v1/topics/?lang=de&page=1")
    assert german["X-Cache"] == "miss" and "Wohnen" in german.content.decode()
    download = [client.get("/api/v1/topics/?format=csv") for _ in range(2)]
    assert [response["X-Cache"] for response in download] == ["miss", "hit"]
    assert download[1]["Content-Disposition"] == download[0]["Content-Disposition"]

    world.housing.title_ar = "السكن والإيجار"
    world.housing.save()
    third = client.get(path)
    assert third["X-Cache"] == "miss" and "السكن والإيجار" in third.content.decode()


def test_an_instant_or_an_unknown_parameter_is_not_cached(client, world, page_cache_on):
    for path in ["/api/v1/hours/status/?at=2026-03-02T14:00", "/api/v1/topics/?utm_source=x"]:
        client.get(path)
        assert "X-Cache" not in client.get(path), path


@pytest.fixture
def fixed_clock(monkeypatch):
    """The rate limit's clock at 30 seconds into a minute."""
    monkeypatch.setattr(rate_limit, "time", SimpleNamespace(time=lambda: 60_000_030.0))


def test_past_the_limit_an_address_gets_429_with_retry_after_cached_answers_counted(
    client, world, settings, page_cache_on, fixed_clock
):
    settings.API_RATE_LIMIT = "3/minute"
    answers = [client.get("/api/v1/topics/") for _ in range(3)]
    assert [response.status_code for response in answers] == [200, 200, 200]
    assert [response["X-Cache"] for response in answers] == ["miss", "hit", "hit"]
    refused = client.get("/api/v1/topics/?lang=en")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "Too many requests" in refused.json()["detail"]
    assert client.get("/api/v1/hours/?format=csv").status_code == 429
    # Another address, and the pages of the site, are not held back.
    assert client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/de/topics/").status_code == 200


def test_behind_the_proxy_the_limit_counts_the_address_the_proxy_saw(
    client, world, settings, fixed_clock
):
    settings.API_RATE_LIMIT = "2/minute"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.1"}
    statuses = [client.get("/api/v1/offices/", **first).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # The same proxy (REMOTE_ADDR), another client; a forged first hop changes nothing.
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 198.51.100.2"}
    assert client.get("/api/v1/offices/", **other).status_code == 200


def test_a_malformed_rate_limit_is_refused_when_the_site_starts(settings):
    settings.API_RATE_LIMIT = "lots"
    assert "wzl.E004" in [message.id for message in checks.run_checks()]
    settings.API_RATE_LIMIT = "120/minute"
    assert "wzl.E004" not in [message.id for message in checks.run_checks()]


# --- Read-only, anonymous ---------------------------------------------------------------------


def test_the_api_is_read_only_and_sets_no_cookie(client, world):
    for method in ["post", "put", "patch", "delete"]:
        response = getattr(client, method)("/api/v1/topics/", {"slug": "x"})
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    response = client.get("/api/v1/partners/")
    assert response.status_code == 200 and not response.cookies
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.head("/api/v1/topics/").status_code == 200


# --- The open-data page -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", [code for code, _name in django_settings.LANGUAGES])
def test_the_open_data_page_names_the_licence_and_links_every_endpoint(client, db, lang):
    with translation.override(lang):
        path = reverse("open_data")
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200 and path == f"/{lang}/open-data/"
    assert f'<html lang="{lang}"' in html
    assert '<a href="https://www.govdata.de/dl-de/by-2-0" rel="license" lang="de">' in html
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    for name in sorted(name for name in public_routes() if name.startswith("api:")):
        if name.endswith("-detail"):
            shown = reverse(name, kwargs={"slug": "SLUG"}).replace("SLUG", "&lt;slug&gt;")
            assert f'<code dir="ltr">{shown}</code>' in html, name
            continue
        assert f'href="{reverse(name)}' in html, name
        if name.endswith("-list") or name == "api:hours":
            assert f'href="{reverse(name)}?format=csv&amp;lang={lang}"' in html, name
