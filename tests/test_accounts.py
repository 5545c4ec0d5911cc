"""Accounts: staff editors manage partners' accounts, password reset by e-mail, sign-in lockout."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import make_partner, make_user
from wzl_site.operations import roles_ensure

PASSWORD = "a-long-test-password"  # tests.factories.make_user's
NEW_PASSWORD = "Otto-Schill-Strasse-2-Zugang"


@pytest.fixture
def roles(db):
    editors, partner_editors = roles_ensure()
    return {"editors": editors, "partner_editors": partner_editors}


@pytest.fixture
def accounts(roles):
    partner, other_partner = make_partner(), make_partner()
    partner_user = make_user(groups=[roles["partner_editors"]], email="team@mosaik.example")
    partner.editors.add(partner_user)
    return {
        "partner": partner,
        "other_partner": other_partner,
        "partner_user": partner_user,
        "editor": make_user(groups=[roles["editors"]], email="editor@leipzig.example"),
        "superuser": make_user(is_superuser=True, email="admin@leipzig.example"),
    }


def changelist_usernames(client) -> set[str]:
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    return set(re.findall(r'<th class="field-username"><a [^>]*>([^<]+)</a>', html))


# --- Staff editors manage partners' accounts --------------------------------------------------


def test_staff_editor_creates_a_partner_account_that_can_sign_in_and_edit_its_partner(
    client, accounts, roles
):
    client.force_login(accounts["editor"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "ib-mitte",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "email": "beratung@ib.example",
            "partners": [accounts["partner"].pk, accounts["other_partner"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="ib-mitte")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.all()) == [roles["partner_editors"]]
    assert set(user.partners.all()) == {accounts["partner"], accounts["other_partner"]}

    client.logout()
    signed_in = sign_in(client, "ib-mitte", NEW_PASSWORD)
    assertRedirects(signed_in, reverse("admin:index"), fetch_redirect_response=False)
    partner_page = reverse("admin:partners_partner_change", args=[accounts["other_partner"].pk])
    assert client.get(partner_page).status_code == 200


def test_staff_editors_forms_offer_no_staff_superuser_group_or_permission_fields(client, accounts):
    client.force_login(accounts["editor"])
    add_form = client.get(reverse("admin:auth_user_add")).content.decode()
    change_form = client.get(
        reverse("admin:auth_user_change", args=[accounts["partner_user"].pk])
    ).content.decode()
    for html in (add_form, change_form):
        for name in ["is_staff", "is_superuser", "groups", "user_permissions", "usable_password"]:
            assert f'name="{name}"' not in html, name
        assert 'name="partners"' in html and 'name="email"' in html
    assert 'name="password1"' in add_form and 'name="password2"' in add_form
    for name in ["first_name", "last_name", "is_active"]:
        assert f'name="{name}"' in change_form
    # The partner the account already edits is selected.
    selected = re.findall(r'<option value="(\d+)" selected>', change_form)
    assert selected == [str(accounts["partner"].pk)]


def test_staff_editor_cannot_make_a_partner_account_staff_editor_or_superuser(
    client, accounts, roles
):
    """Fields the form does not offer are ignored when posted anyway."""
    partner_user = accounts["partner_user"]
    client.force_login(accounts["editor"])
    response = client.post(
        reverse("admin:auth_user_change", args=[partner_user.pk]),
        {
            "username": partner_user.username,
            "email": "neu@mosaik.example",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [roles["editors"].pk],
            "user_permissions": list(roles["editors"].permissions.values_list("pk", flat=True)),
            "partners": [accounts["other_partner"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    partner_user.refresh_from_db()
    assert partner_user.email == "neu@mosaik.example"
    assert partner_user.is_staff and not partner_user.is_superuser
    assert list(partner_user.groups.all()) == [roles["partner_editors"]]
    assert not partner_user.user_permissions.exists()
    assert list(partner_user.partners.all()) == [accounts["other_partner"]]
    assert not accounts["partner"].editors.filter(pk=partner_user.pk).exists()


def test_staff_editor_sees_only_accounts_that_may_do_no_more_than_a_partner(
    client, accounts, roles
):
    from django.contrib.auth.models import Group, Permission

    also_editor = make_user(groups=[roles["partner_editors"], roles["editors"]])
    other_group = make_user(groups=[roles["partner_editors"], Group.objects.create(name="x")])
    with_permission = make_user(groups=[roles["partner_editors"]])
    with_permission.user_permissions.add(Permission.objects.get(codename="change_group"))
    partner_superuser = make_user(groups=[roles["partner_editors"]], is_superuser=True)
    no_group = make_user()

    client.force_login(accounts["editor"])
    assert changelist_usernames(client) == {accounts["partner_user"].username}
    for user in [
        also_editor,
        other_group,
        with_permission,
        partner_superuser,
        no_group,
        accounts["editor"],
        accounts["superuser"],
    ]:
        response = client.get(reverse("admin:auth_user_change", args=[user.pk]))
        assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)

    client.force_login(accounts["superuser"])
    assert len(changelist_usernames(client)) == get_user_model().objects.count()


def test_partner_account_password_must_pass_the_password_validators(client, accounts):
    client.force_login(accounts["editor"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "weak",
            "password1": "12345678",
            "password2": "12345678",
            "email": "weak@example.org",
            "partners": [accounts["partner"].pk],
        },
        headers={"accept-language": "en"},
    )
    assertContains(response, "This password is too common.")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_staff_editor_needs_an_email_and_a_partner_for_a_new_account(client, accounts):
    client.force_login(accounts["editor"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "nobody", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"email", "partners"}
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_staff_editor_sets_a_partners_password_but_not_a_colleagues_or_a_superusers(
    client, accounts
):
    client.force_login(accounts["editor"])
    partner_user = accounts["partner_user"]
    url = reverse("admin:auth_user_password_change", args=[partner_user.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    partner_user.refresh_from_db()
    assert partner_user.check_password(NEW_PASSWORD)

    for role in ["superuser", "editor"]:
        user = accounts[role]
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        assert client.get(url).status_code == 404
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 404
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and not user.check_password(NEW_PASSWORD)


def test_partner_editor_cannot_open_the_accounts(client, accounts):
    client.force_login(accounts["partner_user"])
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_password_change", args=[accounts["partner_user"].pk]),
    ]:
        assert client.get(url).status_code == 403


def test_superuser_has_djangos_user_form_with_the_partners(client, accounts, roles):
    client.force_login(accounts["superuser"])
    editor = accounts["editor"]
    url = reverse("admin:auth_user_change", args=[editor.pk])
    html = client.get(url).content.decode()
    for name in ["is_staff", "is_superuser", "groups", "user_permissions", "partners"]:
        assert f'name="{name}"' in html, name
    response = client.post(
        url,
        {
            "username": editor.username,
            "is_active": "on",
            "is_staff": "on",
            "groups": [roles["editors"].pk],
            "partners": [accounts["partner"].pk],
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(editor.partners.all()) == [accounts["partner"]]
    assert list(editor.groups.all()) == [roles["editors"]]


# --- Password reset by e-mail -----------------------------------------------------------------


def test_sign_in_page_links_to_the_password_reset(client, db):
    response = client.get(reverse("admin:login"))
    assertContains(response, f'href="{reverse("admin_password_reset")}"')


def test_partner_resets_their_password_by_email(client, accounts, mailoutbox):
    user = accounts["partner_user"]
    response = client.post(reverse("admin_password_reset"), {"email": "TEAM@mosaik.example"})
    assertRedirects(response, reverse("password_reset_done"))
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["team@mosaik.example"]
    links = re.findall(r"https?://\S+/admin/reset/\S+/", mail.body)
    assert len(links) == 1

    # The link leads to the form for a new password; the password validators check it.
    form = client.get(urlsplit(links[0]).path, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    weak = client.post(
        set_password_url,
        {"new_password1": "password", "new_password2": "password"},
        headers={"accept-language": "en"},
    )
    assertContains(weak, "This password is too common.")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assertRedirects(done, reverse("password_reset_complete"), fetch_redirect_response=False)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assertContains(client.get(reverse("password_reset_complete")), reverse("admin:login"))
    # The link works once.
    assertContains(client.get(urlsplit(links[0]).path, follow=True), 'name="new_password1"', 0)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, accounts, mailoutbox
):
    response = client.post(reverse("admin_password_reset"), {"email": "nobody@example.org"})
    assertRedirects(response, reverse("password_reset_done"))
    assert mailoutbox == []


# --- Sign-in lockout (django-axes) ------------------------------------------------------------

LOCKOUT = (
    "Too many failed sign-in attempts. Please try again in %(minutes)s minute, or ask the "
    "Welcome Centre staff to unlock your account.",
    "Too many failed sign-in attempts. Please try again in %(minutes)s minutes, or ask the "
    "Welcome Centre staff to unlock your account.",
)


def sign_in(client, username, password, language="en"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        headers={"accept-language": language},
    )


def fail_until_locked(client, username):
    responses = [sign_in(client, username, "wrong password") for _attempt in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def is_signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("language", "site_name"),
    [("en", "Welcome Centre Leipzig"), ("de", "Willkommenszentrum Leipzig")],
)
def test_five_wrong_passwords_lock_the_sign_in_even_for_the_right_one(
    client, accounts, language, site_name
):
    username = accounts["partner_user"].username
    fail_until_locked(client, username)
    response = sign_in(client, username, PASSWORD, language)
    assert response.status_code == 429
    assert not is_signed_in(client)
    html = response.content.decode()
    assert f'lang="{language}"' in html and site_name in html
    with translation.override(language):
        message = translation.ngettext(*LOCKOUT, 15) % {"minutes": 15}
    assertContains(response, message, status_code=429)
    if language == "en":
        assertContains(response, "Please try again in 15 minutes", status_code=429)


def test_a_locked_sign_in_is_refused_before_the_password_is_checked(client, accounts):
    username = accounts["partner_user"].username
    with mock.patch.object(
        MD5PasswordHasher, "verify", autospec=True, side_effect=MD5PasswordHasher.verify
    ) as verify:
        fail_until_locked(client, username)
        assert verify.call_count == 5  # each failed attempt checked the password
        verify.reset_mock()
        response = sign_in(client, username, PASSWORD)
    assert response.status_code == 429
    assert verify.call_count == 0


def test_five_failures_from_one_address_lock_every_username(client, accounts):
    for username in ["someone", "someone", "admin", "admin", "root"]:
        sign_in(client, username, "wrong password")
    response = sign_in(client, accounts["editor"].username, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_behind_the_proxy_the_lock_counts_the_address_the_proxy_saw(client, accounts, settings):
    """One attacker locks out its own address, not everyone behind the shared proxy."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    attacker = {"x-forwarded-for": "198.51.100.7, 203.0.113.9"}
    for username in ["someone", "admin", "root", "x", "y"]:
        client.post(
            reverse("admin:login"),
            {"username": username, "password": "wrong password"},
            headers=attacker,
        )
    assert sign_in(client, "z", "wrong password").status_code == 200  # another client
    response = client.post(
        reverse("admin:login"),
        {"username": "z", "password": "wrong password"},
        headers={"x-forwarded-for": "1.2.3.4, 203.0.113.9"},  # a forged first hop
    )
    assert response.status_code == 429


def test_a_successful_sign_in_resets_the_count(client, accounts):
    username = accounts["partner_user"].username
    for _attempt in range(4):
        sign_in(client, username, "wrong password")
    assert sign_in(client, username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert sign_in(client, username, "wrong password").status_code == 200
    assert sign_in(client, username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, accounts):
    username = accounts["partner_user"].username
    fail_until_locked(client, username)
    assert sign_in(client, username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert sign_in(client, username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert sign_in(client, username, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_staff_editor_unlocks_by_deleting_the_access_attempt(client, accounts):
    from django.test import Client

    username = accounts["partner_user"].username
    fail_until_locked(client, username)

    staff = Client()
    staff.force_login(accounts["editor"])
    changelist = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assertContains(changelist, username)
    attempt = AccessAttempt.objects.get(username=username)
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, username, PASSWORD).status_code == 302
    assert is_signed_in(client)
