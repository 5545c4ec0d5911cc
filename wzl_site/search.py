"""Site search: published topics, target groups, partners, their public offers and the
information materials.

A visitor searches in the language of the page and in German (and in the languages the page
falls back to, English then German, since that is the text they see where a translation is
missing): a Ukrainian visitor typing "Wohnen" finds the housing topic.

- PostgreSQL: full-text search over a vector computed in the query from each searched language's
  columns with that language's text-search configuration (``simple`` where PostgreSQL 15 has
  none), so it is always current whatever path changed the content; plus trigram word
  similarity (pg_trgm, ``wzl_site/migrations/0004_pg_trgm.py``) on titles and names, so that
  typos still find ("Arbiet" finds "Arbeit"). Ranked by ``ts_rank`` (titles weigh most) plus
  the similarity.
- SQLite (development): the published rows are read and matched in Python, every word of the
  query as a case-folded substring of a searched field, so that case is ignored in every script
  ("ЖИТЛО" finds "Житло"). Ranked by where each word is found, with the same weights.

Either way the excerpts and their highlighting are built here in Python: the text is escaped
first, then the marks go around what matched.
"""

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.conf import settings
from django.db import connection, models
from django.db.models import FloatField, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, pgettext_lazy

from partners.models import Offer, Partner
from services.models import Material, TargetGroup, Topic
from wzl_site.templatetags.wzl_text import fallback_order, localised_text

# A query is cut to this many characters: longer ones are no search a visitor types.
QUERY_MAX_LENGTH = 200
# Words of a query beyond these are left out (each one costs a condition per column).
MAX_TERMS = 10
RESULTS_PER_PAGE = 20
# Trigram word similarity a title or name needs to match without the full-text search.
TRIGRAM_THRESHOLD = 0.4
# Words shorter than this take no part in the trigram match: "a" is in half the titles.
TRIGRAM_MIN_LENGTH = 3
# Full-text weights, as PostgreSQL's ts_rank applies them by default; SQLite uses the same.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
# The excerpt: this many characters before the first match, and this many in all.
EXCERPT_LEAD = 60
EXCERPT_LENGTH = 220

# PostgreSQL 15's text-search configurations for the site's languages; "simple" for the others
# (uk, fa, pl, vi): no stemming, no stop words.
TEXT_SEARCH_CONFIGS = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "ru": "russian",
    "tr": "turkish",
    "ro": "romanian",
    "es": "spanish",
}


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


@dataclass(frozen=True)
class ParsedQuery:
    """What the visitor typed, cleaned: ``text`` to show in the form again, ``terms`` to search
    for, and whether the text was ``shortened`` to ``QUERY_MAX_LENGTH``."""

    text: str
    terms: tuple[str, ...]
    shortened: bool


# Joiners belong to a word: Persian writes "می‌خواهم" with a zero-width non-joiner.
JOINERS = "\u200c\u200d"


def _in_word(character: str) -> bool:
    """Letters, combining marks (Arabic vowel signs) and digits; not spaces or punctuation."""
    return unicodedata.category(character)[0] in "LMN" or character in JOINERS


def parse_query(raw: str) -> ParsedQuery:
    """Control characters become spaces, runs of spaces one, at most ``QUERY_MAX_LENGTH``
    characters; the words are the query's terms, split at spaces, punctuation and symbols."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(
        " " if unicodedata.category(character) in ("Cc", "Cs") else character for character in text
    )
    text = " ".join(text.split())
    shortened = len(text) > QUERY_MAX_LENGTH
    if shortened:
        text = text[:QUERY_MAX_LENGTH].rstrip()
    words = "".join(character if _in_word(character) else " " for character in text)
    terms = tuple(dict.fromkeys(words.split()))
    return ParsedQuery(text=text, terms=terms[:MAX_TERMS], shortened=shortened)


def page_of(obj: models.Model) -> str:
    return obj.get_absolute_url()


def place_in_material_list(material: Material) -> str:
    """The materials page, at the material (``services/includes/material_item.html``)."""
    return f"{material.get_absolute_url()}#material-{material.pk}"


@dataclass(frozen=True)
class Source:
    """One kind of result: its published rows, which translated fields are searched with
    which weight ("A" titles and names, "B" summaries, "C" longer texts), and where a result
    links to (its own page, unless ``link`` says otherwise)."""

    kind: str
    label: str
    rows: Callable[[], models.QuerySet]
    title_field: str
    weights: dict[str, str]
    excerpt_fields: tuple[str, ...]
    order: int
    link: Callable[[models.Model], str] = page_of

    @property
    def title_fields(self) -> list[str]:
        return [name for name, weight in self.weights.items() if weight == "A"]


SOURCES = (
    Source(
        kind="topic",
        label=pgettext_lazy("search result kind", "Topic"),
        rows=lambda: Topic.objects.published(),
        title_field="title",
        weights={"title": "A", "summary": "B", "body": "C"},
        excerpt_fields=("summary", "body"),
        order=0,
    ),
    Source(
        kind="target_group",
        label=pgettext_lazy("search result kind", "Target group"),
        rows=lambda: TargetGroup.objects.published(),
        title_field="name",
        weights={"name": "A", "label": "A", "description": "C"},
        excerpt_fields=("label", "description"),
        order=1,
    ),
    Source(
        kind="partner",
        label=pgettext_lazy("search result kind", "Partner"),
        rows=lambda: Partner.objects.published(),
        title_field="name",
        weights={"name": "A", "description": "C"},
        excerpt_fields=("description",),
        order=2,
    ),
    Source(
        kind="offer",
        label=pgettext_lazy("search result kind", "Offer"),
        rows=lambda: Offer.objects.public().select_related("partner"),
        title_field="title",
        weights={"title": "A", "description": "C"},
        excerpt_fields=("description",),
        order=3,
    ),
    Source(
        kind="material",
        label=pgettext_lazy("search result kind", "Information material"),
        rows=lambda: Material.objects.published(),
        title_field="title",
        # The description is one or two plain sentences: a summary.
        weights={"title": "A", "description": "B"},
        excerpt_fields=("description",),
        order=4,
        link=place_in_material_list,
    ),
)


# --- Matching and highlighting in Python --------------------------------------------------------

MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)")
EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
WORD = re.compile(r"\w+")


def plain_text(text: str) -> str:
    """An editor's Markdown as one line of plain text, for an excerpt."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_MARKUP.sub("", text)
    text = EMPHASIS.sub("", text)
    return " ".join(text.split())


# "İ" case-folds to "i" and a combining dot: left out, so that "istanbul" finds "İstanbul".
COMBINING_DOT = "\u0307"


def fold(text: str) -> str:
    """``text`` for a comparison that ignores case in every script."""
    return text.casefold().replace(COMBINING_DOT, "")


def _folded(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)``, and for each of its characters the index in ``text`` of the character it
    came from (None when each character folded to one, so that the indices are the same)."""
    folded = fold(text)
    if len(folded) == len(text) and COMBINING_DOT not in text:
        return folded, None
    origin: list[int] = []
    for index, character in enumerate(text):
        origin += [index] * len(fold(character))
    return folded, origin


def matched_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``terms`` occur in ``text`` regardless of case (start, end), merged and sorted.

    Also a whole word that a term starts with, from four letters on, since the full-text
    search finds "Wohnung" for "Wohnungen"."""
    folded, origin = _folded(text)
    spans = []
    stems = [fold(term) for term in terms]
    for term in set(stems):
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    for word in WORD.finditer(folded):
        if len(word.group()) >= 4 and any(term.startswith(word.group()) for term in stems):
            spans.append(word.span())
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if origin is None:
        return [(start, end) for start, end in merged]
    return [(origin[start], origin[end - 1] + 1) for start, end in merged]


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> SafeString:
    """``text`` escaped, with ``<mark>`` around each span: the marks are the only markup."""
    parts, position = [], 0
    for start, end in spans:
        parts += [html.escape(text[position:start]), "<mark>", html.escape(text[start:end])]
        parts.append("</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return mark_safe("".join(parts))  # every piece of text is escaped above


def excerpt_window(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list]:
    """At most ``EXCERPT_LENGTH`` characters of ``text`` around its first span, cut between
    words, with "…" where text is left out; the spans moved to the excerpt."""
    if len(text) <= EXCERPT_LENGTH:
        return text, list(spans)
    first = spans[0][0] if spans else 0
    start = max(0, first - EXCERPT_LEAD)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):
        space = text.rfind(" ", max(start, first + 1), end)
        end = space if space != -1 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    moved = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    ]
    return prefix + text[start:end] + suffix, moved


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    html: SafeString
    language: str

    @property
    def direction(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


@dataclass(frozen=True)
class SearchResult:
    """One match: its kind, its page, its title and an excerpt with the words highlighted, in
    the active language (or the language it falls back to)."""

    source: Source
    obj: models.Model
    score: float
    terms: tuple[str, ...] = field(repr=False)

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def kind_label(self) -> str:
        return self.source.label

    @property
    def url(self) -> str:
        return self.source.link(self.obj)

    @property
    def partner(self) -> Partner | None:
        """The organisation of an offer."""
        return self.obj.partner if isinstance(self.obj, Offer) else None

    @property
    def material_language(self) -> str | None:
        """The code of the language a material is written in."""
        return self.obj.language if isinstance(self.obj, Material) else None

    @cached_property
    def title(self) -> SafeString:
        value = localised_text(self.obj, self.source.title_field)
        text = highlighted(value.text, matched_spans(value.text, self.terms))
        if not value.is_fallback:
            return text
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', value.language, value.direction, text
        )

    @cached_property
    def excerpt(self) -> Excerpt | None:
        """From the first text shown in the page's language that matches, else from the first
        German one that does, else the beginning of the first text shown."""
        shown = [localised_text(self.obj, name) for name in self.source.excerpt_fields]
        candidates = [(plain_text(value.text), value.language) for value in shown if value.text]
        candidates += [
            (plain_text(text), "de")
            for name in self.source.excerpt_fields
            if (text := getattr(self.obj, f"{name}_de", None))
        ]
        for text, language in candidates:
            spans = matched_spans(text, self.terms)
            if spans:
                return Excerpt(highlighted(*excerpt_window(text, spans)), language)
        if candidates:
            text, language = candidates[0]
            return Excerpt(highlighted(*excerpt_window(text, [])), language)
        return None


def searched_languages(language: str) -> list[str]:
    """The page's language, those it falls back to, and German."""
    chain = [*fallback_order(language), "de"]
    known = {code for code, _name in settings.LANGUAGES}
    return [code for code in dict.fromkeys(chain) if code in known]


def site_search(*, terms: Sequence[str], language: str) -> list[SearchResult]:
    """Every published topic, target group, partner, public offer and information material that
    matches ``terms`` in ``language`` or German, best first (titles and names above longer
    texts)."""
    if not terms:
        return []
    languages = searched_languages(language)
    find = _postgres_matches if connection.vendor == "postgresql" else _python_matches
    results = [
        SearchResult(source=source, obj=obj, score=score, terms=tuple(terms))
        for source in SOURCES
        for obj, score in find(source, tuple(terms), languages)
    ]
    # Best first; equal scores in the order of the lists (topics first, then as ordered).
    return sorted(results, key=lambda result: (-result.score, result.source.order))


def _postgres_matches(source: Source, terms: tuple[str, ...], languages: list[str]):
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramWordSimilarity,
    )

    vector = reduce(
        lambda left, right: left + right,
        [
            SearchVector(f"{name}_{code}", config=text_search_config(code), weight=weight)
            for name, weight in source.weights.items()
            for code in languages
        ],
    )
    text = " ".join(terms)
    query = reduce(
        or_,
        [
            SearchQuery(text, config=config, search_type="plain")
            for config in dict.fromkeys(text_search_config(code) for code in languages)
        ],
    )
    similarities = [
        TrigramWordSimilarity(term, f"{name}_{code}")
        for term in terms
        if len(term) >= TRIGRAM_MIN_LENGTH
        for name in source.title_fields
        for code in languages
    ]
    if not similarities:
        similarity = Value(0.0, output_field=FloatField())
    elif len(similarities) == 1:
        similarity = Coalesce(similarities[0], 0.0, output_field=FloatField())
    else:  # PostgreSQL's GREATEST leaves NULLs (untranslated columns) out
        similarity = Coalesce(Greatest(*similarities), 0.0, output_field=FloatField())
    rows = (
        source.rows()
        .alias(document=vector)
        .annotate(
            search_score=SearchRank(vector, query) + similarity,
            search_similarity=similarity,
        )
        .filter(Q(document=query) | Q(search_similarity__gte=TRIGRAM_THRESHOLD))
    )
    return [(obj, obj.search_score) for obj in rows]


def _python_matches(source: Source, terms: tuple[str, ...], languages: list[str]):
    """Every word of the query in some searched field, case-folded; the score adds up each
    word's best weight."""
    folded_terms = [fold(term) for term in terms]
    matches = []
    for obj in source.rows():
        texts = [
            (WEIGHTS[weight], folded)
            for name, weight in source.weights.items()
            for code in languages
            if (folded := fold(getattr(obj, f"{name}_{code}", None) or ""))
        ]
        score = 0.0
        for term in folded_terms:
            best = max((weight for weight, text in texts if term in text), default=0.0)
            if not best:
                break
            score += best
        else:
            matches.append((obj, score))
    return matches
