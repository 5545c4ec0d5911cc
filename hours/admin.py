from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from hours.models import Location, WeeklyHours


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 1


@admin.register(Location)
class LocationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "street", "city"]
    search_fields = ["slug", "name_de", "street", "city"]
    inlines = [WeeklyHoursInline]


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(admin.ModelAdmin):
    list_display = ["location", "weekday", "opens", "closes"]
    list_filter = ["location", "weekday"]
