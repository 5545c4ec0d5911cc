"""A partner's edits go live only after the city's review; nothing is lost on the way."""

import re
from datetime import date, time

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import ChangeState, ConsultationSlot, Offer, PendingChange
from tests.factories import (
    make_language,
    make_offer,
    make_partner,
    make_slot,
    make_topic,
    make_user,
)
from wzl_site.operations import roles_ensure


@pytest.fixture
def world(db):
    editors, partner_editors = roles_ensure()
    topic = make_topic(slug="housing", title_de="Wohnen")
    own, other = make_partner(slug="own"), make_partner(slug="other")
    partner = make_user(groups=[partner_editors], email="partner@example.org")
    other_partner = make_user(groups=[partner_editors])
    own.editors.add(partner)
    other.editors.add(other_partner)
    arabic = make_language(code="ar", name_de="Arabisch", name_en="Arabic")
    offer = make_offer(
        partner=own, topics=[topic], title_de="Erstberatung", title_en="First counselling"
    )
    make_slot(offer=offer, weekday=1)
    return {
        "topic": topic,
        "own": own,
        "other": other,
        "offer": offer,
        "other_offer": make_offer(partner=other, title_de="Fremdes Angebot"),
        "arabic": arabic,
        "partner": partner,
        "other_partner": other_partner,
        "editor": make_user(groups=[editors], email="staff@example.org"),
    }


def as_user(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def offer_form(client, offer) -> dict:
    """The offer's change form as the browser would send it back, unchanged."""
    html = client.get(reverse("admin:partners_offer_change", args=[offer.pk])).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data[name] = value
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', html):
        data[name] = "on"
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        if "__prefix__" in name:
            continue
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            data[name] = chosen if name in {"topics", "languages"} else chosen[0]
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    return data


@pytest.fixture
def submitted(client, world, django_capture_on_commit_callbacks):
    """The demo scenario: a partner changes text, languages, appointment rule and slots."""
    as_user(client, world["partner"])
    data = offer_form(client, world["offer"])
    data.update(
        {
            "title_de": "Erstberatung auf Arabisch",
            "title_ar": "استشارة أولى بالعربية",
            "languages": [str(world["arabic"].pk)],
            "appointment_required": "true",
            "slots-0-closes": "13:00",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:partners_offer_change", args=[world["offer"].pk]), data
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PendingChange.objects.get()


def test_a_partners_edit_waits_and_the_public_page_stays(client, world, submitted):
    offer = Offer.objects.get(pk=world["offer"].pk)
    assert offer.title_de == "Erstberatung" and offer.appointment_required is None
    assert list(offer.languages.all()) == []
    assert offer.slots.get().closes == time(12)
    assert submitted.state == ChangeState.PENDING and submitted.submitted_by == world["partner"]
    assert set(submitted.data) == {
        "title_de",
        "title_ar",
        "languages",
        "appointment_required",
        "slots",
    }
    public = client.get("/de/partners/own/")
    assertContains(public, "Erstberatung")
    assertNotContains(public, "auf Arabisch")
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]


def test_the_partner_sees_the_waiting_change_and_may_amend_it(client, world, submitted):
    page = client.get(reverse("admin:partners_pendingchange_change", args=[submitted.pk]))
    assertContains(page, "Waiting for review")
    assertContains(page, "Withdraw my change")
    form = client.get(reverse("admin:partners_offer_change", args=[world["offer"].pk]))
    assertContains(form, "waits for review")
    assertContains(form, 'value="Erstberatung auf Arabisch"')  # the waiting version, to amend
    data = offer_form(client, world["offer"])
    data["description_de"] = "Mit Dolmetscherin."
    client.post(reverse("admin:partners_offer_change", args=[world["offer"].pk]), data)
    change = PendingChange.objects.get()  # still one change, now with the amendment
    assert change.data["title_de"] == "Erstberatung auf Arabisch"
    assert change.data["description_de"] == "Mit Dolmetscherin."
    assert change.data["slots"][0]["closes"] == "13:00:00"


def test_staff_find_the_queue_compare_and_approve(
    client, world, submitted, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    as_user(client, world["editor"])
    index = client.get(reverse("admin:index"))
    assertContains(index, "1 change waits for review")
    review = client.get(reverse("admin:partners_pendingchange_change", args=[submitted.pk]))
    html = review.content.decode()
    assert "<del>Erstberatung</del>" in html and "<ins>Erstberatung auf Arabisch</ins>" in html
    assert "Arabic" in html and "German" in html  # language by language
    assert "<ins>Tuesday 10:00–13:00" in html  # the slots, old and new

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:partners_pendingchange_change", args=[submitted.pk]),
            {"action": "approve", "note": "Danke!"},
        )
    assert response.status_code == 302
    offer = Offer.objects.get(pk=world["offer"].pk)
    assert offer.title_de == "Erstberatung auf Arabisch" and offer.appointment_required is True
    assert list(offer.languages.all()) == [world["arabic"]]
    assert offer.slots.get().closes == time(13)
    assertContains(client.get("/de/partners/own/"), "Erstberatung auf Arabisch")
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.APPROVED and submitted.decided_by == world["editor"]
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    # The decision and the change it applied are both in the history.
    assert submitted.history.latest().state == ChangeState.APPROVED
    assert offer.history.latest().history_user == world["editor"]

    as_user(client, world["partner"])
    page = client.get(reverse("admin:partners_pendingchange_change", args=[submitted.pk]))
    assertContains(page, "Approved")
    assertContains(page, "Danke!")
    # The record shows what the decision was about, not a conflict with its own result.
    assertContains(page, "<del>Erstberatung</del>")
    assertNotContains(page, "Changed since the submission")


def test_a_rejection_leaves_the_page_and_tells_the_partner_why(client, world, submitted):
    as_user(client, world["editor"])
    url = reverse("admin:partners_pendingchange_change", args=[submitted.pk])
    client.post(url, {"action": "reject", "note": ""})
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.PENDING  # a rejection needs a note
    client.post(url, {"action": "reject", "note": "Bitte Sprache prüfen."})
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.REJECTED
    assert Offer.objects.get(pk=world["offer"].pk).title_de == "Erstberatung"
    as_user(client, world["partner"])
    assertContains(client.get(url), "Bitte Sprache prüfen.")


def test_a_conflicting_approval_is_refused_and_nothing_is_overwritten(client, world, submitted):
    offer = Offer.objects.get(pk=world["offer"].pk)
    offer.title_de = "Erstberatung (neu)"
    offer.save()  # staff changed the published entry meanwhile
    as_user(client, world["editor"])
    url = reverse("admin:partners_pendingchange_change", args=[submitted.pk])
    response = client.post(url, {"action": "approve"}, follow=True)
    assertContains(response, "has changed since this change was submitted")
    offer.refresh_from_db()
    assert offer.title_de == "Erstberatung (neu)" and offer.appointment_required is None
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.PENDING


def test_the_partner_may_withdraw_but_not_approve(client, world, submitted):
    url = reverse("admin:partners_pendingchange_change", args=[submitted.pk])
    assert client.post(url, {"action": "approve"}).status_code == 403
    client.post(url, {"action": "withdraw"})
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.WITHDRAWN
    assert Offer.objects.get(pk=world["offer"].pk).title_de == "Erstberatung"


def test_another_partner_cannot_reach_the_change(client, world, submitted):
    as_user(client, world["other_partner"])
    url = reverse("admin:partners_pendingchange_change", args=[submitted.pk])
    assert client.get(url)["Location"] == reverse("admin:index")
    client.post(url, {"action": "withdraw"})
    submitted.refresh_from_db()
    assert submitted.state == ChangeState.PENDING
    listing = client.get(reverse("admin:partners_pendingchange_changelist"))
    assertNotContains(listing, "Erstberatung")


def test_staff_restore_the_version_before_an_approved_change(client, world, submitted):
    as_user(client, world["editor"])
    client.post(
        reverse("admin:partners_pendingchange_change", args=[submitted.pk]), {"action": "approve"}
    )
    offer = Offer.objects.get(pk=world["offer"].pk)
    before = offer.history.filter(title_de="Erstberatung").latest()
    url = reverse("admin:partners_offer_simple_history", args=[offer.pk, before.history_id])
    data = offer_form(client, offer)  # staff's form of the current version …
    data.update({"title_de": before.title_de, "title_ar": before.title_ar or ""})
    data["languages"] = []
    data["appointment_required"] = "unknown"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    offer.refresh_from_db()
    assert offer.title_de == "Erstberatung" and offer.appointment_required is None
    assert offer.history.latest().history_user == world["editor"]


def test_a_new_offer_from_a_partner_starts_unpublished(client, world):
    as_user(client, world["partner"])
    data = {
        "partner": str(world["own"].pk),
        "title_de": "Sprechstunde",
        "appointment_required": "unknown",
        "topics": [str(world["topic"].pk)],
        **management("slots", 0),
    }
    response = client.post(reverse("admin:partners_offer_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get(title_de="Sprechstunde")
    assert not offer.is_published
    assertNotContains(client.get("/de/partners/own/"), "Sprechstunde")
    change = PendingChange.objects.get()
    assert change.is_new
    as_user(client, world["editor"])
    client.post(
        reverse("admin:partners_pendingchange_change", args=[change.pk]), {"action": "approve"}
    )
    assertContains(client.get("/de/partners/own/"), "Sprechstunde")


def test_staff_edits_go_live_directly(client, world):
    as_user(client, world["editor"])
    data = offer_form(client, world["offer"])
    data["title_de"] = "Erstberatung und Verweisberatung"
    client.post(reverse("admin:partners_offer_change", args=[world["offer"].pk]), data)
    assert Offer.objects.get(pk=world["offer"].pk).title_de == "Erstberatung und Verweisberatung"
    assert not PendingChange.objects.exists()


def test_a_crafted_post_cannot_change_what_staff_decide(client, world):
    as_user(client, world["partner"])
    data = offer_form(client, world["offer"])
    data.update(
        {
            "title_de": "Neu",
            "partner": str(world["other"].pk),
            "is_published": "",
            "order": "99",
        }
    )
    client.post(reverse("admin:partners_offer_change", args=[world["offer"].pk]), data)
    assert set(PendingChange.objects.get().data) == {"title_de"}
    as_user(client, world["editor"])
    client.post(
        reverse("admin:partners_pendingchange_change", args=[PendingChange.objects.get().pk]),
        {"action": "approve"},
    )
    offer = Offer.objects.get(pk=world["offer"].pk)
    assert (offer.partner, offer.is_published, offer.order) == (world["own"], True, 0)


def test_a_crafted_post_cannot_reach_another_partners_offer(client, world):
    as_user(client, world["partner"])
    url = reverse("admin:partners_offer_change", args=[world["other_offer"].pk])
    assert client.get(url)["Location"] == reverse("admin:index")
    client.post(url, {"title_de": "Gekapert", **management("slots", 0)})
    assert not PendingChange.objects.exists()
    assert Offer.objects.get(pk=world["other_offer"].pk).title_de == "Fremdes Angebot"


def test_a_partner_sees_only_published_topics_and_its_own_partners(client, world):
    hidden = make_topic(title_de="Entwurfsthema", is_published=False)
    as_user(client, world["partner"])
    assertNotContains(client.get(reverse("admin:services_topic_changelist")), "Entwurfsthema")
    response = client.get(reverse("admin:services_topic_change", args=[hidden.pk]))
    assert response["Location"] == reverse("admin:index")
    add_form = client.get(reverse("admin:partners_offer_add")).content.decode()
    assert "Entwurfsthema" not in add_form
    listing = client.get(reverse("admin:partners_offer_changelist")).content.decode()
    assert world["other"].name not in listing


def test_slot_changes_of_an_unchanged_offer_are_reviewed_too(client, world):
    as_user(client, world["partner"])
    data = offer_form(client, world["offer"])
    data["slots-0-DELETE"] = "on"
    client.post(reverse("admin:partners_offer_change", args=[world["offer"].pk]), data)
    change = PendingChange.objects.get()
    assert change.data == {"slots": []}
    assert ConsultationSlot.objects.filter(offer=world["offer"]).count() == 1
    assert date(2026, 1, 1).isoformat() in str(change.base["slots"])


def test_view_on_site_tells_a_partner_nothing_beyond_its_scope(client, world):
    from django.contrib.contenttypes.models import ContentType

    hidden = make_topic(slug="draft", is_published=False)

    def shortcut(obj):
        content_type = ContentType.objects.get_for_model(obj)
        return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")

    as_user(client, world["partner"])
    assert shortcut(hidden).status_code == 404
    assert shortcut(world["other"]).status_code == 404
    assert shortcut(world["other_offer"]).status_code == 404
    assert shortcut(world["editor"]).status_code == 404
    assert shortcut(world["own"])["Location"].endswith("/partners/own/")
    assert shortcut(world["topic"])["Location"].endswith("/topics/housing/")
    topic_type = ContentType.objects.get_for_model(world["topic"])
    assert client.get(f"/admin/r/{topic_type.pk}/abc/").status_code == 404  # not a key
    as_user(client, world["editor"])
    assert shortcut(hidden)["Location"].endswith("/topics/draft/")


def test_the_topic_autocomplete_offers_a_partner_only_published_topics(client, world):
    make_topic(title_de="Entwurfsthema", is_published=False)
    as_user(client, world["partner"])
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "partners", "model_name": "offer", "field_name": "topics", "term": ""},
    )
    assert response.status_code == 200, response.status_code
    names = [item["text"] for item in response.json()["results"]]
    assert "Wohnen" in names and "Entwurfsthema" not in names


def test_a_partners_change_to_its_own_entry_waits_for_review_too(client, world):
    from partners.models import Partner

    as_user(client, world["partner"])
    url = reverse("admin:partners_partner_change", args=[world["own"].pk])
    html = client.get(url).content.decode()
    data = {
        name: value
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
        if name != "csrfmiddlewaretoken"
    }
    data.update({"name_de": world["own"].name_de, "description_de": "Neue Beschreibung."})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Partner.objects.get(pk=world["own"].pk).description_de
    assertNotContains(client.get("/de/partners/own/"), "Neue Beschreibung.")
    change = PendingChange.objects.get()
    assert change.data == {"description_de": "Neue Beschreibung."}
    as_user(client, world["editor"])
    client.post(
        reverse("admin:partners_pendingchange_change", args=[change.pk]), {"action": "approve"}
    )
    assertContains(client.get("/de/partners/own/"), "Neue Beschreibung.")
