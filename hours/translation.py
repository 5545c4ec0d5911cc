from modeltranslation.translator import TranslationOptions, register

from hours.models import Location


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = ("name",)
