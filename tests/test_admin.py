"""The admin for city staff and partner organisations: who may open which page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from partners.models import Offer
from tests.factories import make_offer, make_partner, make_topic, make_user
from wzl_site.operations import EDITORS_GROUP, PARTNER_EDITORS_GROUP, roles_ensure

OK, LOGIN, FORBIDDEN, MISSING = "ok", "login", "forbidden", "missing"
ROLES = ["anonymous", "partner", "editor", "superuser"]

# (URL name, object key or None, expected result for anonymous, partner, editor, superuser)
PERMISSIONS = [
    ("admin:index", None, (LOGIN, OK, OK, OK)),
    ("admin:services_topic_changelist", None, (LOGIN, OK, OK, OK)),
    ("admin:services_topic_add", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:services_topic_change", "topic", (LOGIN, OK, OK, OK)),
    ("admin:services_targetgroup_changelist", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:partners_partner_changelist", None, (LOGIN, OK, OK, OK)),
    ("admin:partners_partner_add", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:partners_partner_change", "own_partner", (LOGIN, OK, OK, OK)),
    ("admin:partners_partner_change", "other_partner", (LOGIN, MISSING, OK, OK)),
    ("admin:partners_offer_changelist", None, (LOGIN, OK, OK, OK)),
    ("admin:partners_offer_add", None, (LOGIN, OK, OK, OK)),
    ("admin:partners_offer_change", "own_offer", (LOGIN, OK, OK, OK)),
    ("admin:partners_offer_change", "other_offer", (LOGIN, MISSING, OK, OK)),
    ("admin:partners_counsellinglanguage_changelist", None, (LOGIN, OK, OK, OK)),
    ("admin:hours_location_changelist", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:hours_location_change", "centre", (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:flatpages_flatpage_changelist", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:auth_user_changelist", None, (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    ("admin:auth_group_changelist", None, (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    ("admin:hours_hoursperiod_changelist", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:hours_hoursperiod_add", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:hours_hoursexception_changelist", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:hours_hoursexception_add", None, (LOGIN, FORBIDDEN, OK, OK)),
    ("admin:sites_site_changelist", None, (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
]


@pytest.fixture
def world(db):
    from tests.factories import make_centre

    editors, partner_editors = roles_ensure()
    own, other = make_partner(), make_partner()
    partner_user = make_user(groups=[partner_editors])
    own.editors.add(partner_user)
    return {
        "users": {
            "anonymous": None,
            "partner": partner_user,
            "editor": make_user(groups=[editors]),
            "superuser": make_user(is_superuser=True),
        },
        "objects": {
            "topic": make_topic(),
            "own_partner": own,
            "other_partner": other,
            "own_offer": make_offer(partner=own),
            "other_offer": make_offer(partner=other),
            "centre": make_centre(),
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
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize(
    ("name", "key", "expected"), PERMISSIONS, ids=[f"{p[0]}:{p[1]}" for p in PERMISSIONS]
)
def test_admin_permissions(client, world, role_index, name, key, expected):
    user = world["users"][ROLES[role_index]]
    if user is not None:
        client.force_login(user)
    args = [world["objects"][key].pk] if key else None
    assert outcome(client.get(reverse(name, args=args))) == expected[role_index]


def test_every_admin_model_has_a_row_in_the_permission_table():
    from django.contrib import admin

    covered = {name.split(":")[1].rsplit("_", 1)[0] for name, _key, _exp in PERMISSIONS}
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert registered - covered == set()


def test_partner_editor_sees_and_may_choose_only_their_own_partner(client, world):
    client.force_login(world["users"]["partner"])
    changelist = client.get(reverse("admin:partners_offer_changelist")).content.decode()
    assert world["objects"]["own_offer"].title in changelist
    assert world["objects"]["other_offer"].title not in changelist
    add_form = client.get(reverse("admin:partners_offer_add")).content.decode()
    options = re.findall(
        r'<option value="(\d+)"', add_form.split('name="partner"')[1].split("</select>")[0]
    )
    assert options == [str(world["objects"]["own_partner"].pk)]


def test_partner_editor_cannot_publish_or_rename_the_address_of_their_partner(client, world):
    client.force_login(world["users"]["partner"])
    form = client.get(
        reverse("admin:partners_partner_change", args=[world["objects"]["own_partner"].pk])
    )
    html = form.content.decode()
    assert 'name="is_published"' not in html and 'name="slug"' not in html
    assert 'name="description_de"' in html


def test_partner_editor_updates_their_offer_and_the_change_is_saved(client, world):
    offer = world["objects"]["own_offer"]
    client.force_login(world["users"]["partner"])
    response = client.post(
        reverse("admin:partners_offer_change", args=[offer.pk]),
        {
            "partner": offer.partner_id,
            "title_de": "Beratung auf Arabisch",
            "title_en": "Counselling in Arabic",
            "description_de": "",
            "order": 0,
            "is_published": "on",
            "appointment_required": "unknown",
            "slots-TOTAL_FORMS": 0,
            "slots-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    assert offer.title_de == "Beratung auf Arabisch" and offer.title_en == "Counselling in Arabic"


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
