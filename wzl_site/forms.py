"""The one form the public pages take: a barrier report (the accessibility statement's)."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wzl_site.models import BARRIER_REPORT_MAX_LENGTH

STARTED_SALT = "wzl_site.barrier-report.started"


def started_token(*, at: float) -> str:
    """The hidden field that says when the form was served, signed so that it cannot be made up."""
    return signing.dumps(int(at), salt=STARTED_SALT)


class BarrierReportForm(forms.Form):
    """No third party and no JavaScript keep robots out: a field people do not see and leave
    empty (``website``), and the time the form was served (``started``), signed: a form sent a
    moment after it was served was not filled in by a person. A person whose form is refused
    gets it back with everything they wrote."""

    message = forms.CharField(
        label=_("What did not work?"),
        help_text=_("Describe the barrier: what you wanted to do, and what stopped you."),
        max_length=BARRIER_REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    page = forms.CharField(
        label=_("On which page? (optional)"),
        help_text=_("The page's address or its title."),
        max_length=500,
        required=False,
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("Only if you would like an answer."),
        required=False,
    )
    # The trap: hidden from people by the style sheet, filled in by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, at: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = time.time() if at is None else at
        self.is_trap = False
        # The time the form is served with: also when it is sent back with an error, so that
        # sending it again works (the template writes it, not the value that was sent).
        self.fresh_started = started_token(at=self.now)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        for name in ("message", "page", "email"):  # the help and the error under each label
            self.fields[name].widget.attrs["aria-describedby"] = (
                f"id_{name}_helptext id_{name}_error"
            )
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            self.is_trap = True
        return ""

    def clean_started(self) -> float:
        try:
            started = signing.loads(self.cleaned_data["started"], salt=STARTED_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form could not be checked. Please send it again."), code="bad_token"
            ) from None
        if self.now - started > settings.BARRIER_REPORT_MAX_AGE_HOURS * 3600:
            raise forms.ValidationError(
                _("This form was open for a long time. Please check your text and send it again."),
                code="expired",
            )
        if self.now - started < settings.BARRIER_REPORT_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent very quickly. Please check your text and send it again."),
                code="too_fast",
            )
        return started
