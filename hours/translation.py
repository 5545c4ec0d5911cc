from modeltranslation.translator import TranslationOptions, register

from hours.models import HoursException, Location


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = ("name", "wheelchair_access", "public_transport")


@register(HoursException)
class HoursExceptionTranslationOptions(TranslationOptions):
    fields = ("reason",)
