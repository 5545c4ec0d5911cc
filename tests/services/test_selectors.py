import pytest

from partners.models import Offer
from services.selectors import offers_shared
from tests.factories import make_language, make_offer, make_partner


@pytest.mark.django_db
def test_offers_in_the_same_words_become_one_listing_their_partners():
    german = make_language(code="de")
    first, second, third = make_partner(), make_partner(), make_partner()
    make_offer(partner=first, title_de="Erstberatung", languages=[german])
    make_offer(partner=second, title_de="Erstberatung", languages=[german])
    make_offer(partner=third, title_de="Erstberatung", languages=[])  # differs in languages
    make_offer(partner=second, title_de="Spezialangebot")
    shared = offers_shared(offers=Offer.objects.order_by("pk"))
    assert [(s.title, [p.pk for p in s.partners]) for s in shared] == [
        ("Erstberatung", [first.pk, second.pk]),
        ("Erstberatung", [third.pk]),
        ("Spezialangebot", [second.pk]),
    ]
