"""A partner's phone number: checked when entered, stored as one dialable number, shown to
newcomers so that it works from any phone, with opening times in a note beside it."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_partner, make_user
from wzl_site.operations import roles_ensure

REFUSED = "Enter a phone number such as 0341 123 45 67; put opening times into the note field."


def post_partner(client, partner, **fields):
    """The partner's change form as the admin submits it, as a superuser, in English."""
    client.force_login(make_user(is_superuser=True))
    data = {
        "slug": partner.slug,
        "name_de": partner.name_de,
        "kind": partner.kind,
        "order": partner.order,
        "is_published": "on",
    }
    return client.post(
        reverse("admin:partners_partner_change", args=[partner.pk]),
        data | fields,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def partner_page(client, partner, lang="de"):
    with translation.override(lang):
        return client.get(partner.get_absolute_url())


@pytest.mark.django_db
def test_a_leipzig_number_is_stored_dialable_and_linked_with_its_note_beside_it(client):
    partner = make_partner()
    response = post_partner(client, partner, phone="0341 123 45 67", phone_note_de="Mo–Fr 9–12 Uhr")
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.phone, partner.phone_note_de) == ("+493411234567", "Mo–Fr 9–12 Uhr")

    page = partner_page(client, partner)
    assertContains(
        page,
        '<dd><a href="tel:+493411234567" dir="ltr">+49 341 1234567</a> <bdi>Mo–Fr 9–12 Uhr</bdi></dd>',
        html=True,
    )


@pytest.mark.django_db
def test_a_number_with_opening_times_in_it_is_refused_and_nothing_is_saved(client):
    partner = make_partner(name_de="Beratung")
    response = post_partner(
        client, partner, name_de="Beratung neu", phone="0341 123 45 67 (Mo–Fr 9–12 Uhr)"
    )
    assert response.status_code == 200
    assertContains(response, REFUSED)
    partner.refresh_from_db()
    assert (partner.name_de, partner.phone) == ("Beratung", "")


@pytest.mark.django_db
def test_an_international_number_is_kept_and_shown_with_its_country_code(client):
    partner = make_partner()
    assert post_partner(client, partner, phone="+380 44 123 4567").status_code == 302
    partner.refresh_from_db()
    assert partner.phone == "+380441234567"
    page = partner_page(client, partner, lang="uk")
    assertContains(page, '<a href="tel:+380441234567" dir="ltr">+380 44 123 4567</a>', html=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0341/1234567", "+493411234567"),
        ("0341-123 45 67", "+493411234567"),
        ("+49 (0)341 1234567", "+493411234567"),
        ("0049 341 1234567", "+493411234567"),
        ("٠٣٤١ ١٢٣ ٤٥ ٦٧", "+493411234567"),  # Arabic-Indic digits
        ("0172 1234567", "+491721234567"),
    ],
)
def test_the_usual_ways_of_writing_a_number_are_understood(typed, stored):
    partner = make_partner(phone=typed)
    partner.full_clean()
    assert partner.phone == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["Mo–Fr 9–12", "0341 123 45 67 ext. 5", "0341 123 45 67 oder 0341 765 43 21", "12"]
)
def test_words_extensions_and_impossible_numbers_are_refused(typed):
    partner = make_partner(phone=typed)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert error.value.message_dict == {"phone": [REFUSED]}


@pytest.mark.django_db
def test_without_a_number_the_note_is_not_shown(client):
    partner = make_partner(phone_note_de="Mo–Fr 9–12 Uhr")
    assertNotContains(partner_page(client, partner), "Mo–Fr 9–12 Uhr")


@pytest.mark.django_db
def test_a_partners_own_editors_may_change_the_number_and_its_note(client):
    _editors, partner_editors = roles_ensure()
    partner = make_partner()
    user = make_user(groups=[partner_editors])
    partner.editors.add(user)
    client.force_login(user)
    response = client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    editable = set(response.context["adminform"].form.fields)
    assert {"phone", "phone_note_de", "phone_note_en", "phone_note_ar"} <= editable


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "phone", "note"),
    [
        ("0341 123 45 67 (Mo–Fr 9–12 Uhr)", "+493411234567", "Mo–Fr 9–12 Uhr"),
        ("+380 44 123 4567", "+380441234567", ""),
        ("nach Vereinbarung", "nach Vereinbarung", ""),  # no number: left to the editors
    ],
)
def test_numbers_typed_before_as_free_text_are_split_into_number_and_note(typed, phone, note):
    from django.apps import apps

    migration = importlib.import_module("partners.migrations.0003_phone_and_language_names")
    partner = make_partner(phone=typed)
    migration.phones_normalise(apps, schema_editor=None)
    partner.refresh_from_db()
    assert (partner.phone, partner.phone_note_de or "") == (phone, note)
