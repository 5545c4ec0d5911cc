"""The name of a material's language in the visitor's language."""

from django import template

from services.selectors import language_names

register = template.Library()


@register.simple_tag
def language_name(code: str) -> str:
    """``ar`` → "Arabisch" on a German page, "Arabic" on an English one (CLDR's names)."""
    return language_names().get(code, code)
