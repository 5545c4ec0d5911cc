"""The legal pages (Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache, DGS) are content
staff edit and translate, with history like every other content."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from wzl_site.models import LegalPage, LegalSection


@register(LegalPage)
class LegalPageTranslationOptions(TranslationOptions):
    fields = ("title", "intro")


@register(LegalSection)
class LegalSectionTranslationOptions(TranslationOptions):
    fields = ("heading", "body")


simple_history.register(LegalPage)
simple_history.register(LegalSection)
