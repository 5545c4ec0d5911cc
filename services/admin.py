from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from services.models import CentreProfile, GuideTopic, Office, TargetGroup, Topic
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


class GuideTopicInline(TranslationTabularInline):
    """The group's "I am …" guide: its topics in order, each with why it matters."""

    model = GuideTopic
    fields = ["topic", "order", "reason"]
    extra = 1


@admin.register(TargetGroup)
class TargetGroupAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "topics", NeedsTranslationFilter]
    search_fields = ["slug", "name_de", "name_en"]
    prepopulated_fields = {"slug": ["name_de"]}
    inlines = [GuideTopicInline]

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(GuideTopic)
class GuideTopicAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Each topic of a guide on its own: its history, and the translation filter. Guides are
    put together in their target group's form."""

    list_display = ["topic", "targetgroup", "order"]
    list_filter = ["targetgroup", NeedsTranslationFilter]
    list_select_related = ["topic", "targetgroup"]
    search_fields = ["reason_de", "reason_en", "topic__title_de", "targetgroup__name_de"]

    def view_on_site(self, obj):
        return obj.targetgroup.get_absolute_url()


@admin.register(CentreProfile)
class CentreProfileAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """One set of texts: it can be changed, not added twice or deleted."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CentreProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("home")


@admin.register(Office)
class OfficeAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Offices and organisations outside the centre that people are referred to: listed on
    their topics' pages, and named on referral slips (the list links to the slip form)."""

    change_list_template = "admin/services/office/change_list.html"
    list_display = ["name", "order", "is_published", "checked_on"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "topics", NeedsTranslationFilter]
    search_fields = ["name_de", "name_en", "description_de", "address"]
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"fields": ["name", "description", "topics", "order", "is_published"]}),
        (
            _("How to get in touch"),
            {"fields": ["address", "hours_note", "phone", "email", "website", "languages"]},
        ),
        (None, {"fields": ["checked_on"]}),
    ]
