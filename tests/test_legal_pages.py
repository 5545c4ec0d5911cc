"""The pages the law asks for: Impressum, Datenschutz, the accessibility statement with its
barrier report form, Leichte Sprache and German Sign Language."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from tests.factories import make_legal_page, make_user
from wzl_site.content import EASY_LANGUAGE_SECTIONS, LEGAL_PAGES
from wzl_site.forms import STARTED_SALT, started_token
from wzl_site.models import BarrierReport, LegalPage
from wzl_site.operations import content_load, roles_ensure

FIXTURES = Path(__file__).parent / "fixtures"
LANGUAGES = ["de", "en", "ar"]
REPORT = "/de/barrierefreiheit/melden/"


def url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


def report_form(**fields) -> dict:
    """A barrier report as a person sends it: some seconds after the form was served."""
    return {
        "message": "Der Kontrast der Links ist zu schwach.",
        "page": "/de/visit/",
        "email": "",
        "website": "",
        "started": started_token(at=time.time() - 30),
    } | fields


@pytest.fixture
def statement(db):
    return make_legal_page(
        kind="accessibility",
        title_de="Barrierefreiheit",
        contact_email="barrieren@example.org",
        sections=[{"key": "state", "heading_de": "Stand", "body_de": "Teilweise vereinbar."}],
    )


# --- The pages and what staff fill in -------------------------------------------------------


def test_staff_write_markdown_and_the_page_shows_only_harmless_html(client, db):
    make_legal_page(
        kind="imprint",
        intro_de=(
            "**Stadt Leipzig**\n\n<script>alert(1)</script>\n\n"
            '[Link](javascript:alert(2)) <img src=x onerror="alert(3)">'
        ),
        sections=[{"heading_de": "Kontakt", "body_de": "- eins\n- zwei"}],
    )
    html = client.get("/de/impressum/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<strong>Stadt Leipzig</strong>" in main
    assert "<li>eins</li>" in main
    assert "<script" not in main
    assert "javascript:" not in main
    assert "onerror" not in main


def test_legal_pages_cannot_be_added_or_deleted_and_their_address_cannot_be_changed(client, db):
    page = make_legal_page(kind="privacy", title_de="Datenschutz")
    client.force_login(make_user(groups=[roles_ensure()[0]]))
    assert client.get(reverse("admin:wzl_site_legalpage_add")).status_code == 403
    assert client.get(reverse("admin:wzl_site_legalpage_delete", args=[page.pk])).status_code == 403
    form = client.get(reverse("admin:wzl_site_legalpage_change", args=[page.pk]))
    assert 'name="kind"' not in form.content.decode()
    assert 'name="title_de"' in form.content.decode()


def test_a_missing_page_is_a_404_not_an_error(client, db):
    assert client.get("/de/impressum/").status_code == 404


def test_the_old_flat_pages_are_not_in_the_admin_any_more(client, db):
    client.force_login(make_user(is_superuser=True))
    assert client.get("/admin/flatpages/flatpage/").status_code == 404


# --- Leichte Sprache -------------------------------------------------------------------------


def easy_sentences() -> list[str]:
    texts = [LEGAL_PAGES[3]["intro"]["de"]]
    for section in EASY_LANGUAGE_SECTIONS:
        texts += [section["heading"]["de"], section["body"]["de"]]
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", "\n".join(texts))  # link texts only
    sentences = re.split(r"(?<=[.?!:])\s+|\n+", text)
    return [s.strip("- ").strip() for s in sentences if s.strip("- ").strip()]


def test_leichte_sprache_follows_its_rules():
    """Short sentences, no passive, no genitive article, long compounds split with a mid-dot."""
    assert LEGAL_PAGES[3]["kind"] == "easy_language"
    sentences = easy_sentences()
    assert len(sentences) > 40
    too_long = [s for s in sentences if len(s.split()) > 14]
    assert not too_long
    words = [w.strip(".,:?!()…") for s in sentences for w in s.split()]
    passive = {"wird", "werden", "wurde", "wurden", "worden"}
    assert not [w for w in words if w.lower() in passive]
    assert not [w for w in words if w.lower() in {"des", "eines", "deren", "dessen"}]
    # Compounds of more than 13 letters are split ("Willkommens·zentrum"), names and the
    # address excepted.
    allowed = {"Otto-Schill-Straße", "Mitarbeiterinnen", "Organisationen"}  # no compounds
    long_compounds = [
        w for w in words if len(w) > 13 and "·" not in w and "-" not in w and w not in allowed
    ]
    assert not long_compounds


def test_staff_can_edit_the_leichte_sprache_text(client, db):
    page = make_legal_page(kind="easy_language", title_de="Leichte Sprache", intro_de="Hallo.")
    page.intro_de = "Hier ist alles neu."
    page.save()
    assertContains(client.get("/en/leichte-sprache/"), "Hier ist alles neu.")


# --- German Sign Language --------------------------------------------------------------------


def upload_video(client, page, path: Path, name: str):
    with path.open("rb") as video:
        data = {
            "title_de": page.title_de,
            "intro_de": page.intro_de or "",
            "video": SimpleUploadedFile(name, video.read(), content_type="video/mp4"),
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        }
    return client.post(
        reverse("admin:wzl_site_legalpage_change", args=[page.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def sign_language(db):
    make_legal_page(
        kind="easy_language",
        title_de="Leichte Sprache",
        intro_de="Hier erklären wir das Willkommens·zentrum.",
        sections=[{"heading_de": "Wer kann kommen?", "body_de": "Alle können kommen."}],
    )
    return make_legal_page(
        kind="sign_language",
        title_de="Deutsche Gebärdensprache (DGS)",
        intro_de="In diesem Video erklären wir das Willkommenszentrum.",
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_a_video_the_sign_language_page_says_so_and_gives_the_text(
    client, sign_language, lang
):
    html = client.get(url("sign_language", lang)).content.decode()
    assert "<video" not in html
    assert 'class="notice"' in html
    assert '<div lang="de" dir="ltr">' in html
    assert "Alle können kommen." in html


@pytest.mark.parametrize(
    ("fixture", "kind", "mime"),
    [("dgs.webm", "WEBM", "video/webm"), ("dgs.mp4", "MP4", "video/mp4")],
)
def test_staff_upload_a_video_and_the_page_plays_it_with_a_download_link(
    client, sign_language, fixture, kind, mime
):
    client.force_login(make_user(groups=[roles_ensure()[0]]))
    # Named as the other format: the content decides.
    response = upload_video(client, sign_language, FIXTURES / fixture, "video.mov")
    assert response.status_code == 302, response.content.decode()[:2000]
    sign_language.refresh_from_db()
    assert sign_language.video_format == kind.lower()
    assert sign_language.video_seconds == 2
    client.logout()
    html = client.get("/en/gebaerdensprache/").content.decode()
    source = re.search(r'<source src="([^"]+)" type="([^"]+)">', html)
    assert re.search(r"<video [^>]*controls", html)
    assert source.group(2) == mime
    with translation.override("en"):
        size = filesizeformat((FIXTURES / fixture).stat().st_size)
    assert f"Download the video ({kind}, {size}, 0:02 minutes)" in html
    assert "Alle können kommen." in html  # the text alternative
    video = client.get(source.group(1))
    assert video["Content-Type"] == mime
    assert b"".join(video.streaming_content) == (FIXTURES / fixture).read_bytes()
    download = client.get(source.group(1) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    # Another name: not this video.
    assert client.get(reverse("sign_language_video", args=["other.webm"])).status_code == 404


def test_a_file_that_is_not_a_video_or_too_large_is_refused_with_a_message(
    client, sign_language, settings, tmp_path
):
    client.force_login(make_user(groups=[roles_ensure()[0]]))
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n")
    response = upload_video(client, sign_language, fake, "fake.mp4")
    assertContains(response, "This file is not an MP4 or WebM video.")
    settings.SIGN_LANGUAGE_VIDEO_MAX_BYTES = 1000
    response = upload_video(client, sign_language, FIXTURES / "dgs.webm", "dgs.webm")
    assertContains(response, "at most 1000")
    sign_language.refresh_from_db()
    assert not sign_language.video


# --- The barrier report form ----------------------------------------------------------------


def test_the_form_works_without_javascript_and_sets_no_cookie(client, statement):
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="report-form" method="post"' in html
    assert "<script" not in html
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert 'href="mailto:barrieren@example.org"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_report_is_stored_for_staff_and_sent_to_them_by_e_mail(client, statement, lang):
    path = url("accessibility_report", lang)
    response = client.post(path, report_form(email="leser@example.org"))
    assert response.status_code == 302
    assert response["Location"] == f"{path}?sent=1"
    report = BarrierReport.objects.get()
    assert report.message == "Der Kontrast der Links ist zu schwach."
    assert (report.page, report.email, report.language) == ("/de/visit/", "leser@example.org", lang)
    [message] = mail.outbox
    assert message.to == ["barrieren@example.org"]
    assert message.reply_to == ["leser@example.org"]
    assert "Der Kontrast der Links ist zu schwach." in message.body
    assert f"/admin/wzl_site/barrierreport/{report.pk}/change/" in message.body
    thanks = client.get(response["Location"])
    assert 'role="status"' in thanks.content.decode()
    assert "<textarea" not in thanks.content.decode()


def test_staff_read_the_report_in_the_admin(client, statement):
    client.post(REPORT, report_form(message="Das Formular <b>ist</b> zu klein."))
    client.force_login(make_user(groups=[roles_ensure()[0]]))
    report = BarrierReport.objects.get()
    page = client.get(reverse("admin:wzl_site_barrierreport_change", args=[report.pk]))
    assertContains(page, "Das Formular &lt;b&gt;ist&lt;/b&gt; zu klein.")
    listing = client.get(reverse("admin:wzl_site_barrierreport_changelist"))
    assertContains(listing, "Das Formular &lt;b&gt;ist&lt;/b&gt; zu klein.")


def test_when_the_mail_server_fails_the_report_is_kept(client, statement, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = client.post(REPORT, report_form())
    assert response.status_code == 302
    assert BarrierReport.objects.count() == 1
    assert "the e-mail to the staff failed" in caplog.text


def test_a_robot_filling_the_hidden_field_is_thanked_but_nothing_is_kept(client, statement):
    response = client.post(REPORT, report_form(website="https://spam.example"))
    assert response.status_code == 302
    assert not BarrierReport.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("started", "why"),
    [
        (lambda: started_token(at=time.time()), "sent very quickly"),
        (lambda: started_token(at=time.time() - 25 * 3600), "open for a long time"),
        (lambda: "1700000000:forged", "could not be checked"),
        (lambda: "", None),
    ],
)
def test_a_form_sent_too_fast_too_late_or_forged_is_refused_and_the_text_kept(
    client, statement, started, why
):
    text = "Die Tabelle der Öffnungszeiten ist mit dem Screenreader unklar."
    response = client.post(REPORT, report_form(message=text, started=started()))
    assert response.status_code == 200
    assert not BarrierReport.objects.exists()
    html = response.content.decode()
    assert text in html  # nothing lost
    assert 'role="alert"' in html
    if why:
        english = client.post(
            "/en/barrierefreiheit/melden/", report_form(message=text, started=started())
        )
        assertContains(english, why)
    # The form comes back with a fresh time: sent again later, it is taken.
    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert abs(signing.loads(fresh, salt=STARTED_SALT) - time.time()) < 60


def test_an_empty_message_or_a_bad_e_mail_address_gets_a_message_at_the_field(client, statement):
    response = client.post(
        "/en/barrierefreiheit/melden/", report_form(message="", email="not an address")
    )
    html = response.content.decode()
    assert 'id="id_message_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert not BarrierReport.objects.exists()


def test_hostile_input_is_refused_or_kept_as_plain_text(client, statement):
    hostile = '<script>alert("x")</script>\u202eevil\u202c' + "ü" * 100
    response = client.post(REPORT, report_form(message=hostile, page="javascript:alert(1)"))
    assert response.status_code == 302
    assert BarrierReport.objects.get().message == hostile
    for message in ["nul \x00 byte", "x" * 5001]:
        response = client.post(REPORT, report_form(message=message))
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()
    response = client.post(REPORT, report_form(email="a@example.org\nBcc: x@example.org"))
    assert response.status_code == 200
    assert BarrierReport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_many_reports_from_one_address_are_refused_for_an_hour(client, statement, settings):
    settings.BARRIER_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(REPORT, report_form()).status_code == 302
    response = client.post(REPORT, report_form(message="Noch einer."))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assertContains(response, "Noch einer.", status_code=429)
    assert BarrierReport.objects.count() == 2
    # Another address is not affected.
    assert client.post(REPORT, report_form(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_other_public_pages_still_take_no_form(client, statement):
    assert client.post("/de/barrierefreiheit/", report_form()).status_code == 405
    assert client.put(REPORT).status_code == 405


def test_reports_do_not_retire_the_cached_pages(client, statement):
    from wzl_site.page_cache import content_version

    before = content_version()
    client.post(REPORT, report_form())
    assert content_version() == before


# --- Privacy and retention -------------------------------------------------------------------


def test_the_privacy_page_names_what_the_form_stores_and_for_how_long(client, db, settings):
    make_legal_page(kind="privacy", title_de="Datenschutz")
    settings.BARRIER_REPORT_RETENTION_DAYS = 30
    html = client.get("/en/datenschutz/").content.decode()
    assert "We delete each message 30 days after it arrived." in html
    assert "It does not store your IP address" in html


def test_the_daily_command_deletes_reports_past_the_retention_time(db, settings, capsys):
    settings.BARRIER_REPORT_RETENTION_DAYS = 30
    now = timezone.now()
    old, recent = [BarrierReport.objects.create(message=m, language="de") for m in ["alt", "neu"]]
    BarrierReport.objects.filter(pk=old.pk).update(received_at=now - timedelta(days=31))
    BarrierReport.objects.filter(pk=recent.pk).update(received_at=now - timedelta(days=29))
    call_command("delete_expired_barrier_reports")
    assert list(BarrierReport.objects.values_list("message", flat=True)) == ["neu"]
    assert "Deleted 1 barrier report" in capsys.readouterr().out


def test_reports_keep_no_history_and_their_log_entries_do_not_quote_them(client, statement):
    client.post(REPORT, report_form(message="Geheimer Hinweis"))
    report = BarrierReport.objects.get()
    assert not hasattr(report, "history")
    assert "Geheimer" not in str(report)


# --- The content import ----------------------------------------------------------------------


def test_the_import_adds_sections_to_a_page_without_them_and_keeps_staff_choices(db):
    content_load()
    imprint = LegalPage.objects.get(kind="imprint")
    count = imprint.sections.count()
    imprint.sections.get(key="supervision").delete()
    content_load()
    assert imprint.sections.count() == count - 1  # staff removed it: it stays removed
    assert LegalPage.objects.count() == 5
    assert not LegalPage.objects.get(kind="sign_language").video
