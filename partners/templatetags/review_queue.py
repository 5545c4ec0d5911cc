from django import template

from partners.models import PendingChange

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_changes(context) -> int:
    """How many changes wait for review, among those the signed-in user may see."""
    return PendingChange.objects.visible_to(context["request"].user).pending().count()
