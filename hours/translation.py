import simple_history
from modeltranslation.translator import TranslationOptions, register

from hours.models import (
    ExceptionHours,
    HoursException,
    HoursPeriod,
    Location,
    WeeklyHours,
)


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = ("name", "wheelchair_access", "public_transport")


@register(HoursException)
class HoursExceptionTranslationOptions(TranslationOptions):
    fields = ("reason",)


# History after translation, so that the historical tables have the language columns too.
for model in (Location, HoursPeriod, WeeklyHours, HoursException, ExceptionHours):
    simple_history.register(model)
