"""The referral slip: staff at the counter print, for a visitor who is sent on to another office,
one A4 page in the visitor's language and in German side by side.

The slip is rendered from the form and nothing else: no model, no session data, no log line,
no name field. The form is posted, never sent as a query string, so that nothing about the
visitor lands in an address, a browser history or a server log.

It spans two apps (topics and offices from ``services``, the centre's hours from ``hours``), so
it lives in the project package; its address is under ``/admin/`` and it is for the centre's
staff only (``services.view_office``: partners' editors have no such permission).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from hours.selectors import CentreWeek, DayHours, centre_week
from services.models import Office, Topic
from services.selectors import language_names

# Who may print slips: the centre's staff, who manage the offices people are referred to.
SLIP_PERMISSION = "services.view_office"
# The clerk at the next office reads German.
CLERK_LANGUAGE = "de"
OFFICE_TEXT_MAX_LENGTH = 500
OFFICE_TEXT_MAX_LINES = 8
NOTE_MAX_LENGTH = 300
NOTE_MAX_LINES = 6
# The type size of a slip by the amount of text in its fullest column (see column_amount).
LINE_CHARACTERS = 45
TYPE_SIZES = [(1100, "normal"), (1550, "small"), (2200, "smaller"), (10**9, "smallest")]
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): typed text
# must not turn the rest of the slip around. Marks (U+200E, U+200F) are harmless and stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """Typed text without bidi controls and control characters other than line breaks and tabs,
    with Windows line breaks as plain ones."""
    value = BIDI_CONTROLS.sub("", value.replace("\r\n", "\n"))
    return "".join(
        char for char in value if char in "\n\t" or unicodedata.category(char) != "Cc"
    ).strip()


def within_lines(value: str, most: int) -> str:
    """``value`` if it has at most ``most`` lines (the slip must stay one page)."""
    if len(value.splitlines()) > most:
        raise forms.ValidationError(
            _("Write at most %(lines)s lines."), params={"lines": most}, code="too_many_lines"
        )
    return value


def language_choices() -> list[tuple[str, str]]:
    """Every site language by its own name, and by its name in the clerk's language."""
    choices = [("", pgettext("referral slip", "Choose the visitor's language"))]
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        local, translated = info["name_local"], str(info["name_translated"])
        choices.append((code, local if local == translated else f"{local} ({translated})"))
    return choices


class ReferralSlipForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        label=pgettext_lazy("referral slip", "Topic"),
        empty_label=pgettext_lazy("referral slip", "Choose a topic"),
    )
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=pgettext_lazy("referral slip", "Office"),
        empty_label=pgettext_lazy("referral slip", "None from the list"),
        help_text=_("One of the offices in the administration, with its address and contact."),
    )
    office_text = forms.CharField(
        required=False,
        max_length=OFFICE_TEXT_MAX_LENGTH,
        label=_("Or another office"),
        help_text=_(
            "For an office that is not in the list: its name and address, one line each, at "
            "most 8 lines. Printed as typed, in both columns."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )
    language = forms.ChoiceField(label=_("Visitor's language"), choices=())
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        label=pgettext_lazy("referral slip", "Note"),
        help_text=_(
            "Optional, e.g. what to bring or ask for, at most 6 lines. Printed as typed, in "
            "both columns. Do not write the visitor's name or anything else about the visitor."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import: published now, and labelled in the clerk's language.
        self.fields["topic"].queryset = Topic.objects.published()
        self.fields["office"].queryset = Office.objects.published()
        self.fields["language"].choices = language_choices()

    def clean_office_text(self) -> str:
        return within_lines(plain_text(self.cleaned_data["office_text"]), OFFICE_TEXT_MAX_LINES)

    def clean_note(self) -> str:
        return within_lines(plain_text(self.cleaned_data["note"]), NOTE_MAX_LINES)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("office") and cleaned.get("office_text"):
            raise forms.ValidationError(
                _("Choose an office from the list or type one, not both."), code="two_offices"
            )
        # Neither is fine: the slip then names the topic, its page and the centre only.
        return cleaned


@dataclass(frozen=True)
class ReferralSlip:
    """What one slip shows, from the form alone."""

    topic: Topic
    office: Office | None
    office_lines: list[str]
    note: str
    language: str

    @property
    def languages(self) -> list[str]:
        """The visitor's language and German beside it; German alone for a German visitor."""
        return list(dict.fromkeys([self.language, CLERK_LANGUAGE]))


def direction(language: str) -> str:
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


def qr_code_svg(url: str, *, title: str) -> str:
    """``url`` as a QR code, inline SVG (no image file, no other service); sized by CSS."""
    svg = segno.make(url, error="m").svg_inline(
        omitsize=True, title=title, svgclass="slip-qr", lineclass=None
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


@dataclass(frozen=True)
class SlipWeek:
    """The centre's weekly hours on a slip: the open days only."""

    open_days: list[DayHours]
    some_closed: bool
    starts_on: date | None  # None: the hours in force; a date: the next ones, from then


def slip_weeks(centre: CentreWeek | None) -> list[SlipWeek]:
    """The weekly hours in force and, when announced, the next ones."""
    if centre is None:
        return []
    weeks = []
    for week, upcoming in ((centre.schedule.current, False), (centre.schedule.upcoming, True)):
        if week is not None:
            weeks.append(
                SlipWeek(
                    open_days=[day for day in week.days if not day.is_closed],
                    some_closed=any(day.is_closed for day in week.days),
                    starts_on=week.period.valid_from if upcoming else None,
                )
            )
    return weeks


def column_amount(*, slip: ReferralSlip, weeks: list[SlipWeek]) -> int:
    """How much text a column holds in the active language, in characters: a line break and a
    row of the hours (two more for each table's heading and notes) count as ``LINE_CHARACTERS``
    (about a line of the column). Measured in Chromium: see the slip's print test."""
    texts = [slip.topic.title, slip.note, *slip.office_lines]
    if slip.office is not None:
        office = slip.office
        names = language_names()
        texts += [office.name, office.description, office.hours_note, office.address]
        texts += [office.phone, office.email, office.website]
        texts += [names.get(code, code) + ", " for code in office.language_codes()]
    lines = sum(text.count("\n") for text in texts) + len(slip.office_lines)
    lines += sum(len(week.open_days) + 2 for week in weeks)
    return sum(len(text) for text in texts) + LINE_CHARACTERS * lines


def type_size(amount: int) -> str:
    """The slip's type size for the fullest column: smaller as it grows, so that it stays one
    A4 page at any length the form and the offices' fields allow."""
    return next((size for most, size in TYPE_SIZES if amount <= most), TYPE_SIZES[-1][1])


def slip_columns(*, slip: ReferralSlip, at: datetime) -> list[dict]:
    """Each column of the slip rendered in its own language (content falls back as on the
    site's pages), with the centre's address and weekly hours on the day of ``at``."""
    columns = []
    for language in slip.languages:
        with translation.override(language):
            centre = centre_week(at=at)  # the names of the days in this language
            context = {
                "slip": slip,
                "language": language,
                "direction": direction(language),
                "centre": centre,
                "weeks": slip_weeks(centre),
            }
            amount = column_amount(slip=slip, weeks=context["weeks"])
            columns.append(
                {
                    "language": language,
                    "direction": direction(language),
                    "amount": amount,
                    "html": render_to_string("admin/referral_slip/column.html", context),
                    "qr_caption": gettext(
                        "This code leads to the page on this topic in %(language)s."
                    )
                    % {"language": str(get_language_info(slip.language)["name_translated"])},
                }
            )
    return columns


class ReferralSlipView(View):
    """The form (GET) and the printable slip (POST). The form comes again, with what is wrong,
    when the input is not valid."""

    form_template = "admin/referral_slip/form.html"
    slip_template = "admin/referral_slip/slip.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SLIP_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.form_page(request, ReferralSlipForm())

    def post(self, request):
        form = ReferralSlipForm(request.POST)
        if not form.is_valid():
            return self.form_page(request, form)
        data = form.cleaned_data
        slip = ReferralSlip(
            topic=data["topic"],
            office=data["office"],
            office_lines=data["office_text"].splitlines(),
            note=data["note"],
            language=data["language"],
        )
        with translation.override(slip.language):
            topic_url = request.build_absolute_uri(slip.topic.get_absolute_url())
            title = gettext("QR code: the page on this topic")
        columns = slip_columns(slip=slip, at=timezone.now())
        context = {
            "columns": columns,
            "topic_url": topic_url,
            "qr_code": mark_safe(qr_code_svg(topic_url, title=title)),
            "type_size": type_size(max(column["amount"] for column in columns)),
        }
        return TemplateResponse(request, self.slip_template, context)

    def form_page(self, request, form: ReferralSlipForm):
        context = {
            **admin.site.each_context(request),
            "title": _("Referral slip"),
            "form": form,
        }
        return TemplateResponse(request, self.form_template, context)


referral_slip_view = admin.site.admin_view(ReferralSlipView.as_view())
