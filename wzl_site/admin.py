from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from partners.models import EDIT_ANY_PARTNER, Offer, Partner
from services.models import Material, TargetGroup, Topic
from wzl_site.models import BarrierReport, LegalPage, LegalSection, TranslationStatus
from wzl_site.operations import PARTNER_EDITORS_GROUP, roles_ensure
from wzl_site.translation_admin import (
    NeedsTranslationFilter,
    TranslationOverviewAdmin,
    TranslationStatusAdminMixin,
)

admin.site.site_header = "Willkommenszentrum Leipzig"
admin.site.site_title = "WZL"

# The legal pages replaced the flat pages (wzl_site.models.LegalPage); their old rows stay in
# the database until the flatpages app is removed, and nobody edits them any more.
admin.site.unregister(FlatPage)


class LegalSectionInline(TranslationStackedInline):
    model = LegalSection
    fields = ["order", "heading", "body", "placeholder_notice", "placeholder"]
    readonly_fields = ["placeholder_notice"]
    extra = 0

    @admin.display(description=_("before launch"))
    def placeholder_notice(self, section) -> str:
        if section.pk and section.is_open:
            return format_html(
                '<strong class="errornote">{}</strong> {}',
                _("To fill in before launch:"),
                section.placeholder,
            )
        return "–"


@admin.register(LegalPage)
class LegalPageAdmin(TranslationStatusAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Each page exists once, at an address the site fixes: it can be changed, not added or
    deleted. Sections the law asks for and only staff can fill are marked until filled."""

    list_display = ["__str__", "title", "open_placeholder_count", "checked_on"]
    list_filter = [NeedsTranslationFilter]
    inlines = [LegalSectionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections")

    def get_fieldsets(self, request, obj=None):
        """The fields of this kind of page (the kind itself is fixed: it gives the address)."""
        wanted = {"title", "intro", "checked_on"}
        if obj is not None and obj.kind == LegalPage.Kind.ACCESSIBILITY:
            wanted.add("contact_email")
        if obj is not None and obj.kind == LegalPage.Kind.SIGN_LANGUAGE:
            wanted |= {"video", "video_details"}
        (name, options), *others = super().get_fieldsets(request, obj)
        fields = [
            field
            for field in options["fields"]
            if field in wanted or field.rsplit("_", 1)[0] in wanted
        ]
        return [(name, {**options, "fields": fields}), *others]

    def get_readonly_fields(self, request, obj=None):
        return ["video_details"]

    @admin.display(description=_("video found"))
    def video_details(self, page) -> str:
        if not page.video:
            return "–"
        return f"{page.video_format.upper()}, {page.video_seconds} s"

    @admin.display(description=_("to fill in before launch"))
    def open_placeholder_count(self, page) -> str:
        missing = [section.heading for section in page.open_placeholders()]
        if page.kind == LegalPage.Kind.ACCESSIBILITY and not page.contact_email:
            missing.append(LegalPage._meta.get_field("contact_email").verbose_name)
        if not missing:
            return "–"
        return format_html(
            '<strong class="errornote">{}</strong><ul>{}</ul>',
            ngettext("%(count)d item", "%(count)d items", len(missing)) % {"count": len(missing)},
            format_html_join("", "<li>{}</li>", ((text,) for text in missing)),
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """Barrier reports from the accessibility statement's form: read, answer, tick as dealt
    with. Nobody adds them here or changes what was sent."""

    list_display = ["received_at", "short_message", "page", "email", "language", "done"]
    list_filter = ["done", "language"]
    list_editable = ["done"]
    search_fields = ["message", "page", "email"]
    fields = ["received_at", "language", "page", "email", "message", "done"]
    readonly_fields = ["received_at", "language", "page", "email", "message"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def short_message(self, report) -> str:
        return report.message[:80]


# The translation overview, export and import (see wzl_site.translation_admin).
admin.site.register(TranslationStatus, TranslationOverviewAdmin)


# --- Accounts ----------------------------------------------------------------------------------
# Superusers get Django's user admin. Staff editors (auth.view/add/change_user, see roles_ensure)
# manage partners' accounts only: they see no other account, cannot grant staff rights, groups or
# permissions, and so cannot take over an account that may do more than a partner.

User = get_user_model()


def partner_editors_group() -> Group:
    return Group.objects.filter(name=PARTNER_EDITORS_GROUP).first() or roles_ensure()[1]


class PartnersFormMixin(forms.Form):
    """The partner organisations an account edits: the other side of ``Partner.editors``."""

    partners_required = False

    partners = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("partner organisations"),
        help_text=_("The organisations whose entry and offers this account may edit."),
        widget=FilteredSelectMultiple(_("partner organisations"), is_stacked=False),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.all()
        self.fields["partners"].required = self.partners_required
        if self.instance.pk:
            self.initial.setdefault("partners", list(self.instance.partners.all()))


class UserForm(PartnersFormMixin, UserChangeForm):
    pass


class UserCreationWithPartnersForm(PartnersFormMixin, AdminUserCreationForm):
    pass


class PartnerUserForm(PartnersFormMixin, UserChangeForm):
    partners_required = True


class PartnerUserCreationForm(PartnersFormMixin, UserCreationForm):
    """A password is required (the partner can change it with "Forgotten your password?")."""

    partners_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = UserForm
    add_form = UserCreationWithPartnersForm
    fieldsets = (*UserAdmin.fieldsets, (_("partner organisations"), {"fields": ["partners"]}))
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "email",
                    "partners",
                ],
            },
        ),
    )
    partner_user_fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (pgettext_lazy("user admin", "Access"), {"fields": ["is_active", "partners"]}),
    )
    partner_user_add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "password1", "password2", "email", "partners"],
            },
        ),
    )

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        partner_editors = partner_editors_group()
        return (
            users.filter(groups=partner_editors, is_superuser=False)
            .exclude(groups__in=Group.objects.exclude(pk=partner_editors.pk))
            .exclude(user_permissions__isnull=False)
            .prefetch_related("partners")
        )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.partner_user_fieldsets if obj else self.partner_user_add_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = PartnerUserForm if obj else PartnerUserCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ["username", "email", "first_name", "last_name", "is_active", "partner_names"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ["is_active"]

    @admin.display(description=_("partner organisations"))
    def partner_names(self, user) -> str:
        return pgettext("list separator", ", ").join(str(p) for p in user.partners.all())

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_staff = True
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        # From the partners' side, so that each partner's history records the change.
        current, wanted = set(user.partners.all()), set(form.cleaned_data["partners"])
        for partner in wanted - current:
            partner.editors.add(user)
        for partner in current - wanted:
            partner.editors.remove(user)
        if not request.user.is_superuser:
            user.groups.set([partner_editors_group()])
            user.user_permissions.clear()


@staff_member_required
def view_on_site(request, content_type_id: int, object_id: str):
    """Django's "view on site" redirect, which would tell anyone signed in the address of any
    object: for partners' editors only their own organisations and offers and public topics."""
    if not request.user.has_perm(EDIT_ANY_PARTNER):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        visible = {
            Partner: lambda: Partner.objects.editable_by(request.user),
            Offer: lambda: Offer.objects.editable_by(request.user),
            Material: lambda: Material.objects.filter(
                partner__in=Partner.objects.editable_by(request.user)
            ),
            Topic: lambda: Topic.objects.published(),
            TargetGroup: lambda: TargetGroup.objects.published(),
        }.get(model)
        try:
            found = visible is not None and visible().filter(pk=object_id).exists()
        except (ValueError, ValidationError):  # not a key of that model: "abc"
            found = False
        if not found:
            raise Http404
    return shortcut(request, content_type_id, object_id)
