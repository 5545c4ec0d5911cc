"""Sentences about opening hours, built so that each language can word them its own way.

The next opening has one message per weekday ("Opens on Thursday at …"), so a language can
put the weekday in the form its grammar needs; dates use a day-and-month format from the
catalog (for example "j E" in Ukrainian and Russian, which gives the genitive month).
"""

import json

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from hours.selectors import OpeningStatus

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _opens_on(weekday: int) -> str:
    return [
        pgettext("next opening", "Opens on Monday at %(time)s."),
        pgettext("next opening", "Opens on Tuesday at %(time)s."),
        pgettext("next opening", "Opens on Wednesday at %(time)s."),
        pgettext("next opening", "Opens on Thursday at %(time)s."),
        pgettext("next opening", "Opens on Friday at %(time)s."),
        pgettext("next opening", "Opens on Saturday at %(time)s."),
        pgettext("next opening", "Opens on Sunday at %(time)s."),
    ][weekday]


# Values that read left to right in every language: "10:00–12:00" must not turn into
# "12:00–10:00" inside an Arabic sentence.
LEFT_TO_RIGHT = {"time", "times"}


def sentence(message: str, **values) -> SafeString:
    """A translated sentence with each value escaped and isolated in ``<bdi>`` (times, dates,
    names: their direction must not disturb a right-to-left sentence)."""
    isolated = {
        name: format_html('<bdi dir="ltr">{}</bdi>', value)
        if name in LEFT_TO_RIGHT
        else format_html("<bdi>{}</bdi>", value)
        for name, value in values.items()
    }
    return mark_safe(conditional_escape(message) % isolated)


@register.filter
def day_month(day) -> str:
    """ "24 December", "24. Dezember", "24 грудня": the catalog gives each language's format."""
    return date_format(day, pgettext("date format: day and month", "j F"))


def _time(moment) -> str:
    return f"{moment:%H:%M}"


@register.simple_tag
def status_sentences(status: OpeningStatus) -> list[SafeString]:
    """The opening status as one to three sentences in the active language."""
    today = status.today
    if status.is_open:
        sentences = [sentence(gettext("Open now, until %(time)s."), time=_time(status.closes_at))]
        if today.is_special:
            sentences.append(
                sentence(
                    gettext("Special opening hours today: %(reason)s."),
                    reason=today.exception.reason,
                )
            )
        return sentences

    if today.closure and today.closure.is_single_day:
        sentences = [sentence(gettext("Closed today: %(reason)s."), reason=today.closure.reason)]
    elif today.closure:
        sentences = [
            sentence(
                gettext("Closed from %(start)s to %(end)s: %(reason)s."),
                start=day_month(today.closure.starts_on),
                end=day_month(today.closure.ends_on),
                reason=today.closure.reason,
            )
        ]
    elif today.is_holiday_closure:
        sentences = [
            sentence(gettext("Closed today: public holiday (%(name)s)."), name=today.holiday)
        ]
    else:
        sentences = [sentence(gettext("Closed now."))]

    opening = status.next_opening
    if opening is None:
        return sentences
    if status.opens_today:
        message = gettext("Opens today at %(time)s.")
    elif status.opens_tomorrow:
        message = gettext("Opens tomorrow at %(time)s.")
    elif status.opens_within_a_week:
        message = _opens_on(opening.weekday())
    else:
        sentences.append(
            sentence(
                gettext("Opens on %(date)s at %(time)s."),
                date=day_month(opening.date()),
                time=_time(opening),
            )
        )
        return sentences
    sentences.append(sentence(message, time=_time(opening)))
    return sentences


@register.simple_tag
def notice_sentence(exception) -> SafeString:
    """The notice for an announced exception."""
    times = ", ".join(f"{_time(row.opens)}–{_time(row.closes)}" for row in exception.hours.all())
    if exception.is_closed and exception.is_single_day:
        return sentence(
            gettext("Closed on %(date)s: %(reason)s."),
            date=day_month(exception.starts_on),
            reason=exception.reason,
        )
    if exception.is_closed:
        return sentence(
            gettext("Closed from %(start)s to %(end)s: %(reason)s."),
            start=day_month(exception.starts_on),
            end=day_month(exception.ends_on),
            reason=exception.reason,
        )
    if exception.is_single_day:
        return sentence(
            gettext("Special opening hours on %(date)s: %(times)s (%(reason)s)."),
            date=day_month(exception.starts_on),
            times=times,
            reason=exception.reason,
        )
    return sentence(
        gettext("Special opening hours from %(start)s to %(end)s: %(times)s (%(reason)s)."),
        start=day_month(exception.starts_on),
        end=day_month(exception.ends_on),
        times=times,
        reason=exception.reason,
    )


@register.filter
def json_ld(value) -> SafeString:
    """A dict as the body of a ``<script type="application/ld+json">``, safe inside HTML."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_JSON_ESCAPES))
