from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from services.models import TargetGroup, Topic


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "target_groups"]
    search_fields = ["slug", "title_de", "title_en", "summary_de", "summary_en"]
    prepopulated_fields = {"slug": ["title_en"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        # Partners' editors may read topics to link their offers, but only the published ones.
        queryset = super().get_queryset(request)
        if request.user.has_perm("services.change_topic"):
            return queryset
        return queryset.published()


@admin.register(TargetGroup)
class TargetGroupAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "topics"]
    search_fields = ["slug", "name_de", "name_en"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["name_en"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url()
