from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    EDIT_ANY_PARTNER,
    ConsultationSlot,
    CounsellingLanguage,
    Offer,
    Partner,
    PendingChange,
)
from partners.operations import (
    ReviewError,
    pending_change_approve,
    pending_change_reject,
    pending_change_submit,
    pending_change_withdraw,
    reviewed_fields,
)
from partners.selectors import (
    SLOT_FIELDS,
    SLOTS,
    change_comparison,
    current_value,
    plain_value,
    submitted_file,
)
from services.models import Material, TargetGroup, Topic
from wzl_site.translation_admin import NeedsTranslationFilter, TranslationStatusAdminMixin


def may_edit_any_partner(request) -> bool:
    return request.user.has_perm(EDIT_ANY_PARTNER)


def needs_review(request) -> bool:
    """A partner's edits wait for the city's review; the centre's editors' go live directly."""
    return not may_edit_any_partner(request)


def waiting_change(obj) -> PendingChange | None:
    if obj is None or obj.pk is None:
        return None
    return PendingChange.objects.for_object(obj).pending().first()


def queue_url(request) -> str:
    return request.build_absolute_uri(reverse("admin:partners_pendingchange_changelist"))


class ReviewedAdminMixin:
    """A partner's save becomes a change for review (or amends the one waiting); the published
    object stays as it is. The form shows the partner's waiting change, so it can be amended."""

    change_form_template = "admin/partners/reviewed_change_form.html"
    # For a model that partners add: what the partner reads after adding one, and what the
    # reviewer reads about the new entry.
    new_submitted_message: str
    new_review_notice: str

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        waiting = waiting_change(obj) if needs_review(request) else None
        if waiting is None:
            return form

        class WaitingChangeForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name, value in waiting.data.items():
                    if name not in self.fields:
                        continue
                    field = self.instance._meta.get_field(name)
                    if isinstance(field, models.FileField):
                        # A file input sends nothing for "keep it": the form then keeps the
                        # instance's file, which must be the waiting one.
                        setattr(self.instance, name, value)
                        value = getattr(self.instance, name)
                    self.initial[name] = value

        return WaitingChangeForm

    def save_model(self, request, obj, form, change):
        if not needs_review(request):
            return super().save_model(request, obj, form, change)
        if not change:  # a partner's new offer or material starts unpublished
            obj.is_published = False
            super().save_model(request, obj, form, change)

    def submitted_values(self, form, formsets) -> dict:
        allowed = set(reviewed_fields(self.model))
        return {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in allowed and name in form.cleaned_data
        }

    def save_related(self, request, form, formsets, change):
        if not needs_review(request):
            return super().save_related(request, form, formsets, change)
        if not change:
            super().save_related(request, form, formsets, change)
            request.review_change = pending_change_submit(
                obj=form.instance,
                values={"is_published": True},
                user=request.user,
                at=timezone.now(),
                review_url=queue_url(request),
                is_new=True,
            )
            return
        published = type(form.instance).objects.get(pk=form.instance.pk)
        request.review_change = pending_change_submit(
            obj=published,
            values=self.submitted_values(form, formsets),
            user=request.user,
            at=timezone.now(),
            review_url=queue_url(request),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if needs_review(request) and not add:  # nothing was saved yet: the log says so
            return "Submitted a change for review."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if not needs_review(request):
            return super().response_change(request, obj)
        change = getattr(request, "review_change", None)
        if change is None:
            messages.info(request, gettext("Nothing was changed, so there is nothing to review."))
            return redirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            )
        messages.success(
            request,
            gettext(
                "Your change was submitted for review. The published version stays online "
                "until the Welcome Centre approves it."
            ),
        )
        return redirect(reverse("admin:partners_pendingchange_change", args=[change.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if not needs_review(request):
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, self.new_submitted_message)
        change = request.review_change
        return redirect(reverse("admin:partners_pendingchange_change", args=[change.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "waiting_change": waiting_change(obj)}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Partner)
class PartnerAdmin(
    TranslationStatusAdminMixin, ReviewedAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    list_display = ["name", "kind", "order", "is_published"]
    list_filter = ["kind", "is_published", NeedsTranslationFilter]
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


def slots_to_edit(request, obj) -> list[dict] | None:
    """For a partner: the offer's slots as it wants them (its waiting change, else the published
    ones), edited as a set and submitted with the offer. None for the centre's editors."""
    if not needs_review(request) or obj is None or obj.pk is None:
        return None
    waiting = waiting_change(obj)
    if waiting is not None and SLOTS in waiting.data:
        return waiting.data[SLOTS]
    return current_value(obj, SLOTS)


def slots_submitted(formset) -> list[dict]:
    """The set of slots a partner's formset describes: changed rows as entered, untouched rows
    as they were shown, deleted and empty rows left out."""
    slots = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        values = form.cleaned_data if form.has_changed() else form.initial
        if values:
            slots.append(plain_value({name: values.get(name) for name in SLOT_FIELDS}))
    return slots


class ConsultationSlotInline(admin.TabularInline):
    """The offer's consultation hours, edited with the offer; the model's clean() checks each."""

    model = ConsultationSlot
    extra = 0
    fields = SLOT_FIELDS

    def get_extra(self, request, obj=None, **kwargs):
        slots = slots_to_edit(request, obj)
        return len(slots) + 1 if slots is not None else super().get_extra(request, obj, **kwargs)


@admin.register(Offer)
class OfferAdmin(
    TranslationStatusAdminMixin, ReviewedAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    list_display = ["title", "partner", "appointment_required", "is_published"]
    list_filter = [
        ("partner", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("languages", admin.RelatedOnlyFieldListFilter),
        "is_published",
        NeedsTranslationFilter,
    ]
    search_fields = ["title_de", "title_en", "description_de", "partner__name_de"]
    filter_horizontal = ["topics", "target_groups", "languages"]
    list_select_related = ["partner"]
    inlines = [ConsultationSlotInline]
    new_submitted_message = _(
        "Your new offer was submitted for review. It is published once the Welcome "
        "Centre approves it."
    )
    new_review_notice = _("A new offer: approving it publishes it.")

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        if may_edit_any_partner(request):
            return super().get_readonly_fields(request, obj)
        # Only the centre decides what is published and in which order; an offer stays with
        # its partner.
        return ["order", "is_published", "partner"] if obj else ["order", "is_published"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner":
            kwargs["queryset"] = Partner.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics" and not may_edit_any_partner(request):
            kwargs["queryset"] = Topic.objects.published()
        if db_field.name == "target_groups" and not may_edit_any_partner(request):
            kwargs["queryset"] = TargetGroup.objects.published()
        if db_field.name == "languages":
            kwargs["queryset"] = CounsellingLanguage.objects.by_name()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        slots = slots_to_edit(request, obj) if isinstance(inline, ConsultationSlotInline) else None
        if slots is not None:
            kwargs["queryset"] = ConsultationSlot.objects.none()
            kwargs["initial"] = slots
        return kwargs

    def submitted_values(self, form, formsets) -> dict:
        values = super().submitted_values(form, formsets)
        for formset in formsets:
            if formset.model is ConsultationSlot and formset.has_changed():
                values[SLOTS] = slots_submitted(formset)
        return values


@admin.register(Material)
class MaterialAdmin(
    TranslationStatusAdminMixin, ReviewedAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    """The centre's own materials and the partners'. A partner's editors keep their partner's
    materials, through the review like its offers; the centre's editors edit all directly."""

    list_display = ["title", "partner", "language", "order", "is_published"]
    list_editable = ["order", "is_published"]  # for the centre's editors, see below
    list_filter = [
        ("partner", admin.RelatedOnlyFieldListFilter),
        "is_published",
        "language",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("target_groups", admin.RelatedOnlyFieldListFilter),
        NeedsTranslationFilter,
    ]
    search_fields = ["title_de", "title_en", "description_de", "partner__name_de"]
    filter_horizontal = ["topics", "target_groups"]
    list_select_related = ["partner"]
    new_submitted_message = _(
        "Your new information material was submitted for review. It is published once the "
        "Welcome Centre approves it."
    )
    new_review_notice = _("A new information material: approving it publishes it.")

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        materials = super().get_queryset(request)
        if may_edit_any_partner(request):
            return materials
        return materials.filter(partner__in=Partner.objects.editable_by(request.user))

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if needs_review(request):  # order and publishing are the centre's to decide
            changelist.list_editable = ()
        return changelist

    def get_readonly_fields(self, request, obj=None):
        if may_edit_any_partner(request):
            return super().get_readonly_fields(request, obj)
        return ["partner", "order", "is_published"] if obj else ["order", "is_published"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner" and not may_edit_any_partner(request):
            # A partner adds its own materials, never the centre's.
            kwargs.update(
                queryset=Partner.objects.editable_by(request.user), required=True, help_text=""
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not may_edit_any_partner(request):
            if db_field.name == "topics":
                kwargs["queryset"] = Topic.objects.published()
            if db_field.name == "target_groups":
                kwargs["queryset"] = TargetGroup.objects.published()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CounsellingLanguage)
class CounsellingLanguageAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "native_name", "code"]
    search_fields = ["code", "name_de", "name_en", "native_name"]


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The review queue: staff compare, approve or reject; a partner follows its own changes
    and may withdraw one that still waits."""

    list_display = ["__str__", "partner", "state", "submitted_by", "submitted_at", "decided_at"]
    list_filter = ["state", ("partner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["partner", "submitted_by", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """The PDF of a change, for those who see the change. A download, never shown inside
        the admin: nobody has reviewed it yet."""
        change = self.get_object(request, unquote(object_id))
        if change is None:
            raise Http404
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        found = submitted_file(change=change)
        if found is None:
            raise Http404
        response = FileResponse(
            found.storage.open(found.name, "rb"),
            as_attachment=True,
            filename=f"change-{change.pk}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        may_decide = change.is_pending and may_edit_any_partner(request)
        may_withdraw = change.is_pending and not may_edit_any_partner(request)
        if request.method == "POST":
            return self._decide(request, change, may_decide=may_decide, may_withdraw=may_withdraw)
        target_admin = self.admin_site.get_model_admin(change.content_type.model_class())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Change for review: %(object)s") % {"object": change.target},
            "change": change,
            "rows": change_comparison(change=change),
            "may_decide": may_decide,
            "may_withdraw": may_withdraw,
            "new_notice": getattr(target_admin, "new_review_notice", ""),
            "file_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_file", args=[change.pk]
            )
            if submitted_file(change=change)
            else "",
            "target_url": reverse(
                f"admin:{change.content_type.app_label}_{change.content_type.model}_change",
                args=[change.object_id],
            ),
        }
        return TemplateResponse(request, "admin/partners/pendingchange/review.html", context)

    def _decide(self, request, change, *, may_decide: bool, may_withdraw: bool):
        action, note = request.POST.get("action"), request.POST.get("note", "").strip()[:2000]
        now = timezone.now()
        try:
            with transaction.atomic():
                if action == "approve" and may_decide:
                    pending_change_approve(change=change, user=request.user, at=now, note=note)
                    messages.success(request, gettext("The change is approved and published."))
                elif action == "reject" and may_decide:
                    if not note:
                        raise ReviewError(gettext("Please say in the note why it is rejected."))
                    pending_change_reject(change=change, user=request.user, at=now, note=note)
                    messages.success(request, gettext("The change is rejected."))
                elif action == "withdraw" and may_withdraw:
                    pending_change_withdraw(change=change, user=request.user, at=now)
                    messages.success(request, gettext("Your change is withdrawn."))
                else:
                    raise PermissionDenied
        except ReviewError as error:
            messages.error(request, str(error))
        return redirect(request.path)
