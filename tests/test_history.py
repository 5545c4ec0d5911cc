"""No edit is lost: every change to content is recorded, and staff restore earlier versions."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_centre, make_partner, make_topic, make_user
from wzl_site.operations import roles_ensure

LANGS = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def editor(db):
    editors, _partner_editors = roles_ensure()
    return make_user(groups=[editors])


@pytest.fixture
def partner_user(db):
    _editors, partner_editors = roles_ensure()
    user = make_user(groups=[partner_editors])
    make_partner().editors.add(user)
    return user


def translated(instance, *names) -> dict:
    return {
        f"{name}_{code}": getattr(instance, f"{name}_{code}") or ""
        for name in names
        for code in LANGS
    }


def test_every_change_to_a_topic_is_recorded_with_its_languages(db):
    topic = make_topic(title_de="Wohnen", title_ar="السكن")
    topic.title_de = "Wohnen und Miete"
    topic.save()
    first, second = topic.history.order_by("history_id")
    assert (first.title_de, first.title_ar) == ("Wohnen", "السكن")
    assert second.title_de == "Wohnen und Miete"


def test_staff_see_an_earlier_version_and_restore_it(client, editor):
    topic = make_topic(title_de="Wohnen", summary_de="Alt")
    topic.title_de, topic.summary_de = "Wohnen und Miete", "Neu"
    topic.save()
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    history = client.get(reverse("admin:services_topic_history", args=[topic.pk]))
    assert history.status_code == 200
    first = topic.history.earliest()
    url = reverse("admin:services_topic_simple_history", args=[topic.pk, first.history_id])
    form = client.get(url)
    assert form.status_code == 200 and 'value="Wohnen"' in form.content.decode()

    data = {
        "slug": first.slug,
        "order": first.order,
        "is_published": "on",
        **translated(first, "title", "summary", "body"),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.title_de, topic.summary_de) == ("Wohnen", "Alt")
    restore = topic.history.latest()
    assert restore.history_user == editor and topic.history.count() == 3  # the restore is recorded


def test_a_partner_editor_sees_no_history(client, partner_user):
    topic = make_topic()
    client.force_login(partner_user)
    assert client.get(reverse("admin:services_topic_history", args=[topic.pk])).status_code == 403


def test_hours_and_legal_pages_keep_their_history(db):
    from tests.factories import make_legal_page

    centre = make_centre()
    centre.street = "Neue Straße 1"
    centre.save()
    assert centre.history.count() == 2
    assert centre.periods.get().history.count() == 1
    page = make_legal_page(intro_de="x", sections=[{"heading_de": "Anbieter", "body_de": "a"}])
    page.intro_de = "y"
    page.save()
    assert [h.intro_de for h in page.history.order_by("history_id")] == ["x", "y"]
    section = page.sections.get()
    section.body_de = "b"
    section.save()
    assert [h.body_de for h in section.history.order_by("history_id")] == ["a", "b"]


def test_each_topic_of_a_guide_keeps_its_history(db):
    from tests.factories import make_target_group

    housing, work = make_topic(), make_topic()
    group = make_target_group(topics=[housing, work])
    step = group.guide_topics.get(topic=work)
    step.reason_de = "Sie suchen eine Stelle."
    step.save()
    assert [h.reason_de for h in step.history.order_by("history_id")] == [None, step.reason_de]
    assert {h.topic_id for h in group.guide_topics.model.history.all()} == {housing.pk, work.pk}
