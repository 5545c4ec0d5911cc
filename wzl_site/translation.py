"""The legal pages (Impressum, Datenschutz, Barrierefreiheit) are flat pages staff can edit."""

import simple_history
from django.contrib.flatpages.models import FlatPage
from modeltranslation.translator import TranslationOptions, register


@register(FlatPage)
class FlatPageTranslationOptions(TranslationOptions):
    fields = ("title", "content")


simple_history.register(FlatPage)
