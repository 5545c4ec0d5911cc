import simple_history
from modeltranslation.translator import TranslationOptions, register

from services.models import CentreProfile, Material, TargetGroup, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name", "label", "description")


@register(CentreProfile)
class CentreProfileTranslationOptions(TranslationOptions):
    fields = ("intro", "tasks", "first_counselling")


@register(Material)
class MaterialTranslationOptions(TranslationOptions):
    fields = ("title", "description")


# History after translation, so that the historical tables have the language columns too.
simple_history.register(Topic)
simple_history.register(CentreProfile)
simple_history.register(TargetGroup, m2m_fields=["topics"])
simple_history.register(Material, m2m_fields=["topics", "target_groups"])
