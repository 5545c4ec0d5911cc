from django.contrib import admin
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from services.models import CentreProfile, Material, TargetGroup, Topic
from wzl_site.translation_admin import NeedsTranslationFilter, TranslationStatusAdminMixin


@admin.register(Topic)
class TopicAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "target_groups", NeedsTranslationFilter]
    search_fields = ["slug", "title_de", "title_en", "summary_de", "summary_en"]
    prepopulated_fields = {"slug": ["title_de"]}  # content is written in German first

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        # Partners' editors may read topics to link their offers, but only the published ones.
        queryset = super().get_queryset(request)
        if request.user.has_perm("services.change_topic"):
            return queryset
        return queryset.published()


@admin.register(TargetGroup)
class TargetGroupAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "topics", NeedsTranslationFilter]
    search_fields = ["slug", "name_de", "name_en"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["name_de"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(CentreProfile)
class CentreProfileAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """One set of texts: it can be changed, not added twice or deleted."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CentreProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("home")


@admin.register(Material)
class MaterialAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "language", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "language", "topics", "target_groups", NeedsTranslationFilter]
    search_fields = ["title_de", "title_en", "description_de"]
    filter_horizontal = ["topics", "target_groups"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
