"""Pages read the database a fixed number of times, however much content there is."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from hours.selectors import local_date
from tests.factories import (
    make_centre,
    make_exception,
    make_language,
    make_offer,
    make_partner,
    make_slot,
    make_topic,
)


@pytest.fixture
def lots(db):
    from services.models import CentreProfile

    centre = make_centre()
    CentreProfile.objects.create(intro_de="Willkommen", tasks_de="- A", first_counselling_de="B")
    today = local_date(timezone.now())
    for week in range(6):  # closures and special hours, announced and not
        make_exception(location=centre, starts_on=today + timedelta(days=7 * week))
        make_exception(
            location=centre,
            starts_on=today + timedelta(days=7 * week + 1),
            hours=[(time(9), time(10)), (time(11), time(12))],
        )
    languages = [make_language() for _ in range(3)]
    topics = [make_topic() for _ in range(12)]
    for weekday in range(15):
        offer = make_offer(partner=make_partner(), topics=topics[:5], languages=languages)
        make_slot(offer=offer, weekday=weekday % 7)
        make_slot(offer=offer, weekday=(weekday + 1) % 7, recurrence="biweekly")
    return topics


@pytest.mark.parametrize(
    ("path", "most"),
    # Every page reads the announced closures and their special hours for its notice (2).
    # Pages with the centre's hours read its location, periods, their hours, exceptions and
    # their hours (5). The home and topic pages read the centre's own texts (1), topic pages
    # also the organisations on site (1).
    [
        ("/de/", 11),
        ("/de/topics/", 3),
        ("/de/topics/{slug}/", 8),
        ("/de/partners/", 4),
        ("/de/visit/", 7),
        ("/de/calendar/", 8),
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
    with django_assert_max_num_queries(7):
        assert client.get(f"/de/partners/{partner.slug}/").status_code == 200
