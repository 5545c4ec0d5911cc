"""The translation workflow in the admin: the "minor edit" checkbox, the "needs translation into"
filter, and the overview of every language with the export and import of XLIFF files."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wzl_site.translation_status import (
    MINOR_EDIT_ATTRIBUTE,
    State,
    language_name,
    objects_needing_translation,
    target_languages,
    translation_counts,
)
from wzl_site.xliff import (
    EXPORTED_STATES,
    MAX_FILE_BYTES,
    Problem,
    TranslationFileRefused,
    xliff_export,
    xliff_import,
)

MINOR_EDIT = "translation_minor_edit"
# Who keeps translations current (declares an edit minor, imports an agency's file) and who
# sees the overview; the centre's editors have both, partners' editors neither.
MANAGE_TRANSLATIONS = "wzl_site.change_translationstatus"
VIEW_TRANSLATIONS = "wzl_site.view_translationstatus"


class TranslationStatusAdminMixin:
    """For the ModelAdmin of a translated model: a "minor edit" checkbox for the German text.

    Which translations a save changed is recorded from the object's history (see
    ``wzl_site.translation_status``), so only a save that really writes the object counts: a
    partner's change that waits for review changes nothing until it is approved.
    """

    def minor_edit_offered(self, request, obj) -> bool:
        return obj is not None and request.user.has_perm(MANAGE_TRANSLATIONS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(
            base.__name__,
            (base,),
            {
                MINOR_EDIT: forms.BooleanField(
                    required=False,
                    label=_("Minor edit of the German text (the translations stay current)"),
                    help_text=_(
                        "Tick this only for a change that does not change the meaning, such as "
                        "a typo or punctuation. Otherwise every other language is marked as "
                        "outdated until it is translated again."
                    ),
                )
            },
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != MINOR_EDIT]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if self.minor_edit_offered(request, obj):
            fieldsets.append((_("Translations"), {"fields": [MINOR_EDIT]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get(MINOR_EDIT) and self.minor_edit_offered(request, obj):
            setattr(obj, MINOR_EDIT_ATTRIBUTE, True)
        super().save_model(request, obj, form, change)


class NeedsTranslationFilter(admin.SimpleListFilter):
    """Objects with a text missing, outdated or not reviewed in the chosen language."""

    title = _("needs translation into")
    parameter_name = "needs_translation"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in target_languages()]

    def queryset(self, request, queryset):
        language = self.value()
        if language is None:
            return queryset
        if language not in target_languages():
            return queryset.none()
        return queryset.filter(
            pk__in=objects_needing_translation(model=queryset.model, language=language)
        )


class TranslationOverviewAdmin(admin.ModelAdmin):
    """The list of translation statuses is an overview per language, not a list of rows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/<str:language>/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._overview(request)

    def _overview(self, request, *, problems: list[Problem] = ()):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translations"),
            "counts": translation_counts(),
            "may_import": request.user.has_perm(MANAGE_TRANSLATIONS),
            "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
            "problems": problems,
        }
        return TemplateResponse(request, "admin/translations/overview.html", context)

    def export_view(self, request, language: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in target_languages():
            raise Http404
        unreviewed = request.GET.get("unreviewed") == "1"
        states = (*EXPORTED_STATES, State.NOT_REVIEWED) if unreviewed else EXPORTED_STATES
        data, _count = xliff_export(language=language, states=states)
        name = f"wzl-{language}-{timezone.localdate(timezone.now()):%Y-%m-%d}.xlf"
        return HttpResponse(
            data,
            content_type="application/x-xliff+xml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def import_view(self, request):
        if not request.user.has_perm(MANAGE_TRANSLATIONS):
            raise PermissionDenied
        if request.method != "POST":
            return self._overview(request)
        upload = request.FILES.get("file")
        if upload is None:
            return self._overview(request, problems=[Problem("", gettext("Choose a file."))])
        if upload.size > MAX_FILE_BYTES:
            problem = gettext("The file is larger than %(size)d MB. Split it into several files.")
            return self._overview(
                request,
                problems=[Problem("", problem % {"size": MAX_FILE_BYTES // (1024 * 1024)})],
            )
        try:
            report = xliff_import(
                data=upload.read(),
                reason=gettext("Imported translations from %(file)s") % {"file": upload.name},
            )
        except TranslationFileRefused as refused:
            return self._overview(request, problems=refused.problems)
        messages.success(
            request,
            ngettext(
                "%(count)d text was imported; it is marked as not reviewed.",
                "%(count)d texts were imported; they are marked as not reviewed.",
                report.imported,
            )
            % {"count": report.imported},
        )
        if report.skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)d text had no translation in the file and was left as it was.",
                    "%(count)d texts had no translation in the file and were left as they were.",
                    report.skipped,
                )
                % {"count": report.skipped},
            )
        return redirect(reverse("admin:wzl_site_translationstatus_changelist"))
