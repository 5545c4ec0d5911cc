"""The admin for city staff and partner organisations: who may open which page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from partners.models import Offer, PendingChange
from services.models import Material
from tests.factories import (
    make_material,
    make_offer,
    make_office,
    make_partner,
    make_topic,
    make_user,
)
from wzl_site.operations import EDITORS_GROUP, PARTNER_EDITORS_GROUP, roles_ensure

OK, LOGIN, FORBIDDEN, MISSING = "ok", "login", "forbidden", "missing"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ROLES = ["anonymous", "partner_a", "partner_b", "editor", "superuser"]

# Expected results, one per role in the order of ROLES.
SIGNED_IN = (LOGIN, OK, OK, OK, OK)
STAFF = (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)
SUPERUSER = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
A_ONLY = (LOGIN, OK, MISSING, OK, OK)  # partner A's own object: partner B cannot find it
NO_PARTNER = (LOGIN, MISSING, MISSING, OK, OK)  # hidden from partners (unpublished, not theirs)
NOBODY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)

# Every admin page of every model: (URL name, object key or None, expected per role).
# test_every_admin_page_has_a_row fails when a model or page is added without a row.
PERMISSIONS = [
    ("admin:index", None, SIGNED_IN),
    # Topics: partners read the published ones (to link their offers), nothing more.
    ("admin:services_topic_changelist", None, SIGNED_IN),
    ("admin:services_topic_add", None, STAFF),
    ("admin:services_topic_change", "topic", SIGNED_IN),
    ("admin:services_topic_change", "hidden_topic", NO_PARTNER),
    ("admin:services_topic_history", "topic", STAFF),
    ("admin:services_topic_history", "hidden_topic", STAFF),
    ("admin:services_topic_simple_history", "topic_version", STAFF),
    ("admin:services_topic_delete", "topic", STAFF),
    ("admin:services_centreprofile_changelist", None, STAFF),
    ("admin:services_centreprofile_add", None, NOBODY),  # the one set of texts exists
    ("admin:services_centreprofile_change", "profile", STAFF),
    ("admin:services_centreprofile_history", "profile", STAFF),
    ("admin:services_centreprofile_delete", "profile", NOBODY),
    ("admin:services_targetgroup_changelist", None, STAFF),
    ("admin:services_targetgroup_add", None, STAFF),
    ("admin:services_targetgroup_change", "group", STAFF),
    ("admin:services_targetgroup_history", "group", STAFF),
    ("admin:services_targetgroup_delete", "group", STAFF),
    # The topics of the "I am …" guides, each with its reason: the centre's editors.
    ("admin:services_guidetopic_changelist", None, STAFF),
    ("admin:services_guidetopic_add", None, STAFF),
    ("admin:services_guidetopic_change", "guide_topic", STAFF),
    ("admin:services_guidetopic_history", "guide_topic", STAFF),
    ("admin:services_guidetopic_delete", "guide_topic", STAFF),
    # Information materials: the centre's editors all; each partner its own, through review.
    ("admin:services_material_changelist", None, SIGNED_IN),
    ("admin:services_material_add", None, SIGNED_IN),
    ("admin:services_material_change", "a_material", A_ONLY),
    ("admin:services_material_change", "material", NO_PARTNER),  # the centre's own
    ("admin:services_material_history", "a_material", STAFF),
    ("admin:services_material_history", "material", STAFF),
    ("admin:services_material_simple_history", "a_material_version", STAFF),
    ("admin:services_material_delete", "a_material", STAFF),
    ("admin:services_material_delete", "material", STAFF),
    # Offices people are referred to: the centre's editors; partners see none.
    ("admin:services_office_changelist", None, STAFF),
    ("admin:services_office_add", None, STAFF),
    ("admin:services_office_change", "office", STAFF),
    ("admin:services_office_history", "office", STAFF),
    ("admin:services_office_simple_history", "office_version", STAFF),
    ("admin:services_office_delete", "office", STAFF),
    # The referral slip printed at the counter: the centre's staff only (services.view_office).
    ("referral_slip", None, STAFF),
    # Partners: each partner its own entry and offers; changes go through review.
    ("admin:partners_partner_changelist", None, SIGNED_IN),
    ("admin:partners_partner_add", None, STAFF),
    ("admin:partners_partner_change", "a_partner", A_ONLY),
    ("admin:partners_partner_history", "a_partner", STAFF),
    ("admin:partners_partner_simple_history", "a_partner_version", STAFF),
    ("admin:partners_partner_delete", "a_partner", STAFF),
    ("admin:partners_offer_changelist", None, SIGNED_IN),
    ("admin:partners_offer_add", None, SIGNED_IN),
    ("admin:partners_offer_change", "a_offer", A_ONLY),
    ("admin:partners_offer_history", "a_offer", STAFF),
    ("admin:partners_offer_simple_history", "a_offer_version", STAFF),
    ("admin:partners_offer_delete", "a_offer", STAFF),
    ("admin:partners_counsellinglanguage_changelist", None, SIGNED_IN),
    ("admin:partners_counsellinglanguage_add", None, STAFF),
    ("admin:partners_counsellinglanguage_change", "language", SIGNED_IN),
    ("admin:partners_counsellinglanguage_history", "language", STAFF),
    ("admin:partners_counsellinglanguage_delete", "language", STAFF),
    # The review queue: staff decide, each partner follows its own changes.
    ("admin:partners_pendingchange_changelist", None, SIGNED_IN),
    ("admin:partners_pendingchange_add", None, NOBODY),
    ("admin:partners_pendingchange_change", "a_change", A_ONLY),
    ("admin:partners_pendingchange_history", "a_change", A_ONLY),
    ("admin:partners_pendingchange_delete", "a_change", NOBODY),
    # The PDF a change submits: for whoever sees the change.
    ("admin:partners_pendingchange_file", "a_material_change", A_ONLY),
    # Hours and legal pages: the centre's editors.
    ("admin:hours_location_changelist", None, STAFF),
    ("admin:hours_location_add", None, STAFF),
    ("admin:hours_location_change", "centre", STAFF),
    ("admin:hours_location_history", "centre", STAFF),
    ("admin:hours_location_delete", "centre", STAFF),
    ("admin:hours_hoursperiod_changelist", None, STAFF),
    ("admin:hours_hoursperiod_add", None, STAFF),
    ("admin:hours_hoursperiod_change", "period", STAFF),
    ("admin:hours_hoursperiod_history", "period", STAFF),
    ("admin:hours_hoursperiod_delete", "period", STAFF),
    ("admin:hours_hoursexception_changelist", None, STAFF),
    ("admin:hours_hoursexception_add", None, STAFF),
    ("admin:hours_hoursexception_change", "exception", STAFF),
    ("admin:hours_hoursexception_history", "exception", STAFF),
    ("admin:hours_hoursexception_delete", "exception", STAFF),
    # The legal pages exist once each, at fixed addresses: changed, never added or deleted.
    ("admin:wzl_site_legalpage_changelist", None, STAFF),
    ("admin:wzl_site_legalpage_add", None, NOBODY),
    ("admin:wzl_site_legalpage_change", "legal_page", STAFF),
    ("admin:wzl_site_legalpage_history", "legal_page", STAFF),
    ("admin:wzl_site_legalpage_simple_history", "legal_page_version", STAFF),
    ("admin:wzl_site_legalpage_delete", "legal_page", NOBODY),
    # Barrier reports: read and ticked off by the centre's editors; nobody writes them here.
    ("admin:wzl_site_barrierreport_changelist", None, STAFF),
    ("admin:wzl_site_barrierreport_add", None, NOBODY),
    ("admin:wzl_site_barrierreport_change", "barrier_report", STAFF),
    ("admin:wzl_site_barrierreport_history", "barrier_report", STAFF),
    ("admin:wzl_site_barrierreport_delete", "barrier_report", STAFF),
    # Translations: an overview per language, export and import; the statuses are derived.
    ("admin:wzl_site_translationstatus_changelist", None, STAFF),
    ("admin:wzl_site_translationstatus_add", None, NOBODY),
    ("admin:wzl_site_translationstatus_change", "translation_status", STAFF),
    ("admin:wzl_site_translationstatus_history", "translation_status", STAFF),
    ("admin:wzl_site_translationstatus_delete", "translation_status", NOBODY),
    ("admin:wzl_site_translationstatus_export", "arabic", STAFF),
    ("admin:wzl_site_translationstatus_import", None, STAFF),
    # Accounts: editors manage partner accounts only, never staff or superusers.
    ("admin:auth_user_changelist", None, STAFF),
    ("admin:auth_user_add", None, STAFF),
    ("admin:auth_user_change", "partner_account", STAFF),
    ("admin:auth_user_change", "editor_account", (LOGIN, FORBIDDEN, FORBIDDEN, MISSING, OK)),
    ("admin:auth_user_change", "superuser_account", (LOGIN, FORBIDDEN, FORBIDDEN, MISSING, OK)),
    ("admin:auth_user_password_change", "partner_account", STAFF),
    ("admin:auth_user_history", "partner_account", STAFF),
    ("admin:auth_user_delete", "partner_account", SUPERUSER),
    ("admin:auth_group_changelist", None, SUPERUSER),
    ("admin:auth_group_add", None, SUPERUSER),
    ("admin:auth_group_change", "partner_group", SUPERUSER),
    ("admin:auth_group_history", "partner_group", SUPERUSER),
    ("admin:auth_group_delete", "partner_group", SUPERUSER),
    ("admin:sites_site_changelist", None, SUPERUSER),
    ("admin:sites_site_add", None, SUPERUSER),
    ("admin:sites_site_change", "site", SUPERUSER),
    ("admin:sites_site_history", "site", SUPERUSER),
    ("admin:sites_site_delete", "site", SUPERUSER),
    # Sign-in lockouts: editors unlock (delete the attempt); the logs are the superuser's.
    ("admin:axes_accessattempt_changelist", None, STAFF),
    ("admin:axes_accessattempt_add", None, NOBODY),
    ("admin:axes_accessattempt_change", "attempt", STAFF),
    ("admin:axes_accessattempt_history", "attempt", STAFF),
    ("admin:axes_accessattempt_delete", "attempt", STAFF),
    ("admin:axes_accesslog_changelist", None, SUPERUSER),
    ("admin:axes_accesslog_add", None, NOBODY),
    ("admin:axes_accesslog_change", "access_log", SUPERUSER),
    ("admin:axes_accesslog_history", "access_log", SUPERUSER),
    ("admin:axes_accesslog_delete", "access_log", SUPERUSER),
    ("admin:axes_accessfailurelog_changelist", None, SUPERUSER),
    ("admin:axes_accessfailurelog_add", None, NOBODY),
    ("admin:axes_accessfailurelog_change", "failure_log", SUPERUSER),
    ("admin:axes_accessfailurelog_history", "failure_log", SUPERUSER),
    ("admin:axes_accessfailurelog_delete", "failure_log", SUPERUSER),
]


@pytest.fixture
def world(db, settings, tmp_path):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sites.models import Site
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partners.operations import pending_change_submit
    from services.models import CentreProfile
    from tests.factories import make_centre, make_exception, make_language, make_target_group
    from wzl_site.models import BarrierReport, LegalPage, TranslationStatus

    editors, partner_editors = roles_ensure()
    a, b = make_partner(), make_partner()
    partner_a, partner_b = make_user(groups=[partner_editors]), make_user(groups=[partner_editors])
    a.editors.add(partner_a)
    b.editors.add(partner_b)
    editor, superuser = make_user(groups=[editors]), make_user(is_superuser=True)
    topic, a_offer = make_topic(), make_offer(partner=a)
    centre = make_centre()
    now = timezone.now()
    change = pending_change_submit(
        obj=a_offer, values={"title_de": "Geändert"}, user=partner_a, at=now
    )
    assert isinstance(change, PendingChange)
    settings.MEDIA_ROOT = tmp_path / "media"
    a_material = make_material(partner=a, topics=[topic])
    material_change = pending_change_submit(
        obj=a_material,
        values={"file": SimpleUploadedFile("flyer.pdf", PDF), "url": ""},
        user=partner_a,
        at=now,
    )
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x"}
    return {
        "users": {
            "anonymous": None,
            "partner_a": partner_a,
            "partner_b": partner_b,
            "editor": editor,
            "superuser": superuser,
        },
        "objects": {
            "partner_account": partner_a,
            "editor_account": editor,
            "superuser_account": superuser,
            "partner_group": partner_editors,
            "topic": topic,
            "topic_version": (topic.pk, topic.history.latest().history_id),
            "hidden_topic": make_topic(is_published=False),
            "group": (group := make_target_group(topics=[topic])),
            "guide_topic": group.guide_topics.get(),
            "material": make_material(topics=[topic]),
            "office": (office := make_office(topics=[topic])),
            "office_version": (office.pk, office.history.latest().history_id),
            "a_material": a_material,
            "a_material_version": (a_material.pk, a_material.history.latest().history_id),
            "a_material_change": material_change,
            "profile": CentreProfile.objects.create(
                intro_de="Willkommen", tasks_de="- Beratung", first_counselling_de="Erstberatung"
            ),
            "a_partner": a,
            "a_partner_version": (a.pk, a.history.latest().history_id),
            "b_partner": b,
            "a_offer": a_offer,
            "a_offer_version": (a_offer.pk, a_offer.history.latest().history_id),
            "b_offer": make_offer(partner=b),
            "a_change": change,
            "language": make_language(),
            "centre": centre,
            "period": centre.periods.get(),
            "exception": make_exception(location=centre, starts_on=now.date()),
            "legal_page": (
                legal_page := LegalPage.objects.create(kind="imprint", title_de="Impressum")
            ),
            "legal_page_version": (legal_page.pk, legal_page.history.latest().history_id),
            "barrier_report": BarrierReport.objects.create(
                message="Kontrast zu schwach", language="de"
            ),
            # Recorded when the exception above was saved with its English reason.
            "translation_status": TranslationStatus.objects.get(field="reason", language="en"),
            "arabic": ("ar",),
            "site": Site.objects.get_current(),
            "attempt": AccessAttempt.objects.create(failures_since_start=1, **attempt),
            "access_log": AccessLog.objects.create(**attempt),
            "failure_log": AccessFailureLog.objects.create(**attempt),
        },
    }


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and response["Location"] == reverse("admin:index"):
        return MISSING
    if response.status_code == 404:
        return MISSING
    return f"unexpected {response.status_code}"


def args_of(world, key) -> list | None:
    if key is None:
        return None
    obj = world["objects"][key]
    return list(obj) if isinstance(obj, tuple) else [obj.pk]


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize(
    ("name", "key", "expected"), PERMISSIONS, ids=[f"{p[0]}:{p[1]}" for p in PERMISSIONS]
)
def test_admin_permissions(client, world, role_index, name, key, expected):
    user = world["users"][ROLES[role_index]]
    if user is not None:
        client.force_login(user)
    assert outcome(client.get(reverse(name, args=args_of(world, key)))) == expected[role_index]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("admin:partners_partner_change", "b_partner"),
        ("admin:partners_partner_history", "b_partner"),
        ("admin:partners_partner_delete", "b_partner"),
        ("admin:partners_offer_change", "b_offer"),
        ("admin:partners_offer_history", "b_offer"),
        ("admin:partners_offer_delete", "b_offer"),
        ("admin:partners_pendingchange_change", "a_change"),
        ("admin:partners_pendingchange_history", "a_change"),
        ("admin:partners_pendingchange_file", "a_material_change"),
        ("admin:services_material_change", "a_material"),
        ("admin:services_material_change", "material"),
        ("admin:services_material_delete", "a_material"),
    ],
)
def test_no_url_takes_a_partner_to_another_partners_objects(client, world, name, key):
    """Partner B guessing partner A's ids (and A guessing B's) finds nothing, by GET or POST."""
    guesser = "partner_a" if key.startswith("b_") else "partner_b"
    client.force_login(world["users"][guesser])
    url = reverse(name, args=args_of(world, key))
    changes = list(PendingChange.objects.order_by("pk").values_list("pk", "state", "data"))
    assert outcome(client.get(url)) in {MISSING, FORBIDDEN}
    response = client.post(url, {"title_de": "Gekapert", "action": "withdraw", "post": "yes"})
    assert response.status_code in {302, 403, 404}
    assert response.status_code != 302 or response["Location"] == reverse("admin:index")
    assert not Offer.objects.filter(title_de="Gekapert").exists()
    assert not Material.objects.filter(title_de="Gekapert").exists()
    assert list(PendingChange.objects.order_by("pk").values_list("pk", "state", "data")) == changes


def test_every_admin_page_has_a_row_in_the_permission_table():
    from django.contrib import admin

    covered = {name for name, _key, _expected in PERMISSIONS}
    pages = {"changelist", "add", "change", "history", "delete"}
    expected = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
        for model in admin.site._registry
        for page in pages
    }
    assert expected - covered == set()


def test_partner_editor_sees_and_may_choose_only_their_own_partner(client, world):
    client.force_login(world["users"]["partner_a"])
    changelist = client.get(reverse("admin:partners_offer_changelist")).content.decode()
    assert world["objects"]["a_offer"].title in changelist
    assert world["objects"]["b_offer"].title not in changelist
    add_form = client.get(reverse("admin:partners_offer_add")).content.decode()
    options = re.findall(
        r'<option value="(\d+)"', add_form.split('name="partner"')[1].split("</select>")[0]
    )
    assert options == [str(world["objects"]["a_partner"].pk)]


def test_partner_editor_cannot_publish_or_rename_the_address_of_their_partner(client, world):
    client.force_login(world["users"]["partner_a"])
    form = client.get(
        reverse("admin:partners_partner_change", args=[world["objects"]["a_partner"].pk])
    )
    html = form.content.decode()
    assert 'name="is_published"' not in html and 'name="slug"' not in html
    assert 'name="description_de"' in html


def test_partner_editors_change_to_their_offer_waits_for_review(client, world):
    offer = world["objects"]["a_offer"]
    client.force_login(world["users"]["partner_a"])
    response = client.post(
        reverse("admin:partners_offer_change", args=[offer.pk]),
        {
            "title_de": "Beratung auf Arabisch",
            "title_en": "Counselling in Arabic",
            "description_de": "",
            "appointment_required": "unknown",
            "slots-TOTAL_FORMS": 0,
            "slots-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = PendingChange.objects.for_object(offer).get()
    assert change.data["title_de"] == "Beratung auf Arabisch"
    offer.refresh_from_db()
    assert offer.title_de != "Beratung auf Arabisch"  # published only once approved


def test_topic_form_requires_german_and_keeps_the_input_on_error(client, world):
    client.force_login(world["users"]["editor"])
    response = client.post(
        reverse("admin:services_topic_add"),
        {
            "slug": "new-topic",
            "title_de": "",
            "title_en": "Only English",
            "summary_de": "x",
            "order": 1,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html and 'value="Only English"' in html


@pytest.mark.parametrize(
    "name", ["admin:services_topic_add", "admin:partners_offer_add", "admin:index"]
)
def test_admin_pages_load_nothing_from_another_origin(client, world, name):
    client.force_login(world["users"]["superuser"])
    html = client.get(reverse(name)).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    loaded = [s for s in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)]
    assert all(not s.startswith(("http:", "https:", "//")) for s in loaded), loaded
    if name != "admin:index":
        assert any("vendor/jquery-ui/jquery-ui.min.js" in s for s in sources)


def test_demo_roles_exist_after_loading_content(seed_content):
    assert Group.objects.filter(name__in=[EDITORS_GROUP, PARTNER_EDITORS_GROUP]).count() == 2
    assert Offer.objects.count() > 0
