from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.models import FlatPage
from modeltranslation.admin import TabbedTranslationAdmin

admin.site.site_header = "Willkommenszentrum Leipzig"
admin.site.site_title = "WZL"

admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class TranslatedFlatPageAdmin(FlatPageAdmin, TabbedTranslationAdmin):
    list_display = ["url", "title"]
    search_fields = ["url", "title_de", "title_en"]
