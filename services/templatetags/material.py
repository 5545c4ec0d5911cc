"""The name of a material's language in the visitor's language."""

import babel
from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def language_name(code: str) -> str:
    """``ar`` → "Arabisch" on a German page, "Arabic" on an English one (CLDR's names)."""
    return babel.Locale.parse(get_language()).languages.get(code, code)
