import simple_history
from modeltranslation.translator import TranslationOptions, register

from services.models import CentreProfile, GuideTopic, Material, Office, TargetGroup, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name", "label", "description")


@register(GuideTopic)
class GuideTopicTranslationOptions(TranslationOptions):
    fields = ("reason",)


@register(CentreProfile)
class CentreProfileTranslationOptions(TranslationOptions):
    fields = ("intro", "tasks", "first_counselling")


@register(Material)
class MaterialTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "description", "hours_note")


# History after translation, so that the historical tables have the language columns too.
simple_history.register(Topic)
simple_history.register(CentreProfile)
# A guide's topics have a history of their own (each with its reason), not the group's.
simple_history.register(TargetGroup)
simple_history.register(GuideTopic)
simple_history.register(Material, m2m_fields=["topics", "target_groups"])
simple_history.register(Office, m2m_fields=["topics"])
