from dataclasses import dataclass

from partners.models import Partner, PartnerKind


@dataclass(frozen=True)
class PartnerGroup:
    kind: str
    label: str
    partners: list[Partner]


def partners_by_kind() -> list[PartnerGroup]:
    """Published partners grouped by kind, in the order of the kinds; empty kinds left out."""
    partners = list(Partner.objects.published())
    groups = [
        PartnerGroup(kind, str(label), [p for p in partners if p.kind == kind])
        for kind, label in PartnerKind.choices
    ]
    return [group for group in groups if group.partners]
