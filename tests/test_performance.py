"""Pages read the database a fixed number of times, however much content there is."""

import pytest

from tests.factories import make_centre, make_language, make_offer, make_partner, make_topic


@pytest.fixture
def lots(db):
    make_centre()
    languages = [make_language() for _ in range(3)]
    topics = [make_topic() for _ in range(12)]
    for _ in range(15):
        make_offer(partner=make_partner(), topics=topics[:5], languages=languages)
    return topics


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/de/", 5),
        ("/de/topics/", 2),
        ("/de/topics/{slug}/", 4),
        ("/de/partners/", 2),
        ("/de/visit/", 2),
    ],
)
def test_page_queries_do_not_grow_with_content(
    client, lots, django_assert_max_num_queries, path, most
):
    with django_assert_max_num_queries(most):
        response = client.get(path.format(slug=lots[0].slug))
    assert response.status_code == 200


def test_partner_page_queries_do_not_grow_with_offers(client, lots, django_assert_max_num_queries):
    from partners.models import Partner

    partner = Partner.objects.first()
    for _ in range(5):
        make_offer(partner=partner, topics=lots[:3])
    with django_assert_max_num_queries(4):
        assert client.get(f"/de/partners/{partner.slug}/").status_code == 200
