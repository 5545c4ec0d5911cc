"""Offices people are referred to, on topic pages, and the referral slip staff print for a
visitor: in the visitor's language and German side by side, with nothing about the visitor
stored."""

import io
import logging
import re

import pytest
import zxingcpp
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_centre, make_office, make_topic, make_user
from wzl_site.operations import roles_ensure

NOTE = "Mietvertrag und Pass mitbringen – Notiz 7f3a"
SLIP_URL = "/admin/referral-slip/"


def topic_page(client, topic, language: str) -> str:
    response = client.get(f"/{language}/topics/{topic.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_topic_page_lists_its_published_offices_with_their_details(client):
    topic, other_topic = make_topic(), make_topic()
    make_office(
        topics=[topic],
        name_de="Amt für Beispielfragen",
        name_en="Office for example questions",
        description_en="Registers example things.",
        address="Musterweg 1\n00000 Musterstadt",
        hours_note_en="Mon and Thu 9:00–12:00",
        phone="0341 000 00 00",
        email="amt@example.org",
        website="https://amt.example.org/",
        languages="de, ar, ti",
    )
    make_office(topics=[topic], name_de="Unveröffentlichtes Amt", is_published=False)
    make_office(topics=[other_topic], name_de="Amt eines anderen Themas")

    page = topic_page(client, topic, "en")

    assert "Where you may be referred" in page
    assert "Office for example questions" in page
    assert "Registers example things." in page
    assert "Musterweg 1<br>00000 Musterstadt" in page
    assert "Mon and Thu 9:00–12:00" in page
    assert 'href="tel:03410000000"' in page
    assert 'href="mailto:amt@example.org"' in page
    assert 'href="https://amt.example.org/"' in page
    # Languages by their names in the page's language (CLDR), not by their codes.
    assert "<bdi>German</bdi>, <bdi>Arabic</bdi>, <bdi>Tigrinya</bdi>" in page
    assert "Unveröffentlichtes Amt" not in page
    assert "Amt eines anderen Themas" not in page


@pytest.mark.django_db
def test_a_topic_page_without_offices_has_no_referral_section(client):
    topic = make_topic()
    make_office(topics=[topic], name_de="Unveröffentlichtes Amt", is_published=False)

    page = topic_page(client, topic, "en")

    assert "Where you may be referred" not in page
    assert 'id="offices-heading"' not in page


@pytest.mark.django_db
def test_an_arabic_topic_page_isolates_the_offices_latin_details(client):
    topic = make_topic(title_ar="السكن")
    make_office(
        topics=[topic],
        name_de="Amt für Beispielfragen",
        name_ar="مكتب الأمثلة Leipzig e.V.",
        address="Musterweg 1",
        phone="+49 341 000",
        email="amt@example.org",
        website="https://amt.example.org/",
        languages="de, ar",
    )

    page = topic_page(client, topic, "ar")

    assert 'id="offices-heading"' in page
    # The Arabic name, its Latin run isolated so that "e.V." keeps its full stop at its end.
    assert "<h3><bdi>مكتب الأمثلة <bdi>Leipzig e.V.</bdi></bdi></h3>" in page
    assert '<bdi lang="de" dir="ltr">Musterweg 1</bdi>' in page
    assert '<a href="tel:+49341000"><bdi dir="ltr">+49 341 000</bdi></a>' in page
    assert '<bdi dir="ltr">amt@example.org</bdi>' in page
    assert '<bdi dir="ltr">https://amt.example.org/</bdi>' in page
    assert "<bdi>الألمانية</bdi>" in page  # "German" in Arabic, from CLDR
    assert "Amt für Beispielfragen" not in page  # the Arabic name stands in its place


# --- The referral slip ------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    editors, _partner_editors = roles_ensure()
    return make_user(groups=[editors])


@pytest.fixture
def referral(db):
    """A topic and an office with German and Arabic texts, and the centre with its hours."""
    make_centre()
    topic = make_topic(
        slug="housing-test",
        title_de="Wohnen (Beispiel)",
        title_ar="السكن (مثال)",
    )
    office = make_office(
        topics=[topic],
        name_de="Amt für Beispielfragen",
        name_ar="مكتب الأسئلة النموذجية",
        description_de="Stellt Beispielbescheinigungen aus.",
        description_ar="يصدر شهادات نموذجية.",
        hours_note_de="Montag 9–12 Uhr",
        hours_note_ar="الاثنين ٩–١٢",
        address="Musterweg 1\n00000 Musterstadt",
        phone="0341 000 00 00",
        email="amt@example.org",
    )
    return topic, office


def post_slip(client, topic, office=None, *, language="ar", **fields):
    data = {"topic": topic.pk, "office": office.pk if office else "", "language": language}
    return client.post(SLIP_URL, data | fields, HTTP_ACCEPT_LANGUAGE="en")


def columns_of(page: str) -> dict[str, tuple[str, str]]:
    """Each column of the slip by its language: (its direction, its HTML)."""
    found = re.findall(
        r'<section class="slip-column" lang="([a-z]+)" dir="(ltr|rtl)">(.*?)</section>', page, re.S
    )
    return {language: (direction, html) for language, direction, html in found}


def qr_code_text(page: str) -> str:
    """The text of the page's QR code: its SVG rasterised here and read by ZXing.

    segno draws the code as one path of ``M``, ``m`` and ``h`` commands, each ``h`` a run of
    dark modules one module high on the row of its y; any other command fails the test."""
    svg = re.search(r'<svg role="img" viewBox="0 0 (\d+) (\d+)" class="slip-qr">.*?</svg>', page)
    assert svg, "no QR code on the slip"
    width, height = int(svg.group(1)), int(svg.group(2))
    scale = 8
    pixels = bytearray(b"\xff" * (width * scale * height * scale))
    path = re.search(r' d="([^"]+)"', svg.group(0)).group(1)
    tokens = iter(re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", path))
    x = y = 0.0
    for command in tokens:
        if command in "Mm":
            dx, dy = float(next(tokens)), float(next(tokens))
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
        elif command == "h":
            run = int(float(next(tokens)))
            row = int(y)
            for module in range(int(x), int(x) + run):
                for line in range(row * scale, (row + 1) * scale):
                    start = line * width * scale + module * scale
                    pixels[start : start + scale] = b"\x00" * scale
            x += run
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    image = memoryview(bytes(pixels)).cast("B", (height * scale, width * scale))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "the QR code cannot be read"
    return found[0].text


@pytest.mark.django_db
def test_a_slip_shows_the_office_in_arabic_and_german_side_by_side(client, staff, referral):
    topic, office = referral
    client.force_login(staff)

    response = post_slip(client, topic, office, note=NOTE)

    assert response.status_code == 200
    page = response.content.decode()
    columns = columns_of(page)
    assert list(columns) == ["ar", "de"]
    (ar_direction, arabic), (de_direction, german) = columns["ar"], columns["de"]
    assert (ar_direction, de_direction) == ("rtl", "ltr")
    for text in ["السكن (مثال)", "مكتب الأسئلة النموذجية", "يصدر شهادات نموذجية.", "الاثنين ٩–١٢"]:
        assert text in arabic
        assert text not in german
    for text in [
        "Wohnen (Beispiel)",
        "Amt für Beispielfragen",
        "Stellt Beispielbescheinigungen aus.",
        "Montag 9–12 Uhr",
    ]:
        assert text in german
        assert text not in arabic
    for column in (arabic, german):
        assert '<bdi lang="de" dir="ltr">Musterweg 1<br>00000 Musterstadt</bdi>' in column
        assert '<bdi dir="ltr">0341 000 00 00</bdi>' in column
        assert '<bdi dir="ltr">amt@example.org</bdi>' in column
        # The note as typed, in both columns.
        assert f'<p class="slip-note"><bdi dir="auto">{NOTE}</bdi></p>' in column
        # The centre's address and its four days of weekly hours, to come back.
        assert "Otto-Schill-Straße 2" in column
        assert column.count('<bdi dir="ltr">13:00–17:00</bdi>') == 2
        assert column.count('<bdi dir="ltr">09:00–13:00</bdi>') == 2
    # The QR code leads to the topic's page in Arabic.
    assert qr_code_text(page) == f"http://testserver/ar/topics/{topic.slug}/"
    # A slip of this length in the full type size (a longer one gets smaller type).
    assert '<main class="slip slip-type-normal">' in page


@pytest.mark.django_db
def test_a_slip_stores_nothing_about_the_visitor(client, staff, referral, caplog):
    topic, office = referral
    client.force_login(staff)
    models = apps.get_models(include_auto_created=True)
    before = {model._meta.label: model.objects.count() for model in models}
    sessions_before = {s.session_key: s.get_decoded() for s in Session.objects.all()}

    with caplog.at_level(logging.DEBUG):
        response = post_slip(client, topic, office, note=NOTE, language="uk")

    assert response.status_code == 200
    assert NOTE in response.content.decode()
    assert {model._meta.label: model.objects.count() for model in models} == before
    sessions_after = {s.session_key: s.get_decoded() for s in Session.objects.all()}
    assert sessions_after == sessions_before
    assert NOTE not in repr(sessions_after)
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert NOTE not in dump.getvalue()
    assert not [record for record in caplog.records if NOTE in record.getMessage()]
    # Nothing of it in an address either: the form is posted, and sent back without a query.
    assert "?" not in response.wsgi_request.get_full_path()


@pytest.mark.django_db
def test_a_slip_is_not_made_from_a_query_string(client, staff, referral):
    """A GET shows the form, whatever its address carries: nothing about the visitor may
    land in an address, a browser history or a server log."""
    topic, office = referral
    client.force_login(staff)

    response = client.get(
        SLIP_URL,
        {"topic": topic.pk, "office": office.pk, "language": "ar", "note": NOTE},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'method="post"' in page
    assert "slip-column" not in page
    assert NOTE not in page


@pytest.mark.django_db
def test_a_slip_may_name_a_typed_office_or_only_the_topic(client, staff, referral):
    topic, _office = referral
    client.force_login(staff)

    typed = post_slip(client, topic, office_text="Beispielamt Nord\r\nMusterweg 3")
    only_topic = post_slip(client, topic)

    for _language, (_direction, column) in columns_of(typed.content.decode()).items():
        assert (
            '<bdi dir="auto">Beispielamt Nord</bdi><br><bdi dir="auto">Musterweg 3</bdi>'
        ) in column
    columns = columns_of(only_topic.content.decode())
    assert list(columns) == ["ar", "de"]
    for _direction, column in columns.values():
        assert "slip-office-name" not in column
        assert "Otto-Schill-Straße 2" in column
    assert qr_code_text(only_topic.content.decode()).endswith(f"/ar/topics/{topic.slug}/")


@pytest.mark.django_db
def test_a_slip_for_a_german_visitor_has_one_column(client, staff, referral):
    topic, office = referral
    client.force_login(staff)

    page = post_slip(client, topic, office, language="de").content.decode()

    assert list(columns_of(page)) == ["de"]
    assert qr_code_text(page) == f"http://testserver/de/topics/{topic.slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"topic": ""}, "This field is required."),
        ({"language": ""}, "This field is required."),
        ({"language": "xx"}, "Select a valid choice."),
        ({"office_text": "Beispielamt Nord"}, "Choose an office from the list or type one"),
        ({"note": "x" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
        ({"office": "", "office_text": "x" * 501}, "at most 500 characters (it has 501)"),
        ({"topic": "unpublished"}, "Select a valid choice."),
        ({"office": "unpublished"}, "Select a valid choice."),
        ({"topic": "abc"}, "Select a valid choice."),
    ],
)
def test_a_slip_form_with_bad_input_says_what_is_wrong(client, staff, referral, change, message):
    topic, office = referral
    client.force_login(staff)
    data = {"topic": topic.pk, "office": office.pk, "language": "ar", "note": ""}
    hidden = {
        "topic": make_topic(is_published=False).pk,
        "office": make_office(is_published=False).pk,
    }
    data |= {key: hidden[key] if value == "unpublished" else value for key, value in change.items()}

    response = client.post(SLIP_URL, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the errors below." in page
    assert message in page
    assert "slip-column" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "note",
    [
        "\u202egnp.exe",  # a right-to-left override: removed, the rest as typed
        "<script>alert(1)</script>",
        "\ufeff\x1b[31m\x7fNotiz",
    ],
)
def test_a_slip_shows_hostile_notes_harmlessly(client, staff, referral, note):
    topic, office = referral
    client.force_login(staff)

    response = post_slip(client, topic, office, note=note, office_text="")

    assert response.status_code == 200
    page = response.content.decode()
    assert "\u202e" not in page
    assert "\x1b" not in page
    assert "<script>alert(1)</script>" not in page
    shown = {
        "\u202egnp.exe": "gnp.exe",
        "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\ufeff\x1b[31m\x7fNotiz": "\ufeff[31mNotiz",
    }[note]
    assert page.count(f'<bdi dir="auto">{shown}</bdi>') == 2  # both columns


@pytest.mark.django_db
def test_a_slip_refuses_nul_bytes_and_huge_text_without_a_server_error(client, staff, referral):
    topic, office = referral
    client.force_login(staff)
    client.raise_request_exception = False

    nul = post_slip(client, topic, office, note="Notiz\x00")
    huge = post_slip(client, topic, office_text="ش" * 200_000)

    assert nul.status_code == 200
    assert "Null characters are not allowed." in nul.content.decode()
    assert huge.status_code == 200
    assert "Ensure this value has at most 500 characters" in huge.content.decode()


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.dictionaries(
        st.sampled_from(["topic", "office", "office_text", "language", "note", "x"]),
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(["1", "-1", "0", "ar", "\x00", "\u202e", "<svg onload=x>", "9" * 30]),
        ),
    )
)
def test_hostile_slip_posts_never_give_a_server_error_or_an_unescaped_echo(
    client, staff, referral, fields
):
    client.force_login(staff)
    client.raise_request_exception = False

    response = client.post(SLIP_URL, fields)

    assert response.status_code in {200, 400}
    assert b"<svg onload=x" not in response.content


@pytest.mark.django_db
def test_only_the_centres_staff_may_open_the_slip(client, referral):
    topic, office = referral
    _editors, partner_editors = roles_ensure()
    data = {"topic": topic.pk, "office": office.pk, "language": "ar", "note": NOTE}

    anonymous = client.get(SLIP_URL)
    anonymous_post = client.post(SLIP_URL, data)
    client.force_login(make_user(groups=[partner_editors]))
    partner = client.get(SLIP_URL)
    partner_post = client.post(SLIP_URL, data)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert anonymous_post.status_code == 302
    assert partner.status_code == 403
    assert partner_post.status_code == 403
    assert NOTE not in partner_post.content.decode()


@pytest.mark.django_db
def test_staff_find_the_slip_from_the_admin_and_the_list_of_offices(client, staff):
    client.force_login(staff)

    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    offices = client.get(
        reverse("admin:services_office_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert f'href="{SLIP_URL}"' in index
    assert f'href="{SLIP_URL}"' in offices


@pytest.mark.django_db
def test_staff_editors_may_edit_offices_and_partners_editors_may_not():
    editors, partner_editors = roles_ensure()
    editor, partner = make_user(groups=[editors]), make_user(groups=[partner_editors])

    for action in ("view", "add", "change", "delete"):
        assert editor.has_perm(f"services.{action}_office")
        assert not partner.has_perm(f"services.{action}_office")


@pytest.mark.django_db
def test_staff_add_an_office_in_the_admin_and_its_topic_page_lists_it(client, staff):
    from services.models import Office

    topic = make_topic()
    client.force_login(staff)
    form = {
        "name_de": "Amt für Beispielfragen",
        "name_ar": "مكتب الأمثلة",
        "address": "Musterweg 1\n00000 Musterstadt",
        "phone": "0341 000 00 00",
        "topics": [topic.pk],
        "languages": "de, ar",
        "order": 0,
        "is_published": "on",
    }

    refused = client.post(
        reverse("admin:services_office_add"),
        form | {"languages": "de, klingonisch", "phone": "ab 9 Uhr"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    added = client.post(reverse("admin:services_office_add"), form)

    assert refused.status_code == 200
    assert "“klingonisch” is not a known language code" in refused.content.decode()
    assert "Enter a phone number such as 0341 123 45 67" in refused.content.decode()
    assert added.status_code == 302
    office = Office.objects.get()
    assert (office.name_de, office.name_ar, list(office.topics.all())) == (
        "Amt für Beispielfragen",
        "مكتب الأمثلة",
        [topic],
    )
    assert "مكتب الأمثلة" in topic_page(client, topic, "ar")


@pytest.mark.django_db
def test_the_content_import_creates_no_office():
    from services.models import Office
    from wzl_site.operations import content_load

    content_load()

    assert not Office.objects.exists()


@pytest.mark.django_db
def test_an_offices_languages_must_be_known_codes():
    from django.core.exceptions import ValidationError

    office = make_office(languages="de, ar,, ti ")
    assert office.language_codes() == ["de", "ar", "ti"]
    office.languages = "de, klingonisch"
    with pytest.raises(ValidationError, match="klingonisch"):
        office.full_clean()


# --- In Chromium: the code as the browser draws it, and the page as it prints ------------------

A4_POINTS = (595.3, 841.9)


@pytest.mark.browser
def test_a_slip_prints_on_one_a4_page_without_javascript_and_its_code_scans(
    browser, live_server, staff, referral
):
    """The longest slip the form allows: the topic's title, every field of the office and the
    note at their limits, and new opening hours announced beside the current ones. Its type is
    smaller than a short slip's (see wzl_site.referral.type_size), but it stays one page."""
    from datetime import timedelta

    from django.utils import timezone
    from PIL import Image
    from pypdf import PdfReader

    from hours.models import Location
    from tests.factories import make_period

    topic, office = referral
    centre = Location.objects.centre().get()
    make_period(
        location=centre,
        hours=[(day, 9, 17) for day in range(5)],
        valid_from=timezone.localdate() + timedelta(days=30),
    )
    centre.periods.exclude(valid_from__gt=timezone.localdate()).update(
        valid_until=timezone.localdate() + timedelta(days=29)
    )
    topic.title_de, topic.title_ar = ("Wohnen Beispiel " * 8)[:120], ("السكن مثال " * 12)[:120]
    topic.save()
    mixed = "مكتب الأسئلة النموذجية Beispiel "
    office.name_de, office.name_ar = ("Amt für Beispielfragen " * 9)[:200], (mixed * 7)[:200]
    office.description_de = ("Stellt Beispielbescheinigungen aus. " * 9)[:300]
    office.description_ar = (mixed * 10)[:300]
    office.hours_note_de, office.hours_note_ar = ("Montag 9–12 Uhr " * 19)[:300], (mixed * 10)[:300]
    office.address = "\n".join(["Musterweg 1, Hinterhaus, 3. Etage, Zimmer 12 bis"] * 6)
    office.website = "https://amt.example.org/" + "a" * 176
    office.email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"  # 254 characters
    office.languages = (  # 50 languages, 198 of the 200 characters
        "de, en, ar, fa, uk, ru, ro, pl, tr, vi, es, ti, ku, so, ne, fr, it, sq, sr, hr, bs, ka, "
        "hy, am, ps, ur, hi, bn, ta, zh, ja, ko, th, id, ms, tl, sw, ha, yo, ig, zu, xh, af, nl, "
        "da, sv, no, fi, et, lv"
    )
    office.full_clean()
    office.save()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(live_server.url + SLIP_URL)
    page.select_option("#id_topic", str(topic.pk))
    page.select_option("#id_office", str(office.pk))
    page.select_option("#id_language", "ar")
    page.fill("#id_note", "\n".join(["Bitte mitbringen: Pass. أحضر جواز السفر. Bitte"] * 6))
    page.click("input[type=submit]")

    assert page.locator('.slip-column[lang="ar"][dir="rtl"]').count() == 1
    assert page.locator('.slip-column[lang="de"][dir="ltr"]').count() == 1
    code = Image.open(io.BytesIO(page.locator("svg.slip-qr").screenshot())).convert("L")
    found = zxingcpp.read_barcodes(code, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [barcode.text for barcode in found] == [f"{live_server.url}/ar/topics/{topic.slug}/"]
    page.emulate_media(media="print")
    assert page.locator(".slip-tools").is_hidden(), "the page's tools would be printed"
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    context.close()
    assert len(pdf.pages) == 1, f"the slip takes {len(pdf.pages)} pages"
    width, height = (float(value) for value in pdf.pages[0].mediabox[2:])
    assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, "not A4"
    text = pdf.pages[0].extract_text()
    assert "Amt für Beispielfragen" in text
    assert "Otto-Schill-Straße 2" in text
    assert f"{live_server.url}/ar/topics/{topic.slug}/" in text
