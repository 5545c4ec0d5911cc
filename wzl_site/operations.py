"""Writes that span the apps: loading the WZL's content, the editors' roles, demo accounts."""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime

import babel
import babel.localedata
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hours.models import HoursPeriod, Location, WeeklyHours
from partners.models import CounsellingLanguage, Offer, Partner
from services.models import CentreProfile, GuideTopic, TargetGroup, Topic
from wzl_site import content
from wzl_site.models import BarrierReport, LegalPage, LegalSection
from wzl_site.page_cache import content_version_bump
from wzl_site.translation_status import translations_seeded

logger = logging.getLogger(__name__)

EDITORS_GROUP = "WZL editors"
PARTNER_EDITORS_GROUP = "Partner editors"

EDITOR_APPS = ["services", "partners", "hours", "wzl_site"]
# Staff editors also manage partners' accounts (the user admin limits them to those) and lift
# sign-in lockouts. No delete_user: an account that is no longer needed is deactivated.
EDITOR_ACCOUNT_PERMISSIONS = [
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]
PARTNER_EDITOR_PERMISSIONS = [
    "partners.view_partner",
    "partners.change_partner",
    "partners.view_offer",
    "partners.add_offer",
    "partners.change_offer",
    # No delete_offer: a partner's edits wait for review, and a deletion could not.
    "partners.view_consultationslot",
    "partners.add_consultationslot",
    "partners.change_consultationslot",
    "partners.delete_consultationslot",
    "partners.view_counsellinglanguage",
    "partners.view_pendingchange",
    "services.view_topic",
    # A partner's own information materials, through the review like its offers.
    "services.view_material",
    "services.add_material",
    "services.change_material",
]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.filled)


def _texts(item: dict, *names: str) -> dict[str, str]:
    """``{"title": {"de": …, "en": …}}`` as model fields: ``{"title_de": …, "title_en": …}``."""
    return {f"{name}_{code}": text for name in names for code, text in item[name].items()}


def _record_ensure(
    model: type[models.Model], *, lookup: dict, values: dict, report: LoadReport
) -> tuple[models.Model, bool]:
    """Create the record, or fill in the fields that are still empty; never overwrite.

    Editors' changes survive a second run, and a second run on unchanged data changes nothing.
    """
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**(values | lookup))
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
@translations_seeded(reviewed_languages={"de", "en"})  # the seed's German and English
def content_load() -> LoadReport:
    """Load the WZL's topics, target groups, partners, hours and legal pages from the seed.

    Records are created when missing and their empty fields filled in; links between records
    (an offer's topics and languages, the hours) are set only when the record is created, and a
    guide's topics only while the editors have not taken them out, so that what editors changed
    or removed stays as they left it.
    """
    data = content.seed()
    report = LoadReport()

    topics = {}
    for order, item in enumerate(data["topics"], start=1):
        topics[item["slug"]], _ = _record_ensure(
            Topic,
            lookup={"slug": item["slug"]},
            values={"order": order, **_texts(item, "title", "summary", "body")},
            report=report,
        )

    for order, item in enumerate(data["target_groups"], start=1):
        group, created = _record_ensure(
            TargetGroup,
            lookup={"slug": item["slug"]},
            values={"order": order, **_texts(item, "name", "label", "description")},
            report=report,
        )
        for topic_order, step in enumerate(item["topics"], start=1):
            lookup = {"targetgroup": group, "topic": topics[step["slug"]]}
            if not created and not GuideTopic.objects.filter(**lookup).exists():
                continue  # the editors took it out of the guide: theirs to decide
            _record_ensure(
                GuideTopic,
                lookup=lookup,
                values={"order": topic_order, **_texts(step, "reason")},
                report=report,
            )

    if "centre_profile" in data:
        _record_ensure(
            CentreProfile,
            lookup={},
            values=_texts(data["centre_profile"], "intro", "tasks", "first_counselling"),
            report=report,
        )

    languages = {}
    for item in data["languages"]:
        languages[item["code"]], _ = _record_ensure(
            CounsellingLanguage,
            lookup={"code": item["code"]},
            values={"native_name": item["native_name"], **_texts(item, "name")},
            report=report,
        )
    counselling_languages_load()

    for order, item in enumerate(data["partners"], start=1):
        partner, partner_created = _record_ensure(
            Partner,
            lookup={"slug": item["slug"]},
            values={"kind": item["kind"], "order": order, **_texts(item, "name", "description")},
            report=report,
        )
        for offer_order, offer_item in enumerate(item["offers"], start=1):
            lookup = {"partner": partner, "title_de": offer_item["title"]["de"]}
            if not partner_created and not Offer.objects.filter(**lookup).exists():
                continue  # the partner's editors removed or renamed it: theirs to decide
            offer, created = _record_ensure(
                Offer,
                lookup=lookup,
                values={"order": offer_order, **_texts(offer_item, "title", "description")},
                report=report,
            )
            if created:
                offer.topics.set(topics[slug] for slug in offer_item["topics"])
                offer.languages.set(languages[code] for code in offer_item["languages"])

    centre = data["centre"]
    location, created = _record_ensure(
        Location,
        lookup={"slug": centre["slug"]},
        values={
            "is_centre": not Location.objects.centre().exists(),
            **{
                name: centre[name]
                for name in ["street", "postcode", "city", "directions_url", "more_information_url"]
            },
            **_texts(centre, "name"),
        },
        report=report,
    )
    if created:
        period, _ = _record_ensure(
            HoursPeriod,
            lookup={"location": location, "valid_from": centre["hours_valid_from"]},
            values={},
            report=report,
        )
        for weekday, opens, closes in centre["weekly_hours"]:
            _record_ensure(
                WeeklyHours,
                lookup={"period": period, "weekday": weekday, "opens": opens},
                values={"closes": closes},
                report=report,
            )

    site_ensure()
    for item in data["legal_pages"]:
        page, _ = _record_ensure(
            LegalPage,
            lookup={"kind": item["kind"]},
            values=_texts(item, "title", "intro"),
            report=report,
        )
        # The sections come with a page that has none (a new page, or one carried over from
        # the old flat pages); once it has them, which sections it keeps is the editors' call.
        if page.sections.exists():
            continue
        for order, section in enumerate(item["sections"], start=1):
            _record_ensure(
                LegalSection,
                lookup={"page": page, "key": section["key"]},
                values={
                    "order": order,
                    "placeholder": section["placeholder"],
                    **_texts(section, "heading", "body"),
                },
                report=report,
            )

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
    for dotted in EDITOR_ACCOUNT_PERMISSIONS:
        app_label, codename = dotted.split(".")
        editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
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


# ISO 639's codes for no particular language: nobody counsels in them.
_NOT_LANGUAGES = {"mis", "mul", "und", "zxx"}


@transaction.atomic
def counselling_languages_load() -> int:
    """Offer every language of ISO 639 for counselling, named from CLDR (Babel).

    Creates the languages that are missing, named in each site language and in itself, and fills
    in names that are still empty; never overwrites a name editors gave. Varieties that CLDR knows
    only with a region or script (fa_AF, Dari) are left to editors, who add them as ``fa-af``.
    Returns how many languages were created or filled in: 0 when nothing changed.
    """
    site_languages = [code for code, _name in settings.LANGUAGES]
    names = {lang: babel.Locale(lang).languages for lang in site_languages}
    # Only a language with its own locale in CLDR is named in itself. Looking the code up here
    # rather than asking Locale.parse() is faster, and parse() would answer a few retired codes
    # with another language's locale (tw, Twi → Akan).
    own_locales = set(babel.localedata.locale_identifiers())
    values = {}
    for code, english in names["en"].items():
        if "_" in code or code in _NOT_LANGUAGES:
            continue
        fields = {f"name_{lang}": names[lang].get(code, "") for lang in site_languages}
        # German is required; the few languages CLDR names only in English keep that name.
        fields["name_de"] = fields["name_de"] or english
        native = babel.Locale(code).get_display_name(code) if code in own_locales else ""
        values[code] = fields | {"native_name": native or ""}

    existing = CounsellingLanguage.objects.in_bulk(field_name="code")
    created = [
        CounsellingLanguage(code=code, **fields)
        for code, fields in values.items()
        if code not in existing
    ]
    for language in created:
        language.full_clean(validate_unique=False)  # the codes were just looked up
    CounsellingLanguage.objects.bulk_create(created)

    filled, filled_fields = [], set()
    for code, language in existing.items():
        empty = {
            name: value
            for name, value in values.get(code, {}).items()
            if value and getattr(language, name) in ("", None)
        }
        if empty:
            for name, value in empty.items():
                setattr(language, name, value)
            language.full_clean()
            filled.append(language)
            filled_fields |= empty.keys()
    if filled:
        CounsellingLanguage.objects.bulk_update(filled, sorted(filled_fields))
    if created or filled:
        content_version_bump()  # bulk writes send no signals: retire the cached pages here
    return len(created) + len(filled)


def barrier_report_create(
    *, message: str, page: str, email: str, language: str, site_url: str
) -> BarrierReport:
    """Store a barrier report, then tell the staff by e-mail (at the accessibility statement's
    address, else ``MANAGERS``), with a link into the admin at ``site_url``. The report is
    stored first: when the mail server fails, nothing is lost."""
    report = BarrierReport(message=message, page=page, email=email, language=language)
    report.full_clean()
    report.save()
    statement = LegalPage.objects.filter(kind=LegalPage.Kind.ACCESSIBILITY).first()
    recipients = [statement.contact_email] if statement and statement.contact_email else []
    recipients = recipients or [address for _name, address in settings.MANAGERS]
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):  # the staff's language
            subject = gettext("A barrier was reported on the website")
            body = gettext(
                "Someone reported a barrier with the form of the accessibility statement.\n\n"
                "Page: %(page)s\nE-mail for an answer: %(email)s\nLanguage: %(language)s\n\n"
                "%(message)s\n\nIn the admin: %(admin)s"
            ) % {
                "page": page or "–",
                "email": email or "–",
                "language": language,
                "message": message,
                "admin": site_url.rstrip("/")
                + reverse("admin:wzl_site_barrierreport_change", args=[report.pk]),
            }
        try:
            EmailMessage(subject, body, to=recipients, reply_to=[email] if email else None).send()
        except Exception:
            logger.exception("Barrier report %s stored; the e-mail to the staff failed", report.pk)
    return report


def barrier_reports_delete_expired(*, at: datetime) -> int:
    """Delete the reports older than ``BARRIER_REPORT_RETENTION_DAYS``; how many were deleted."""
    deleted, _by_model = BarrierReport.objects.expired(at=at).delete()
    return deleted
