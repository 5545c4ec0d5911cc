"""The legal pages (Impressum, Datenschutz, Barrierefreiheit) are flat pages staff can edit."""

from django.contrib.flatpages.models import FlatPage
from modeltranslation.translator import TranslationOptions, register


@register(FlatPage)
class FlatPageTranslationOptions(TranslationOptions):
    fields = ("title", "content")
