"""Languages of counselling: every language of ISO 639, named from CLDR in the visitor's language
and in itself, which partners choose for their offers and editors may extend."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from partners.models import CounsellingLanguage
from tests.factories import make_language, make_offer, make_partner, make_topic, make_user
from wzl_site.operations import content_load, counselling_languages_load


def rows() -> list[dict]:
    return [model_to_dict(language) for language in CounsellingLanguage.objects.order_by("code")]


@pytest.mark.django_db
def test_the_load_offers_the_languages_newcomers_speak_named_in_the_site_languages():
    created = counselling_languages_load()

    assert created == CounsellingLanguage.objects.count() > 150
    codes = set(CounsellingLanguage.objects.values_list("code", flat=True))
    assert {"ar", "fa", "uk", "ti", "ps", "ku", "ckb", "so", "am"} <= codes
    assert not codes & {"mul", "und", "zxx"}  # ISO 639 codes for no particular language
    arabic = CounsellingLanguage.objects.get(code="ar")
    assert (arabic.name_de, arabic.name_en, arabic.name_ar, arabic.name_uk) == (
        "Arabisch",
        "Arabic",
        "العربية",
        "арабська",
    )
    assert CounsellingLanguage.objects.get(code="ps").name_de == "Paschtu"
    assert CounsellingLanguage.objects.get(code="ti").name_en == "Tigrinya"
    assert CounsellingLanguage.objects.get(code="ku").name_de == "Kurdisch"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "native_name"),
    [("ar", "العربية"), ("uk", "українська"), ("fa", "فارسی"), ("ti", "ትግርኛ"), ("ps", "پښتو")],
)
def test_each_language_is_named_in_itself(code, native_name):
    counselling_languages_load()
    assert CounsellingLanguage.objects.get(code=code).native_name == native_name


@pytest.mark.django_db
def test_a_retired_code_is_not_given_another_languages_native_name():
    counselling_languages_load()
    # Babel answers "tw" (Twi) with its Akan locale: better no native name than a wrong one.
    twi = CounsellingLanguage.objects.get(code="tw")
    assert (twi.name_en, twi.native_name) == ("Twi", "")


@pytest.mark.django_db
def test_a_second_load_changes_nothing():
    counselling_languages_load()
    first = rows()
    assert counselling_languages_load() == 0
    assert rows() == first


@pytest.mark.django_db
def test_the_load_never_overwrites_a_name_editors_gave_and_fills_only_empty_ones():
    make_language(code="ar", name_de="Arabisch (Hocharabisch)", native_name="")
    counselling_languages_load()
    CounsellingLanguage.objects.filter(code="ku").update(name_en="Kurdish (Kurmanji)", name_ar="")

    assert counselling_languages_load() == 1
    arabic = CounsellingLanguage.objects.get(code="ar")
    assert (arabic.name_de, arabic.native_name) == ("Arabisch (Hocharabisch)", "العربية")
    kurdish = CounsellingLanguage.objects.get(code="ku")
    assert (kurdish.name_en, kurdish.name_ar) == ("Kurdish (Kurmanji)", "الكردية")


@pytest.mark.django_db
def test_loading_the_content_keeps_the_seeded_names_and_adds_every_language():
    content_load()
    german = CounsellingLanguage.objects.get(code="de")
    assert (german.name_de, german.name_en, german.native_name) == ("Deutsch", "German", "Deutsch")
    assert german.name_ar == "الألمانية"  # filled in from CLDR where the seed had no name
    assert CounsellingLanguage.objects.filter(code="ti").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "saved"), [("fa-AF", "fa-af"), ("fa_AF", "fa-af"), ("kmr", "kmr")]
)
def test_editors_can_add_a_variety_or_a_language_cldr_does_not_name(client, typed, saved):
    client.force_login(make_user(is_superuser=True))
    response = client.post(
        reverse("admin:partners_counsellinglanguage_add"),
        {"code": typed, "name_de": "Dari", "name_en": "Dari", "native_name": "دری"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CounsellingLanguage.objects.get(code=saved).native_name == "دری"


@pytest.mark.django_db
def test_a_variety_differing_only_in_case_is_refused_as_a_duplicate(client):
    make_language(code="fa-af", name_de="Dari")
    client.force_login(make_user(is_superuser=True))
    response = client.post(
        reverse("admin:partners_counsellinglanguage_add"),
        {"code": "fa-AF", "name_de": "Dari"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assertContains(response, "Counselling language with this Language code already exists.")
    assert CounsellingLanguage.objects.filter(code__iexact="fa-af").count() == 1


@pytest.mark.django_db
def test_the_offer_form_lets_partners_choose_from_every_language(client):
    counselling_languages_load()
    client.force_login(make_user(is_superuser=True))
    response = client.get(reverse("admin:partners_offer_add"), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    # The searchable two-box widget (filter_horizontal) with every language as an option.
    assert 'class="selectfilter"' in html
    tigrinya = CounsellingLanguage.objects.get(code="ti")
    assertContains(response, f'<option value="{tigrinya.pk}">Tigrinya</option>', html=True)
    assert html.count("<option") > CounsellingLanguage.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "shown"), [("de", 'Arabisch (<bdi lang="ar">العربية</bdi>)'), ("ar", "العربية")]
)
@pytest.mark.parametrize("page", ["partner", "topic"])
def test_an_offers_language_is_named_in_the_visitors_language(client, lang, shown, page):
    counselling_languages_load()
    topic = make_topic()
    partner = make_partner()
    make_offer(
        partner=partner,
        topics=[topic],
        languages=[CounsellingLanguage.objects.get(code="ar")],
    )
    with translation.override(lang):
        url = (partner if page == "partner" else topic).get_absolute_url()
    response = client.get(url)
    assertContains(response, shown)
    if lang == "ar":
        assert "Arabisch" not in response.content.decode()
