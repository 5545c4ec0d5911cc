"""Writes that span the apps: loading the WZL's content, the editors' roles, demo accounts."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import models, transaction

from hours.models import Location, WeeklyHours
from partners.models import CounsellingLanguage, Offer, Partner
from services.models import TargetGroup, Topic
from wzl_site import content

EDITORS_GROUP = "WZL editors"
PARTNER_EDITORS_GROUP = "Partner editors"

EDITOR_APPS = ["services", "partners", "hours", "flatpages"]
PARTNER_EDITOR_PERMISSIONS = [
    "partners.view_partner",
    "partners.change_partner",
    "partners.view_offer",
    "partners.add_offer",
    "partners.change_offer",
    "partners.delete_offer",
    "partners.view_counsellinglanguage",
    "services.view_topic",
]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.filled)


def _translated(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": text for code, text in texts.items()}


def _record_ensure(
    model: type[models.Model], *, lookup: dict, values: dict, report: LoadReport
) -> tuple[models.Model, bool]:
    """Create the record, or fill in the fields that are still empty; never overwrite.

    Editors' changes survive a second run, and a second run on unchanged data changes nothing.
    """
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup, **values)
    else:
        empty = {
            name: value
            for name, value in values.items()
            if getattr(instance, name) in ("", None) and value not in ("", None)
        }
        if not empty:
            return instance, False
        for name, value in empty.items():
            setattr(instance, name, value)
        report.filled.append(f"{model._meta.verbose_name}: {instance.pk} ({', '.join(empty)})")
    instance.full_clean()
    instance.save()
    if created:
        report.created.append(f"{model._meta.verbose_name}: {lookup}")
    return instance, created


@transaction.atomic
def content_load() -> LoadReport:
    """Load the WZL's topics, target groups, partners, hours and legal pages from the seed."""
    report = LoadReport()

    topics = {}
    for item in content.TOPICS:
        topics[item["slug"]], _ = _record_ensure(
            Topic,
            lookup={"slug": item["slug"]},
            values={
                "order": content.TOPICS.index(item) + 1,
                **_translated("title", item["title"]),
                **_translated("summary", item["summary"]),
                **_translated("body", item["body"]),
            },
            report=report,
        )

    for order, item in enumerate(content.TARGET_GROUPS, start=1):
        group, created = _record_ensure(
            TargetGroup,
            lookup={"slug": item["slug"]},
            values={
                "order": order,
                **_translated("name", item["name"]),
                **_translated("label", item["label"]),
                **_translated("description", item["description"]),
            },
            report=report,
        )
        if created:
            group.topics.set(topics[slug] for slug in item["topics"])

    languages = {}
    for item in content.LANGUAGES:
        languages[item["code"]], _ = _record_ensure(
            CounsellingLanguage,
            lookup={"code": item["code"]},
            values={"native_name": item["native_name"], **_translated("name", item["name"])},
            report=report,
        )

    for order, item in enumerate(content.PARTNERS, start=1):
        partner, created = _record_ensure(
            Partner,
            lookup={"slug": item["slug"]},
            values={
                "kind": item["kind"],
                "order": order,
                **_translated("name", item["name"]),
                **_translated("description", item["description"]),
            },
            report=report,
        )
        if not created:
            continue  # once a partner exists, its offers belong to its editors
        for offer_order, offer_item in enumerate(item["offers"], start=1):
            offer = Offer(
                partner=partner,
                order=offer_order,
                **_translated("title", offer_item["title"]),
                **_translated("description", offer_item["description"]),
            )
            offer.full_clean()
            offer.save()
            report.created.append(f"offer: {offer}")
            offer.topics.set(topics[slug] for slug in offer_item["topics"])
            offer.languages.set(languages[code] for code in offer_item["languages"])

    centre = content.CENTRE
    location, created = _record_ensure(
        Location,
        lookup={"slug": centre["slug"]},
        values={
            "street": centre["street"],
            "postcode": centre["postcode"],
            "city": centre["city"],
            "directions_url": centre["directions_url"],
            "more_information_url": centre["more_information_url"],
            **_translated("name", centre["name"]),
        },
        report=report,
    )
    if created:
        for weekday, opens, closes in centre["weekly_hours"]:
            _record_ensure(
                WeeklyHours,
                lookup={"location": location, "weekday": weekday, "opens": opens},
                values={"closes": closes},
                report=report,
            )

    site = site_ensure()
    for item in content.FLATPAGES:
        page, created = _record_ensure(
            FlatPage,
            lookup={"url": item["url"]},
            values={
                **_translated("title", item["title"]),
                **_translated("content", item["content"]),
            },
            report=report,
        )
        if created:
            page.sites.add(site)

    roles_ensure()
    return report


def site_ensure() -> Site:
    """Name the site; give it the configured domain while it still has Django's placeholder."""
    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": "WZL"}
    )
    if site.domain == "example.com":
        site.domain = settings.SITE_DOMAIN
        site.name = "Willkommenszentrum Leipzig"
        site.save()
    return site


def roles_ensure() -> tuple[Group, Group]:
    """The two roles of the admin: the centre's editors and partners' own editors."""
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS),
    )
    partner_editors, _ = Group.objects.get_or_create(name=PARTNER_EDITORS_GROUP)
    for dotted in PARTNER_EDITOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        partner_editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return editors, partner_editors


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


def demo_accounts_create(*, partner_slugs: tuple[str, str]) -> list[DemoAccount]:
    """A staff editor and one editor for each of two partners, with fresh passwords."""
    editors, partner_editors = roles_ensure()
    user_model = get_user_model()
    accounts = []

    def account(username: str, group: Group, role: str):
        user, _ = user_model.objects.get_or_create(username=username)
        password = secrets.token_urlsafe(12)
        user.is_staff = True
        user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.add(group)
        accounts.append(DemoAccount(username, password, role))
        return user

    account("demo-editor", editors, EDITORS_GROUP)
    for slug in partner_slugs:
        partner = Partner.objects.get(slug=slug)
        user = account(f"demo-{slug}", partner_editors, f"{PARTNER_EDITORS_GROUP}: {partner}")
        partner.editors.add(user)
    return accounts
