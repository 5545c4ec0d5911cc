"""Editors' texts: a small Markdown subset, cleaned so that only harmless HTML remains."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "br", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "bdi"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang", "lang"}, "bdi": {"dir"}, "p": {"lang"}}


@register.filter
def markdown(text: str) -> str:
    """``## Heading``, ``- item``, ``**bold**``, links; an empty line starts a new paragraph.

    Headings start at level 2 because the page title is the only level-1 heading.
    """
    if not text:
        return ""
    html = markdown_lib.markdown(text, output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)
