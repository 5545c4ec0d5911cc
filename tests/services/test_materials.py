"""Information materials: uploads checked by content, the materials page and its filters."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.models import Material
from tests.factories import make_material, make_target_group, make_topic, make_user
from wzl_site.operations import roles_ensure

pytestmark = pytest.mark.django_db

SMALL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def editor_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    editors, _partner_editors = roles_ensure()
    client.force_login(make_user(groups=[editors]))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, name: str, content: bytes):
    form = {
        "title_de": "Mietrecht kurz erklärt",
        "language": "uk",
        "order": "0",
        "is_published": "on",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "url": "",
    }
    return client.post(reverse("admin:services_material_add"), form)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_real_pdf_is_stored_under_a_generated_name(editor_client, settings):
    response = upload(editor_client, "../../etc/flyer name.pdf", SMALL_PDF)
    assert response.status_code == 302, response.content.decode()[:3000]
    material = Material.objects.get()
    (path,) = stored_files(settings)
    assert path.parent.name == "materials" and path.suffix == ".pdf"
    assert "flyer" not in path.name and len(path.stem) == 32
    assert path.read_bytes() == SMALL_PDF and material.file_size == len(SMALL_PDF)


def test_a_renamed_text_file_is_refused_and_nothing_is_stored(editor_client, settings):
    response = upload(editor_client, "leaflet.pdf", b"Just some text, not a PDF at all.\n")
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert not Material.objects.exists() and stored_files(settings) == []


def test_a_pdf_over_20_mb_is_refused_and_no_temporary_file_is_left(editor_client, settings):
    big = SMALL_PDF[:-6] + b"\n" + b"0" * (21 * 1024 * 1024) + b"\n%%EOF\n"
    response = upload(editor_client, "big.pdf", big)
    assert response.status_code == 200
    assert "at most 20.0" in response.content.decode()
    assert not Material.objects.exists() and stored_files(settings) == []
    assert list(settings.FILE_UPLOAD_TEMP_DIR.iterdir()) == []


def test_a_material_needs_a_file_or_a_link(editor_client):
    form = {"title_de": "Ohne alles", "language": "de", "order": "0", "url": ""}
    response = editor_client.post(reverse("admin:services_material_add"), form)
    assert "Upload a PDF or give a link" in response.content.decode()


def test_an_unknown_language_code_is_refused(editor_client):
    form = {"title_de": "X", "language": "xx-nonsense", "order": "0", "url": "https://a.example/"}
    response = editor_client.post(reverse("admin:services_material_add"), form)
    assert "is not a known language code" in response.content.decode()


def test_the_pdf_is_served_for_download_with_its_name_and_nosniff(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = make_material(
        title_de="Mietrecht", url="", file=SimpleUploadedFile("x.pdf", SMALL_PDF)
    )
    response = client.get(
        reverse("services:material_file", args=[material.pk]),
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.status_code == 200
    assert "Content-Encoding" not in response and response["Content-Length"] == str(len(SMALL_PDF))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="mietrecht.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == SMALL_PDF
    material.is_published = False
    material.save()
    assert client.get(reverse("services:material_file", args=[material.pk])).status_code == 404


@pytest.fixture
def shelf(db):
    housing = make_topic(slug="housing", title_de="Wohnen", title_en="Housing")
    work = make_topic(slug="work", title_de="Arbeit")
    students = make_target_group(slug="students", name_de="Studierende", name_en="Students")
    return {
        "ar_housing": make_material(title_de="Wohnen AR", language="ar", topics=[housing]),
        "uk_housing_students": make_material(
            title_de="Wohnen UK", language="uk", topics=[housing], target_groups=[students]
        ),
        "uk_work": make_material(title_de="Arbeit UK", language="uk", topics=[work]),
        "hidden": make_material(title_de="Entwurf", language="uk", is_published=False),
    }


def titles(response) -> list[str]:
    import re

    return re.findall(r"<h3><a [^>]*>(?:<span[^>]*>)?([^<]+)", response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Wohnen UK", "Arbeit UK", "Wohnen AR"]),  # Ukrainian first on the Ukrainian page
        ("?topic=housing", ["Wohnen UK", "Wohnen AR"]),
        ("?group=students", ["Wohnen UK"]),
        ("?language=ar", ["Wohnen AR"]),
        ("?topic=housing&language=uk", ["Wohnen UK"]),
        ("?topic=work&group=students", []),
        ("?topic=housing&group=students&language=uk", ["Wohnen UK"]),
        ("?topic=nonsense", []),
        ("?language=" + "x" * 500, ["Wohnen UK", "Arbeit UK", "Wohnen AR"]),  # ignored
    ],
)
def test_the_materials_page_filters_and_lists_the_visitors_language_first(
    client, shelf, query, expected
):
    response = client.get("/uk/materials/" + query)
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert '<ul class="materials">' not in response.content.decode()


def test_the_materials_page_names_language_format_and_size(client, shelf, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = make_material(
        title_de="Als PDF", language="ti", url="", file=SimpleUploadedFile("x.pdf", SMALL_PDF)
    )
    pdf.full_clean()
    pdf.save()
    html = client.get("/de/materials/").content.decode()
    assert "Tigrinya" in html and "Arabisch" in html  # CLDR's names, in German
    assert f"PDF, <bdi>{len(SMALL_PDF)}\xa0Bytes</bdi>" in html
    assert "Entwurf" not in html


def test_topic_and_group_pages_show_their_materials(client, shelf):
    topic_page = client.get("/en/topics/housing/").content.decode()
    assert "Wohnen AR" in topic_page and "Wohnen UK" in topic_page and "Arbeit UK" not in topic_page
    group_page = client.get("/en/for/students/").content.decode()
    assert "Wohnen UK" in group_page and "Wohnen AR" not in group_page


def test_a_material_of_an_unpublished_partner_is_not_shown(client):
    from tests.factories import make_partner

    hidden = make_partner(is_published=False)
    make_material(title_de="Vom verborgenen Partner", partner=hidden)
    make_material(title_de="Vom Willkommenszentrum")
    html = client.get("/de/materials/").content.decode()
    assert "Vom Willkommenszentrum" in html and "Vom verborgenen Partner" not in html
    assert list(Material.objects.published().values_list("title_de", flat=True)) == [
        "Vom Willkommenszentrum"
    ]
