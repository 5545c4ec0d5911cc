"""The Welcome Centre's own texts and the organisations on site, for any page's template."""

from django import template

from partners.models import Partner
from services.selectors import centre_profile as centre_profile_selector

register = template.Library()


@register.simple_tag
def centre_profile():
    return centre_profile_selector()


@register.simple_tag
def organisations_on_site() -> list[Partner]:
    return list(Partner.objects.published().on_site())
