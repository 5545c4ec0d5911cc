from dataclasses import dataclass, field


@dataclass
class SharedOffer:
    """One offer as a visitor sees it, with every partner that makes it in the same words."""

    title: str
    description: str
    languages: list
    appointment_required: bool | None
    partners: list = field(default_factory=list)


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
                offer.title, offer.description, languages, offer.appointment_required
            )
        shared[key].partners.append(offer.partner)
    return list(shared.values())
