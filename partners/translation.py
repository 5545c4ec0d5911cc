from modeltranslation.translator import TranslationOptions, register

from partners.models import CounsellingLanguage, Offer, Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Offer)
class OfferTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(CounsellingLanguage)
class CounsellingLanguageTranslationOptions(TranslationOptions):
    fields = ("name",)
