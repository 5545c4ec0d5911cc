"""The five "I am …" guides: each group's topics in order with why they matter, the partners who
counsel it and the materials for it."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from services.models import TargetGroup, Topic
from tests.factories import make_material, make_offer, make_partner, make_target_group, make_topic
from wzl_site import content

pytestmark = pytest.mark.django_db


def guide_page(client, group: TargetGroup, lang: str = "de") -> str:
    with translation.override(lang):
        url = reverse("services:target_group_detail", kwargs={"slug": group.slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def guide_steps(html: str) -> list[tuple[str, str]]:
    """(topic link text, reason) of each step of the guide, in the page's order."""
    guide = html.split('<ol class="cards guide">')[1].split("</ol>")[0]
    return [
        (re.sub(r"<[^>]+>", "", title), re.sub(r"<[^>]+>", "", reason))
        for title, reason in re.findall(r"<h3><a [^>]+>(.*?)</a></h3>\s*<p>(.*?)</p>", guide, re.S)
    ]


@pytest.mark.parametrize("lang", ["de", "en", "ar", "uk"])
@pytest.mark.parametrize("group", content.TARGET_GROUPS, ids=lambda g: g["slug"])
def test_each_seeded_guide_lists_its_topics_in_order_with_why_they_matter(client, lang, group):
    call_command("load_wzl_content")
    html = guide_page(client, TargetGroup.objects.get(slug=group["slug"]), lang)
    steps = guide_steps(html)
    with translation.override(lang):
        titles = [Topic.objects.get(slug=step["slug"]).title for step in group["topics"]]
    assert [title for title, _reason in steps] == titles
    for (_title, reason), step in zip(steps, group["topics"], strict=True):
        # The seed's sentence in German and English; a translated one in the other languages.
        assert reason.strip()
        if lang in ("de", "en"):
            assert reason == step["reason"][lang]
        else:
            assert reason not in (step["reason"]["de"], step["reason"]["en"])


def test_editors_decide_the_order_and_an_unpublished_topic_is_left_out(client):
    housing, work, health = (
        make_topic(title_de="Wohnen"),
        make_topic(title_de="Arbeit"),
        make_topic(title_de="Gesundheit"),
    )
    group = make_target_group(topics=[housing, work, health])
    step = group.guide_topics.get(topic=work)
    step.order, step.reason_de = 0, "Sie suchen eine Stelle."
    step.save()
    health.is_published = False
    health.save()
    assert guide_steps(guide_page(client, group)) == [
        ("Arbeit", "Sie suchen eine Stelle."),
        ("Wohnen", housing.summary_de),  # no reason yet: the topic's own summary
    ]


def test_a_missing_translation_of_a_reason_falls_back_with_its_language_marked(client):
    housing = make_topic(title_de="Wohnen")
    group = make_target_group(topics=[housing])
    group.guide_topics.update(reason_de="Eine Wohnung finden.")
    html = guide_page(client, group, "uk")
    assert '<span lang="de" dir="ltr">Eine Wohnung finden.</span>' in html


def test_the_guide_names_the_partners_who_counsel_the_group(client):
    housing, culture = make_topic(title_de="Wohnen"), make_topic(title_de="Kultur")
    students = make_target_group(slug="students", topics=[housing])
    refugees = make_target_group(slug="refugees", topics=[housing])
    make_offer(
        partner=make_partner(name_de="Für alle zum Wohnen"),
        title_de="Wohnungssuche",
        topics=[housing],
    )
    make_offer(
        partner=make_partner(name_de="Nur Studierende"),
        title_de="Sprechstunde für Studierende",
        target_groups=[students],
    )
    make_offer(
        partner=make_partner(name_de="Nur Geflüchtete"),
        title_de="Beratung für Geflüchtete",
        topics=[housing],
        target_groups=[refugees],
    )
    make_offer(partner=make_partner(name_de="Nur Kultur"), title_de="Kultur", topics=[culture])
    make_offer(
        partner=make_partner(name_de="Nicht veröffentlicht"),
        title_de="Entwurf",
        topics=[housing],
        is_published=False,
    )
    html = guide_page(client, students)
    partners = html.split('<ul class="guide-partners">')[1]
    assert "Für alle zum Wohnen" in partners and "Wohnungssuche" in partners
    assert "Nur Studierende" in partners and "Sprechstunde für Studierende" in partners
    for absent in ("Nur Geflüchtete", "Nur Kultur", "Nicht veröffentlicht", "Entwurf"):
        assert absent not in html


def test_the_guide_lists_the_group_s_published_materials_with_their_description(client):
    students, refugees = make_target_group(), make_target_group()
    make_material(
        title_de="Studieren in Leipzig",
        description_de="Die ersten Schritte im Studium.",
        target_groups=[students],
    )
    make_material(title_de="Merkblatt für Geflüchtete", target_groups=[refugees])
    make_material(title_de="Entwurf", target_groups=[students], is_published=False)
    html = guide_page(client, students)
    assert "Studieren in Leipzig" in html and "Die ersten Schritte im Studium." in html
    assert "Merkblatt für Geflüchtete" not in html and "Entwurf" not in html
    assert f"?group={students.slug}" in html


def test_loading_the_content_again_fills_in_reasons_and_keeps_what_editors_removed(db):
    call_command("load_wzl_content")
    students = TargetGroup.objects.get(slug="students")
    students.guide_topics.filter(topic__slug="housing").delete()
    step = students.guide_topics.get(topic__slug="language")
    step.reason_de, step.reason_ar = "", ""
    step.save()
    call_command("load_wzl_content")
    assert not students.guide_topics.filter(topic__slug="housing").exists()
    step.refresh_from_db()
    assert step.reason_de == "Deutsch hilft Ihnen im Studium und im Alltag."
    assert step.reason_ar


def test_editors_edit_a_guide_in_its_group_s_form(client):
    from tests.factories import make_user
    from wzl_site.operations import roles_ensure

    editors, _partners = roles_ensure()
    client.force_login(make_user(groups=[editors]))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    group = make_target_group(topics=[make_topic()])
    form = client.get(reverse("admin:services_targetgroup_change", args=[group.pk]))
    html = form.content.decode()
    assert 'name="guide_topics-0-reason_de"' in html and 'name="guide_topics-0-order"' in html
    assert "Why it matters" in html


def test_a_partner_naming_a_group_for_its_offer_waits_for_review(client):
    from django.utils import timezone

    from partners.operations import pending_change_approve, pending_change_submit
    from tests.factories import make_user

    students = make_target_group(topics=[make_topic()])
    offer = make_offer(partner=make_partner(name_de="Studierendenwerk-Partner"))
    change = pending_change_submit(
        obj=offer, values={"target_groups": [students]}, user=make_user(), at=timezone.now()
    )
    assert "Studierendenwerk-Partner" not in guide_page(client, students)
    pending_change_approve(change=change, user=make_user(), at=timezone.now())
    assert "Studierendenwerk-Partner" in guide_page(client, students)
