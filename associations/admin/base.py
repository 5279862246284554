"""Union scoping shared by every admin: querysets, choices, columns, history and revert."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionCheckedAdminMixin
from core.fields import sort_key_fields

from .. import permissions

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
    from .accounts import UserAdmin  # the user admin scopes by its own rules

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
        obj.version_from_database = True  # the form shows an old state: check the live one
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
