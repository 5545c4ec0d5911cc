"""Editors' texts: a small Markdown subset, cleaned so that only harmless HTML remains."""

import hashlib
import html
import logging
import re
from dataclasses import dataclass

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, get_language_info

register = template.Library()

ALLOWED_TAGS = {"p", "br", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "bdi"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang", "lang"}, "bdi": {"dir"}, "p": {"lang"}}


# Python-Markdown recurses on nested lists and quotes and takes quadratic time on unclosed
# brackets: text beyond these bounds is shown escaped instead (editors' forms refuse longer texts).
MARKDOWN_MAX_LENGTH = 20_000
MARKDOWN_MAX_NESTING = 20
MARKDOWN_MAX_LINK_MARKERS = 200  # each of "[", "(" and "<": the link and tag patterns' cost
MARKDOWN_CACHE_SECONDS = 60 * 60 * 24
LEADING_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")

logger = logging.getLogger(__name__)


def within_markdown_bounds(text: str) -> bool:
    """Short enough, lists and quotes nested at most ``MARKDOWN_MAX_NESTING`` deep (counting
    the markers and indentation at the start of each line), and links' brackets likewise."""
    if len(text) > MARKDOWN_MAX_LENGTH:
        return False
    if any(text.count(marker) > MARKDOWN_MAX_LINK_MARKERS for marker in "[(<"):
        return False
    for line in text.splitlines():
        depth, position = 0, 0
        while match := LEADING_MARKER.match(line, position):
            if match.end() == position:
                break
            depth, position = depth + 1, match.end()
            if depth > MARKDOWN_MAX_NESTING:
                return False
        indent = len(line) - len(line.lstrip(" \t"))
        if indent // 4 > MARKDOWN_MAX_NESTING:
            return False
    depth = 0
    for character in text:
        if character == "[":
            depth += 1
            if depth > MARKDOWN_MAX_NESTING:
                return False
        elif character == "]":
            depth = max(depth - 1, 0)
    return True


def render_markdown(text: str, *, rtl: bool) -> str:
    rendered = markdown_lib.markdown(text, output_format="html")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return isolate_latin_html(cleaned) if rtl else cleaned


@register.filter
def markdown(text: str) -> str:
    """``## Heading``, ``- item``, ``**bold**``, links; an empty line starts a new paragraph.

    Headings start at level 2 because the page title is the only level-1 heading. Each text is
    rendered once and kept in the cache by its hash; a text beyond the bounds, or one that fails
    to render, is shown escaped with its line breaks, never as an error page.
    """
    if not text:
        return ""
    rtl = bool(get_language_bidi())
    key = f"md:{hashlib.sha256(text.encode()).hexdigest()}:{int(rtl)}"
    try:
        cached = cache.get(key)
    except Exception:
        logger.warning("Markdown cache unavailable", exc_info=True)
        cached = None
    if cached is not None:
        return mark_safe(cached)
    if within_markdown_bounds(text):
        try:
            cleaned = render_markdown(text, rtl=rtl)
        except Exception:
            logger.exception("Markdown could not be rendered; showing the text escaped")
            cleaned = linebreaks(text, autoescape=True)
    else:
        cleaned = linebreaks(text, autoescape=True)
    try:
        cache.set(key, cleaned, MARKDOWN_CACHE_SECONDS)
    except Exception:
        logger.warning("Markdown cache unavailable", exc_info=True)
    return mark_safe(cleaned)


TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def isolate_latin_html(cleaned: str) -> str:
    """``isolate_latin`` for cleaned HTML: only the text between tags is touched."""
    return TEXT_BETWEEN_TAGS.sub(
        lambda match: f">{isolate_latin(html.unescape(match.group(1)))}<", f">{cleaned}<"
    )[1:-1]


@dataclass(frozen=True)
class LocalisedText:
    """A translated field's text as shown in the active language, and which language it is in
    (another one when the field is not translated yet and falls back)."""

    text: str
    language: str
    is_fallback: bool

    @property
    def direction(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


def fallback_order(language: str) -> list[str]:
    """``language`` and the languages its texts fall back to (modeltranslation's setting)."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    return [language, *fallbacks.get(language, fallbacks["default"])]


def localised_text(obj, field: str) -> LocalisedText:
    current = get_language() or settings.LANGUAGE_CODE
    for code in fallback_order(current):
        text = getattr(obj, f"{field}_{code}", None)
        if text:
            return LocalisedText(text, code, code != current)
    return LocalisedText("", current, False)


# A run of Latin script in a right-to-left text: "Mosaik Leipzig e.V." with its final full stop.
LATIN_RUN = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9 .,&'’/+-]*[A-Za-zÀ-ɏ0-9.)]?")


def isolate_latin(text: str) -> str:
    """Escape ``text`` and put each Latin run in ``<bdi>``, so that a German name inside an
    Arabic or Persian name keeps its reading order (".Mosaik Leipzig e.V" otherwise)."""
    parts, position = [], 0
    for match in LATIN_RUN.finditer(text):
        run = match.group().rstrip(" )")
        end = match.start() + len(run)
        parts += [escape(text[position : match.start()]), format_html("<bdi>{}</bdi>", run)]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.simple_tag
def localised(obj, field: str) -> str:
    """A short text (a title, a name) in the active language; a fallback is marked with its own
    language and direction, so that screen readers and hyphenation read it right. In a
    right-to-left text, Latin runs are isolated."""
    value = localised_text(obj, field)
    if not value.is_fallback:
        return isolate_latin(value.text) if value.direction == "rtl" else value.text
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', value.language, value.direction, value.text
    )


@register.inclusion_tag("includes/localised_block.html")
def localised_block(obj, field: str, markdown_text: bool = True) -> dict:
    """A longer text; a fallback is marked with its language and a notice that it is not
    translated yet, in the visitor's language."""
    value = localised_text(obj, field)
    return {"value": value, "markdown_text": markdown_text}
