"""A partner keeps its own information materials; like its offers, they go live only after the
city's review, and a PDF it submits is stored apart until then."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import ChangeState, PendingChange
from services.models import Material
from tests.factories import make_material, make_partner, make_user
from wzl_site.operations import roles_ensure

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
NEWER_PDF = PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n% the second edition\n")
NEWEST_PDF = PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n% the third edition, longer\n")


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    editors, partner_editors = roles_ensure()
    own, other = make_partner(slug="own", name_de="Eigener Verein"), make_partner(slug="other")
    partner, other_partner = (
        make_user(groups=[partner_editors]),
        make_user(groups=[partner_editors]),
    )
    own.editors.add(partner)
    other.editors.add(other_partner)
    return {
        "own": own,
        "other": other,
        "partner": partner,
        "other_partner": other_partner,
        "editor": make_user(groups=[editors]),
    }


def as_user(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def stored_files(settings) -> list[bytes]:
    """The contents of every file in the storage, sorted."""
    root = settings.MEDIA_ROOT
    return sorted(p.read_bytes() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_material(**overrides) -> Material:
    """A published PDF material, saved as the admin saves it (with its size)."""
    material = make_material(url="", file=SimpleUploadedFile("x.pdf", PDF), **overrides)
    material.full_clean()
    material.save()
    return material


def material_form(material: Material, **changes) -> dict:
    """A partner's change form for ``material`` as the browser sends it back, with changes."""
    return {
        "title_de": material.title_de,
        "description_de": material.description_de or "",
        "language": material.language,
        "url": material.url,
        "checked_on": "",
        **changes,
    }


def approve(client, change, editor):
    as_user(client, editor)
    response = client.post(
        reverse("admin:partners_pendingchange_change", args=[change.pk]), {"action": "approve"}
    )
    assert response.status_code == 302


def test_a_partners_new_pdf_starts_unpublished_and_approval_publishes_it_with_its_file(
    client, world, settings
):
    as_user(client, world["partner"])
    response = client.post(
        reverse("admin:services_material_add"),
        {
            "partner": str(world["own"].pk),
            "title_de": "Mietrecht kurz erklärt",
            "language": "uk",
            "file": SimpleUploadedFile("flyer.pdf", PDF, content_type="application/pdf"),
            "url": "",
            # Only the centre decides what is published and where in the list.
            "is_published": "on",
            "order": "1",
        },
        follow=True,
    )
    assertContains(response, "Your new information material was submitted for review.")
    material = Material.objects.get()
    assert (material.partner, material.is_published, material.order) == (world["own"], False, 0)
    assert material.file_size == len(PDF) and stored_files(settings) == [PDF]
    change = PendingChange.objects.get()
    assert change.is_new and change.data == {"is_published": True}
    assertNotContains(client.get("/de/materials/"), "Mietrecht kurz erklärt")
    assertNotContains(client.get("/de/partners/own/"), "Mietrecht kurz erklärt")

    as_user(client, world["editor"])
    review = client.get(reverse("admin:partners_pendingchange_change", args=[change.pk]))
    assertContains(review, "A new information material: approving it publishes it.")
    assertContains(review, reverse("admin:partners_pendingchange_file", args=[change.pk]))
    approve(client, change, world["editor"])
    material.refresh_from_db()
    assert material.is_published
    partner_page = client.get("/de/partners/own/")
    assertContains(partner_page, "Mietrecht kurz erklärt")
    listing = client.get("/de/materials/")
    assertContains(listing, "Mietrecht kurz erklärt")
    assertContains(listing, '<a href="/de/partners/own/"><bdi>Eigener Verein</bdi></a>')
    download = client.get(reverse("services:material_file", args=[material.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_an_edited_title_waits_and_the_public_page_keeps_the_published_one(client, world):
    material = pdf_material(partner=world["own"], title_de="Merkblatt Wohnen")
    as_user(client, world["partner"])
    url = reverse("admin:services_material_change", args=[material.pk])
    response = client.post(url, material_form(material, title_de="Merkblatt Wohnen 2026"))
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PendingChange.objects.get()
    assert change.data == {"title_de": "Merkblatt Wohnen 2026"}
    assert Material.objects.get(pk=material.pk).title_de == "Merkblatt Wohnen"
    for page in ("/de/materials/", "/de/partners/own/"):
        assertContains(client.get(page), "Merkblatt Wohnen")
        assertNotContains(client.get(page), "Merkblatt Wohnen 2026")
    assertContains(client.get(url), 'value="Merkblatt Wohnen 2026"')  # to amend

    approve(client, change, world["editor"])
    for page in ("/de/materials/", "/de/partners/own/"):
        assertContains(client.get(page), "Merkblatt Wohnen 2026")


def test_order_publishing_and_partner_stay_the_centres_to_decide(client, world):
    material = pdf_material(partner=world["own"], order=3)
    as_user(client, world["partner"])
    url = reverse("admin:services_material_change", args=[material.pk])
    html = client.get(url).content.decode()
    assert 'name="is_published"' not in html and 'name="order"' not in html
    assert 'name="partner"' not in html and 'name="title_de"' in html
    form = material_form(
        material, title_de="Neu", is_published="", order="0", partner=str(world["other"].pk)
    )
    client.post(url, form)
    assert PendingChange.objects.get().data == {"title_de": "Neu"}
    material.refresh_from_db()
    assert (material.partner, material.is_published, material.order) == (world["own"], True, 3)


def test_a_replaced_pdf_waits_and_a_rejection_deletes_only_the_submitted_file(
    client, world, settings, django_capture_on_commit_callbacks
):
    material = pdf_material(partner=world["own"], title_de="Merkblatt Arbeit")
    as_user(client, world["partner"])
    url = reverse("admin:services_material_change", args=[material.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, material_form(material, file=SimpleUploadedFile("neu.pdf", NEWER_PDF))
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PendingChange.objects.get()
    submitted = change.data["file"]
    assert submitted.startswith("materials/") and submitted != material.file.name
    assert stored_files(settings) == sorted([PDF, NEWER_PDF])
    assert Material.objects.get(pk=material.pk).file.name == material.file.name
    public = client.get(reverse("services:material_file", args=[material.pk]))
    assert b"".join(public.streaming_content) == PDF  # the published one until approval

    as_user(client, world["editor"])
    review = client.get(reverse("admin:partners_pendingchange_change", args=[change.pk]))
    name = submitted.rsplit("/", 1)[1]
    assertContains(review, f"<ins>{name} ({len(NEWER_PDF)}\xa0bytes)</ins>")
    assertContains(review, "Download the submitted PDF")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:partners_pendingchange_change", args=[change.pk]),
            {"action": "reject", "note": "Bitte die Fassung von 2026."},
        )
    change.refresh_from_db()
    assert change.state == ChangeState.REJECTED
    assert stored_files(settings) == [PDF]
    assert Material.objects.get(pk=material.pk).file.name == material.file.name
    public = client.get(reverse("services:material_file", args=[material.pk]))
    assert b"".join(public.streaming_content) == PDF
    file_url = reverse("admin:partners_pendingchange_file", args=[change.pk])
    assert client.get(file_url).status_code == 404  # nothing left to download


def test_a_newer_upload_replaces_the_waiting_one_and_approval_publishes_it(
    client, world, settings, django_capture_on_commit_callbacks
):
    material = pdf_material(partner=world["own"])
    as_user(client, world["partner"])
    url = reverse("admin:services_material_change", args=[material.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, material_form(material, file=SimpleUploadedFile("a.pdf", NEWER_PDF)))
        form = client.get(url).content.decode()
        assert PendingChange.objects.get().data["file"] in form  # "Currently: …"
        # An amendment without a new upload keeps the waiting file.
        client.post(url, material_form(material, title_de="Zweite Fassung"))
        assert stored_files(settings) == sorted([PDF, NEWER_PDF])
        client.post(
            url,
            material_form(
                material, title_de="Zweite Fassung", file=SimpleUploadedFile("b.pdf", NEWEST_PDF)
            ),
        )
    change = PendingChange.objects.get()
    assert set(change.data) == {"title_de", "file"}
    assert stored_files(settings) == sorted([PDF, NEWEST_PDF])  # the first upload is gone

    approve(client, change, world["editor"])
    material.refresh_from_db()
    assert material.file.name == change.data["file"] and material.title_de == "Zweite Fassung"
    assert material.file_size == len(NEWEST_PDF)
    public = client.get(reverse("services:material_file", args=[material.pk]))
    assert b"".join(public.streaming_content) == NEWEST_PDF
    # The replaced file stays: the history's earlier version still names it.
    assert stored_files(settings) == sorted([PDF, NEWEST_PDF])


def test_a_partner_switching_to_a_link_clears_the_file_on_approval(client, world):
    material = pdf_material(partner=world["own"])
    as_user(client, world["partner"])
    url = reverse("admin:services_material_change", args=[material.pk])
    form = material_form(material, url="https://example.org/merkblatt", **{"file-clear": "on"})
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PendingChange.objects.get()
    assert change.data == {"file": "", "url": "https://example.org/merkblatt"}
    # The waiting version is what the form shows, and an amendment on top of it is valid.
    response = client.post(url, material_form(material, title_de="Als Link", **change.data))
    assert response.status_code == 302, response.content.decode()[:3000]
    approve(client, PendingChange.objects.get(), world["editor"])
    material.refresh_from_db()
    assert (material.file.name, material.url) == ("", "https://example.org/merkblatt")
    assert material.file_size is None and material.title_de == "Als Link"


def test_the_reviewer_downloads_the_submitted_pdf_and_another_partner_cannot(client, world):
    material = pdf_material(partner=world["own"])
    as_user(client, world["partner"])
    client.post(
        reverse("admin:services_material_change", args=[material.pk]),
        material_form(material, file=SimpleUploadedFile("neu.pdf", NEWER_PDF)),
    )
    change = PendingChange.objects.get()
    url = reverse("admin:partners_pendingchange_file", args=[change.pk])

    as_user(client, world["editor"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == NEWER_PDF

    as_user(client, world["other_partner"])
    assert client.get(url).status_code in {403, 404}
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("adding", [True, False], ids=["new", "replaced"])
def test_a_renamed_text_file_is_refused_and_nothing_is_stored(client, world, settings, adding):
    material = None if adding else make_material(partner=world["own"])
    before = stored_files(settings)
    as_user(client, world["partner"])
    upload = SimpleUploadedFile("leaflet.pdf", b"Just some text.\n", content_type="application/pdf")
    if adding:
        url = reverse("admin:services_material_add")
        form = {"partner": str(world["own"].pk), "title_de": "X", "language": "de", "url": ""}
    else:
        url = reverse("admin:services_material_change", args=[material.pk])
        form = material_form(material, url="")
    response = client.post(url, {**form, "file": upload})
    assertContains(response, "This file is not a PDF. Only PDF files can be uploaded.")
    assert stored_files(settings) == before == []
    assert not PendingChange.objects.exists()
    assert Material.objects.count() == (0 if adding else 1)


def test_a_pdf_over_the_limit_is_refused_and_nothing_is_stored(client, world, settings):
    settings.MATERIAL_MAX_BYTES = len(PDF)
    material = make_material(partner=world["own"])
    as_user(client, world["partner"])
    response = client.post(
        reverse("admin:services_material_change", args=[material.pk]),
        material_form(material, url="", file=SimpleUploadedFile("big.pdf", NEWEST_PDF)),
    )
    assertContains(response, "at most")
    assert stored_files(settings) == [] and not PendingChange.objects.exists()


def test_a_partner_neither_sees_nor_edits_another_partners_or_the_centres_materials(client, world):
    theirs = make_material(partner=world["other"], title_de="Fremdes Merkblatt")
    centre = make_material(title_de="Merkblatt des Zentrums")
    mine = make_material(partner=world["own"], title_de="Eigenes Merkblatt")
    as_user(client, world["partner"])
    listing = client.get(reverse("admin:services_material_changelist"))
    assertContains(listing, "Eigenes Merkblatt")
    assertNotContains(listing, "Fremdes Merkblatt")
    assertNotContains(listing, "Merkblatt des Zentrums")
    assertNotContains(listing, 'name="form-0-is_published"')  # no editing in the list
    for material in (theirs, centre):
        url = reverse("admin:services_material_change", args=[material.pk])
        assert client.get(url)["Location"] == reverse("admin:index")
        client.post(url, material_form(material, title_de="Gekapert"))
    assert not PendingChange.objects.exists()
    assert not Material.objects.filter(title_de="Gekapert").exists()

    # A new material belongs to one of the partner's own organisations, never the centre.
    add_url = reverse("admin:services_material_add")
    add_form = client.get(add_url).content.decode()
    options = re.findall(
        r'<option value="(\d+)"', add_form.split('name="partner"')[1].split("</select>")[0]
    )
    assert options == [str(world["own"].pk)]
    form = {"title_de": "Ohne Partner", "language": "de", "url": "https://example.org/x"}
    for partner in ("", str(world["other"].pk)):
        response = client.post(add_url, {**form, "partner": partner})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Material.objects.filter(title_de="Ohne Partner").exists()
    assert mine.pk in Material.objects.values_list("pk", flat=True)


def test_the_centres_editors_edit_every_material_directly(client, world):
    material = make_material(partner=world["own"], title_de="Merkblatt")
    as_user(client, world["editor"])
    url = reverse("admin:services_material_change", args=[material.pk])
    form = material_form(material, title_de="Merkblatt (neu)", order="0", is_published="on")
    response = client.post(url, {**form, "partner": ""})  # the centre's own from now on
    assert response.status_code == 302, response.content.decode()[:3000]
    material.refresh_from_db()
    assert (material.title_de, material.partner) == ("Merkblatt (neu)", None)
    assert not PendingChange.objects.exists()


def test_the_history_records_the_approval(client, world):
    material = pdf_material(partner=world["own"], title_de="Alt")
    versions = material.history.count()
    as_user(client, world["partner"])
    client.post(
        reverse("admin:services_material_change", args=[material.pk]),
        material_form(material, title_de="Neu"),
    )
    assert material.history.count() == versions  # a change waiting for review is no version
    change = PendingChange.objects.get()
    approve(client, change, world["editor"])
    assert material.history.count() == versions + 1
    latest = material.history.latest()
    assert latest.title_de == "Neu" and latest.history_user == world["editor"]
    reason = f"Approved change #{change.pk} submitted by {world['partner']}"
    assert latest.history_change_reason == reason
    assert material.history.earliest().title_de == "Alt"
    history = client.get(reverse("admin:services_material_history", args=[material.pk]))
    assertContains(history, f"Approved change #{change.pk}")


def test_a_withdrawn_changes_pdf_is_deleted(
    client, world, settings, django_capture_on_commit_callbacks
):
    material = pdf_material(partner=world["own"])
    as_user(client, world["partner"])
    client.post(
        reverse("admin:services_material_change", args=[material.pk]),
        material_form(material, file=SimpleUploadedFile("neu.pdf", NEWER_PDF)),
    )
    assert stored_files(settings) == sorted([PDF, NEWER_PDF])
    change = PendingChange.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:partners_pendingchange_change", args=[change.pk]),
            {"action": "withdraw"},
        )
    change.refresh_from_db()
    assert change.state == ChangeState.WITHDRAWN and stored_files(settings) == [PDF]
