from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from partners.models import (
    EDIT_ANY_PARTNER,
    ConsultationSlot,
    CounsellingLanguage,
    Offer,
    Partner,
)


def may_edit_any_partner(request) -> bool:
    return request.user.has_perm(EDIT_ANY_PARTNER)


@admin.register(Partner)
class PartnerAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "order", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["slug", "name_de", "name_en", "description_de"]
    filter_horizontal = ["editors"]
    prepopulated_fields = {"slug": ["name_de"]}
    # Fields only the centre's editors may change; a partner edits its texts and contacts.
    editor_only_fields = ["slug", "kind", "order", "is_published", "editors"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        if may_edit_any_partner(request):
            return super().get_readonly_fields(request, obj)
        return self.editor_only_fields

    def get_prepopulated_fields(self, request, obj=None):
        return (
            super().get_prepopulated_fields(request, obj) if may_edit_any_partner(request) else {}
        )

    def has_add_permission(self, request):
        return may_edit_any_partner(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return may_edit_any_partner(request) and super().has_delete_permission(request, obj)


class ConsultationSlotInline(admin.TabularInline):
    """The offer's consultation hours, edited with the offer; the model's clean() checks each."""

    model = ConsultationSlot
    extra = 0
    fields = [
        "recurrence",
        "weekday",
        "week_of_month",
        "opens",
        "closes",
        "starts_on",
        "ends_on",
        "appointment_only",
    ]


@admin.register(Offer)
class OfferAdmin(TabbedTranslationAdmin):
    list_display = ["title", "partner", "appointment_required", "is_published"]
    list_filter = ["partner", "topics", "languages", "is_published"]
    search_fields = ["title_de", "title_en", "description_de", "partner__name_de"]
    filter_horizontal = ["topics", "languages"]
    list_select_related = ["partner"]
    inlines = [ConsultationSlotInline]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner":
            kwargs["queryset"] = Partner.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CounsellingLanguage)
class CounsellingLanguageAdmin(TabbedTranslationAdmin):
    list_display = ["name", "native_name", "code"]
    search_fields = ["code", "name_de", "name_en", "native_name"]
