import simple_history
from modeltranslation.translator import TranslationOptions, register

from partners.models import ConsultationSlot, CounsellingLanguage, Offer, Partner, PendingChange


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description", "phone_note")


@register(Offer)
class OfferTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(CounsellingLanguage)
class CounsellingLanguageTranslationOptions(TranslationOptions):
    fields = ("name",)


# History after translation, so that the historical tables have the language columns too.
# The review decisions are recorded with the changes they decide.
simple_history.register(Partner, m2m_fields=["editors"])
simple_history.register(Offer, m2m_fields=["topics", "target_groups", "languages"])
simple_history.register(ConsultationSlot)
simple_history.register(CounsellingLanguage)
simple_history.register(PendingChange)
