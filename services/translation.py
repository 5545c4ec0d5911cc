from modeltranslation.translator import TranslationOptions, register

from services.models import TargetGroup, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name", "label", "description")
