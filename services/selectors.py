from dataclasses import dataclass, field
from datetime import date

import babel
from django.conf import settings
from django.utils.translation import get_language

from services.models import CentreProfile


@dataclass
class SharedOffer:
    """One offer as a visitor sees it, with every partner that makes it in the same words."""

    title: str
    description: str
    languages: list
    appointment_required: bool | None
    partners: list = field(default_factory=list)
    offer: object = None  # the first of them, to render its texts with their language


def offers_shared(*, offers) -> list[SharedOffer]:
    """Offers that read the same (title, text, languages, appointment) become one, listing
    their partners, in the order the first of them comes."""
    shared: dict[tuple, SharedOffer] = {}
    for offer in offers:
        languages = list(offer.languages.all())
        key = (
            offer.title,
            offer.description,
            tuple(language.pk for language in languages),
            offer.appointment_required,
        )
        if key not in shared:
            shared[key] = SharedOffer(
                offer.title, offer.description, languages, offer.appointment_required, offer=offer
            )
        shared[key].partners.append(offer.partner)
    return list(shared.values())


@dataclass
class GuidePartner:
    """A partner in an "I am …" guide, with its offers for the group."""

    partner: object
    offers: list = field(default_factory=list)


def guide_partners(*, offers) -> list[GuidePartner]:
    """``offers`` by partner, in the order their partners' first offers come."""
    partners: dict[int, GuidePartner] = {}
    for offer in offers:
        partners.setdefault(offer.partner_id, GuidePartner(offer.partner)).offers.append(offer)
    return list(partners.values())


def centre_profile() -> CentreProfile | None:
    """The Welcome Centre's own texts, or None before the content is loaded."""
    return CentreProfile.objects.first()


def page_languages(*, obj) -> list[str]:
    """The site languages in which ``obj``'s page has its main text of its own, not a fallback:
    only these get an hreflang alternate. The main text is the first of the model's
    ``main_text_fields`` that has a German text."""
    field = next(
        (name for name in obj.main_text_fields if getattr(obj, f"{name}_de", None)),
        obj.main_text_fields[-1],
    )
    return [code for code, _name in settings.LANGUAGES if getattr(obj, f"{field}_{code}", None)]


def least_recently_checked(*, items) -> date | None:
    """For a page listing ``items``: the oldest "last checked" date, None if any is unchecked."""
    dates = [item.checked_on for item in items]
    return None if not dates or None in dates else min(dates)


def language_names() -> dict[str, str]:
    """Every language CLDR knows, by code, named in the active language ("ar" → "Arabisch")."""
    return babel.Locale.parse(get_language()).languages
