from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionCheckedAdminMixin, VersionCheckedInlineMixin
from core.fields import sort_key_fields

from .. import permissions
from ..accounts import APPROVING_ROLES, role_grant_refusal, role_sync_staff_access
from ..import_admin import RecordsImportExportMixin
from ..models import (
    Activity,
    ActivityAttachment,
    LocalityKind,
    Role,
    Society,
    Term,
    Union,
    User,
)
from ..uploads import AttachmentAdminForm

# The admin is the union office's side of the portal: branded as such, not as Django's.
admin.site.site_header = _("Union portal — Administration")
admin.site.site_title = _("Union portal")
admin.site.index_title = _("Administration")

# Columns that hold a year: shown as "1970", not as a number with a thousands separator.
YEAR_FIELDS = frozenset({"birth_year", "typical_intellectual_year", "year"})


def year_column(model, name: str):
    """A change-list column that prints the year `name` as written, sortable like the field."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        return "" if value is None else str(value)

    column.__name__ = name
    return column


def sorted_column(model, name: str, sort_field: str):
    """A change-list column that shows `name` and sorts by its Vietnamese sort key."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=sort_field)
    def column(obj):
        return getattr(obj, name)

    column.__name__ = name
    return column


def scoped_choices(admin_site, request, model):
    """The choices a foreign key or many-to-many field to `model` may offer `request.user`.

    When `model` has a union-scoped admin (or the user admin), the same queryset as its change
    list: a forged id of another union's record is "not a valid choice". None: no restriction.
    """
    if request.user.is_superuser:
        return None
    related_admin = admin_site._registry.get(model)
    if isinstance(related_admin, UnionScopedAdmin | UserAdmin):
        return related_admin.get_queryset(request)
    return None


class UnionScopedInlineMixin:
    """Foreign keys and many-to-many fields offer only the choices of the user's unions.

    Used by UnionScopedAdmin and by every inline (an inline is not a ModelAdmin)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scoped_choices(self.admin_site, request, db_field.related_model)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = scoped_choices(self.admin_site, request, db_field.related_model)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class UnionScopedAdmin(VersionCheckedAdminMixin, UnionScopedInlineMixin, SimpleHistoryAdmin):
    """Staff see and edit only their own union's records; superusers see all.

    `union_path` is the lookup from the model to its union id. Every view of the admin goes
    through the scoped queryset: the change form, the object-level permissions and the history
    pages (list, detail and revert), so another union's record is a 404 wherever it is asked for.
    """

    union_path = "union_id"
    object_history_form_template = "admin/simple_history/object_history_form.html"

    # --- scope ----------------------------------------------------------------------------------

    def staff_unions(self, request) -> frozenset[int]:
        return permissions.access_for(request.user).staff_unions

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.union_path}__in": self.staff_unions(request)})

    def union_id_of(self, obj) -> int | None:
        """The union of `obj` (a live instance or one rebuilt from a historical record)."""
        value = obj
        for step in self.union_path.split("__"):
            if value is None:
                return None
            value = getattr(value, step, None)
        return value

    def in_scope(self, request, obj) -> bool:
        return request.user.is_superuser or self.union_id_of(obj) in self.staff_unions(request)

    def has_view_permission(self, request, obj=None):
        if obj is not None and not self.in_scope(request, obj):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.in_scope(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self.in_scope(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_list_display(self, request):
        sort_fields = {field.source: field.name for field in sort_key_fields(self.model)}

        def column(name):
            if not isinstance(name, str):
                return name
            if name in YEAR_FIELDS:
                return year_column(self.model, name)
            if name in sort_fields:  # names sort in Vietnamese order, not by code point
                return sorted_column(self.model, name, sort_fields[name])
            return name

        return [column(name) for name in super().get_list_display(request)]

    # --- history ----------------------------------------------------------------------------------

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The object's historical records that belonged to the user's unions when recorded.

        A record keeps the union it had then: after a society moves, or after the object is
        deleted, staff of the record's union still read it and nobody else does.
        """
        qs = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.scope_history(request, qs)

    def scope_history(self, request, qs):
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.union_path}__in": self.staff_unions(request)})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One historical record, and its revert: scoped, permission-checked, atomic.

        The record must be in the user's scope (404 otherwise); reverting needs the change
        permission on the live object, which must be in scope too, and the reverted object may
        not leave the user's unions.
        """
        request.current_app = self.admin_site.name
        opts = self.model._meta
        history = getattr(self.model, opts.simple_history_manager_attribute)
        object_id = unquote(object_id)
        records = self.scope_history(request, history.filter(**{opts.pk.attname: object_id}))
        if not str(version_id).isdigit():
            raise Http404
        record = get_object_or_404(records, history_id=version_id)
        obj = record.instance
        obj._state.adding = False
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        live = self.get_queryset(request).filter(pk=obj.pk).first()
        may_revert = (
            live is not None
            and self.has_change_history_permission(request, live)
            and self.has_change_permission(request, live)
            and not self.revert_disabled(request, obj)
        )
        form_class = self.get_form(request, obj)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            form = form_class(request.POST, request.FILES, instance=obj)
            if form.is_valid():
                with transaction.atomic():
                    new_object = self.save_form(request, form, change=True)
                    self.save_model(request, new_object, form, change=True)
                    form.save_m2m()
                    if not self.get_queryset(request).filter(pk=new_object.pk).exists():
                        transaction.set_rollback(True)
                        raise PermissionDenied
                message = self.construct_change_message(request, form, [])
                self.log_change(request, new_object, message)
                return self.response_change(request, new_object)
        else:
            form = form_class(instance=obj)
        readonly = self.get_readonly_fields(request, obj)
        admin_form = helpers.AdminForm(
            form,
            self.get_fieldsets(request, obj),
            # The prepopulated fields of *this* request: a read-only slug is not in the form.
            {
                name: deps
                for name, deps in self.get_prepopulated_fields(request, obj).items()
                if name in form.fields
            },
            readonly,
            model_admin=self,
        )
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_form_view_title(request, obj),
            "subtitle": None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(f"{prefix}_changelist"),
            "change_url": reverse(f"{prefix}_change", args=(obj.pk,)),
            "history_url": reverse(f"{prefix}_history", args=(obj.pk,)),
            "change_history": False,
            "revert_disabled": not may_revert,
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_view_permission": self.has_view_history_permission(request, obj),
            "has_change_permission": may_revert,
            "has_delete_permission": False,
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "opts": history.model._meta,
            "content_type_id": self.content_type_model_cls.objects.get_for_model(self.model).id,
            "save_as": False,
            "save_on_top": self.save_on_top,
            "root_path": getattr(self.admin_site, "root_path", None),
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)


class RoleGrantFormSet(forms.BaseInlineFormSet):
    """A user's roles in the user admin: each change obeys the rules of granting a role."""

    granted_by: User | None = None

    def clean(self):
        super().clean()
        if self.granted_by is None:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not (
                form.has_changed() or form in self.deleted_forms
            ):
                continue
            refusal = role_change_refusal(granted_by=self.granted_by, user=self.instance, form=form)
            if refusal:
                raise forms.ValidationError(refusal)


def role_change_refusal(*, granted_by, user, form) -> str | None:
    """Check the role before the change (if any) and after it: both must be the user's to grant."""
    role = form.instance
    checks = []
    if role.pk:
        checks.append((form.initial.get("union"), form.initial.get("kind")))
    if not form.cleaned_data.get("DELETE"):
        union = form.cleaned_data.get("union")
        checks.append((union.pk if union else None, form.cleaned_data.get("kind")))
    for union_id, kind in checks:
        refusal = role_grant_refusal(granted_by=granted_by, user=user, union_id=union_id, kind=kind)
        if refusal:
            return refusal
    return None


class RoleInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = Role
    extra = 0
    fields = ["union", "kind", "societies"]
    filter_horizontal = ["societies"]
    formset = RoleGrantFormSet

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(union_id__in=permissions.access_for(request.user).staff_unions)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"granted_by": request.user})

    def _own(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk and not request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


class StaffUserCreationForm(forms.ModelForm):
    """Staff create an account without a password; the person sets it from the e-mailed link."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


def send_password_reset_link(request, user: User) -> bool:
    """allauth's password-reset e-mail to `user` (False when the account cannot receive it)."""
    from allauth.account.forms import ResetPasswordForm

    if not (user.is_active and user.email):
        return False
    form = ResetPasswordForm(data={"email": user.email})
    if not form.is_valid() or not form.users:
        return False
    form.save(request)
    return True


@admin.register(User)
class UserAdmin(VersionCheckedAdminMixin, BaseUserAdmin):
    """Staff create accounts and grant roles in their union; privileges stay with superusers.

    Nobody sets another person's password: staff send a password-reset link instead.
    """

    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "roles__kind"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    staff_add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name")}),)
    inlines = [RoleInline]
    actions = ["send_password_reset"]
    change_form_template = "admin/associations/user/change_form.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staff_unions = permissions.access_for(request.user).staff_unions
        # Users of their unions, and accounts just created that have no role yet.
        return qs.filter(
            Q(roles__union_id__in=staff_unions) | Q(roles__isnull=True), is_superuser=False
        ).distinct()

    def get_fieldsets(self, request, obj=None):
        if obj is None and not request.user.is_superuser:
            return self.staff_add_fieldsets
        fieldsets = super().get_fieldsets(request, obj)
        if self.may_set_password(request, obj):
            return fieldsets
        # The password's hash and its "reset" link are not theirs: the reset-link button is.
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for title, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = StaffUserCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        readonly = [
            "is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined",
        ]  # fmt: skip
        if obj is not None and holds_approving_role(obj):
            # The address a reset link goes to decides who holds the account.
            readonly.append("email")
        return readonly

    def may_set_password(self, request, obj) -> bool:
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        """Superusers only. Staff change their own password where the current one is asked."""
        if request.user.is_superuser:
            return super().user_change_password(request, id, form_url)
        if str(unquote(id)) == str(request.user.pk):
            return HttpResponseRedirect(reverse("account_change_password"))
        raise PermissionDenied

    def get_urls(self):
        return [
            path(
                "<id>/send-password-reset/",
                self.admin_site.admin_view(self.send_password_reset_view),
                name="associations_user_send_password_reset",
            ),
            *super().get_urls(),
        ]

    def send_password_reset_view(self, request, id):
        return require_POST(self._send_password_reset_view)(request, id)

    def _send_password_reset_view(self, request, id):
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        self.send_password_reset(request, self.get_queryset(request).filter(pk=user.pk))
        return HttpResponseRedirect(reverse("admin:associations_user_change", args=[user.pk]))

    @admin.action(description=_("Send a password-reset link"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = [user for user in queryset if send_password_reset_link(request, user)]
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A password-reset link has been sent to %(count)d account.",
                    "A password-reset link has been sent to %(count)d accounts.",
                    len(sent),
                )
                % {"count": len(sent)},
                messages.SUCCESS,
            )
        skipped = queryset.count() - len(sent)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d account has no active e-mail address; no link was sent to it.",
                    "%(count)d accounts have no active e-mail address; no link was sent to them.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_sync_staff_access(user=form.instance)


def holds_approving_role(user: User) -> bool:
    return Role.objects.filter(user=user, kind__in=APPROVING_ROLES).exists()


class UnionAdminForm(forms.ModelForm):
    """A new union's kind of locality may be left to what its name and district say."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("locality_kind")
        if field is not None and self.instance.pk is None:
            field.required = False
            field.choices = [("", _("From the name and district")), *LocalityKind.choices]
            self.initial["locality_kind"] = ""

    def clean(self):
        cleaned = super().clean()
        if "locality_kind" in self.fields and not cleaned.get("locality_kind"):
            cleaned["locality_kind"] = Union.infer_locality_kind(
                name=cleaned.get("name") or "", district=cleaned.get("district") or ""
            )
            self.instance.locality_kind = cleaned["locality_kind"]
        return cleaned


@admin.register(Union)
class UnionAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    form = UnionAdminForm
    records_kind = "unions"
    union_path = "id"
    ordering = ["sort_name", "id"]
    list_display = ["name", "slug", "locality_kind", "province", "parent"]
    search_fields = ["name", "short_name", "slug"]
    list_filter = ["locality_kind", "province"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["parent", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Term)
class TermAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "terms"
    list_display = ["label", "union", "congress_number", "starts_on", "ends_on"]
    list_filter = ["union"]
    search_fields = ["label"]


@admin.register(Society)
class SocietyAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "societies"
    ordering = ["union__sort_name", "sort_name", "id"]
    list_display = ["name", "kind", "union", "founded_on", "dissolved_on"]
    list_filter = ["kind", "union"]
    search_fields = ["name", "contact"]
    list_select_related = ["union"]


class RoleAdminForm(forms.ModelForm):
    """The role admin's form: the change obeys the rules of granting a role."""

    granted_by: User | None = None

    class Meta:
        model = Role
        fields = ["user", "union", "kind", "societies"]

    def clean(self):
        cleaned = super().clean()
        if self.granted_by is not None and not self.errors:
            user = cleaned.get("user")
            refusal = role_change_refusal(granted_by=self.granted_by, user=user, form=self)
            if refusal is None and self.instance.pk:
                refusal = role_grant_refusal(
                    granted_by=self.granted_by,
                    user=self.instance.user,
                    union_id=self.instance.union_id,
                    kind=self.instance.kind,
                )
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(Role)
class RoleAdmin(UnionScopedAdmin):
    form = RoleAdminForm
    list_display = ["user", "kind", "union"]
    list_filter = ["kind", "union"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["societies"]
    list_select_related = ["user", "union"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"granted_by": request.user})

    def may_grant(self, request, obj) -> bool:
        """Own roles and approving roles are not staff's to change (view only)."""
        return obj is None or not role_grant_refusal(
            granted_by=request.user, user=obj.user, union_id=obj.union_id, kind=obj.kind
        )

    def has_change_permission(self, request, obj=None):
        return self.may_grant(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_grant(request, obj) and super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_sync_staff_access(user=form.instance.user)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        role_sync_staff_access(user=user)

    def delete_queryset(self, request, queryset):
        roles = list(queryset.select_related("user"))
        if not all(self.may_grant(request, role) for role in roles):
            raise PermissionDenied  # the bulk action may not withdraw own or approving roles
        users = {role.user for role in roles}
        super().delete_queryset(request, queryset)
        for user in users:
            role_sync_staff_access(user=user)


def attachment_download_url(attachment: ActivityAttachment) -> str | None:
    """The permission-checked download view of a society activity's attachment (None for the
    union's own activities, which have no portal page)."""
    activity = attachment.activity
    if not (attachment.pk and activity.society_id):
        return None
    try:
        return reverse(
            "attachment_download",
            kwargs={
                "society_pk": activity.society_id,
                "activity_pk": activity.pk,
                "pk": attachment.pk,
            },
        )
    except NoReverseMatch:
        return None


class AttachmentLink:
    """What the file widget shows for a stored file: its name, linked to the checked view."""

    def __init__(self, attachment: ActivityAttachment):
        self.url = attachment_download_url(attachment)
        self.name = attachment.original_name or attachment.file.name

    def __str__(self) -> str:
        return self.name


class AttachmentFileInput(forms.ClearableFileInput):
    """Private files have no URL: link the stored file through the download view instead.

    Rendered here rather than from a template: the form renderer reads only apps' templates.
    """

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None) and hasattr(value, "instance"))

    def render(self, name, value, attrs=None, renderer=None):
        file_input = forms.FileInput().render(name, None, self.build_attrs(self.attrs, attrs))
        if not self.is_initial(value):
            return file_input
        link = AttachmentLink(value.instance)
        current = format_html('<a href="{}">{}</a>', link.url, link.name) if link.url else link.name
        return format_html(
            '<p class="file-upload">{}: {}<br>{}: {}</p>',
            self.initial_text,
            current,
            self.input_text,
            file_input,
        )


class ActivityAttachmentInline(UnionScopedInlineMixin, admin.TabularInline):
    model = ActivityAttachment
    form = AttachmentAdminForm  # the portal's checks and storage (random name, size)
    extra = 0
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.uploaded_by = request.user  # a class made for this request
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = AttachmentFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return ["download" if name == "file" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "download"]

    @admin.display(description=_("file"))
    def download(self, attachment):
        link = AttachmentLink(attachment)
        if link.url is None:
            return link.name
        return format_html('<a href="{}">{}</a>', link.url, link.name)


@admin.register(Activity)
class ActivityAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "activities"
    list_display = ["title", "kind", "held_on", "society", "participants", "amount_vnd"]
    list_filter = ["kind", "union"]
    search_fields = ["title", "partners", "notes"]
    date_hierarchy = "held_on"
    list_select_related = ["society"]
    inlines = [ActivityAttachmentInline]
