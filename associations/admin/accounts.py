"""Accounts in the admin: users, their roles, and the password-reset link staff send."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.concurrency import VersionCheckedAdminMixin, VersionCheckedInlineMixin

from .. import permissions
from ..accounts import APPROVING_ROLES, role_grant_refusal, role_sync_staff_access
from ..models import Role, User
from .base import UnionScopedAdmin, UnionScopedInlineMixin


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
