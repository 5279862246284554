"""Entries of a contest: the list, an entry's page, submitting and editing (while the contest
takes entries), its attachments, its awards and forwardings (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.models import Society
from associations.uploads import content_type_for
from core.concurrency import StaleVersion
from core.http import attachment_response

from .. import services
from ..forms import AwardForm, EntryForm, ForwardingForm
from ..models import Award, Entry, EntryAttachment, EntryField
from .base import ContestMixin


class EntryScopeMixin(ContestMixin):
    def entries(self):
        return permissions.scope_society_records(
            self.request.user, Entry.objects.filter(contest=self.contest)
        )

    @cached_property
    def entry(self) -> Entry:
        return get_object_or_404(
            self.entries().select_related("society", "contest"), pk=self.kwargs["entry_pk"]
        )

    def may_edit(self, entry: Entry) -> bool:
        return permissions.can_edit_society_records(self.request.user, entry.society) and not (
            services.entry_window_errors(contest=self.contest, today=self.today)
        )


class EntryListView(EntryScopeMixin, ListView):
    template_name = "contests/entry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        qs = self.entries().select_related("society").prefetch_related("authors")
        get = self.request.GET
        self.q = get.get("q", "").strip()
        self.field = get.get("field", "") if get.get("field") in EntryField.values else ""
        if self.q:
            qs = qs.filter(title__icontains=self.q) | qs.filter(code__iexact=self.q)
        if self.field:
            qs = qs.filter(field=self.field)
        return qs.order_by("code", "sort_title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["field"] = self.field
        context["fields"] = EntryField.choices
        context["window_errors"] = services.entry_window_errors(
            contest=self.contest, today=self.today
        )
        context["may_submit"] = not context[
            "window_errors"
        ] and permissions.may_record_for_societies(self.request.user)
        return context


class EntryDetailView(EntryScopeMixin, TemplateView):
    template_name = "contests/entry_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        context["entry"] = entry
        context["authors"] = list(entry.authors.order_by("sort_name"))
        context["attachments"] = entry.attachments.all()
        context["awards"] = entry.awards.all()
        context["forwardings"] = entry.forwardings.all()
        context["can_edit"] = self.may_edit(entry)
        context["window_errors"] = services.entry_window_errors(
            contest=self.contest, today=self.today
        )
        return context


class EntryFormMixin(EntryScopeMixin):
    template_name = "contests/entry_form.html"

    def societies(self):
        return permissions.scope_recordable_societies(
            self.request.user, Society.objects.filter(union_id=self.contest.union_id)
        ).order_by("sort_name")

    def author_society_id(self):
        raise NotImplementedError

    def get_form(self, form_class=None):
        society_id = self.author_society_id()
        authors = (
            services.author_choices(society_id=society_id)
            if society_id
            else services.author_choices(society_id=0)
        )
        return EntryForm(**self.get_form_kwargs(), societies=self.societies(), authors=authors)

    def form_valid(self, form):
        data = {
            name: form.cleaned_data[name]
            for name in ("title", "field", "unit", "author_names", "summary")
        }
        try:
            entry = self.save(data, form)
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The entry “%(title)s” has been saved.") % {"title": entry.title}
        )
        return redirect("contests:entry_detail", contest_pk=self.contest.pk, entry_pk=entry.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The entry was not saved. Please correct the errors."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["window_errors"] = services.entry_window_errors(
            contest=self.contest, today=self.today
        )
        return context


class EntryCreateView(EntryFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        response = self._refuse(request)
        return response or super().dispatch(request, *args, **kwargs)

    def _refuse(self, request):
        user = request.user
        if (
            user.is_authenticated
            and permissions.may_use_contest_pages(user)
            and not permissions.may_record_for_societies(user)
        ):
            # Scope first: another union's contest is a 404 whoever asks.
            get_object_or_404(
                permissions.scope_contests(user, self._contests()), pk=self.kwargs["contest_pk"]
            )
            raise PermissionDenied
        return None

    def _contests(self):
        from ..models import Contest

        return Contest.objects.all()

    def author_society_id(self):
        society = self.request.POST.get("society") or self.request.GET.get("society")
        societies = self.societies()
        if society and str(society).isdigit():
            return societies.filter(pk=society).values_list("pk", flat=True).first()
        return societies.values_list("pk", flat=True).first()

    def get(self, request, *args, **kwargs):
        if not self.societies().exists():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.societies().exists():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {**super().get_initial(), "society": self.author_society_id()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        societies = list(self.societies().values_list("pk", "name"))
        if len(societies) > 1:  # authors are chosen among the chosen society's members
            context["society_choices"] = societies
            context["author_society_id"] = self.author_society_id()
        return context

    def save(self, data, form):
        return services.entry_create(
            contest=self.contest,
            society=form.cleaned_data["society"],
            data=data,
            authors=form.cleaned_data["authors"],
            uploads=form.cleaned_data["attachments"],
            user=self.request.user,
            today=self.today,
        )


class EntryUpdateView(EntryFormMixin, FormView):
    def author_society_id(self):
        return self.entry.society_id

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.entry}

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self):
        if not permissions.can_edit_society_records(self.request.user, self.entry.society):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        context["attachments"] = self.entry.attachments.all()
        context["can_edit"] = self.may_edit(self.entry)
        return context

    def save(self, data, form):
        return services.entry_update(
            entry=self.entry,
            data=data,
            version=form.version,
            authors=form.cleaned_data["authors"],
            uploads=form.cleaned_data["attachments"],
            user=self.request.user,
            today=self.today,
        )


class EntryAttachmentMixin(EntryScopeMixin):
    @cached_property
    def attachment(self) -> EntryAttachment:
        return get_object_or_404(
            EntryAttachment.objects.filter(entry=self.entry), pk=self.kwargs["pk"]
        )


class EntryAttachmentDownloadView(EntryAttachmentMixin, View):
    """Files are private: served only here, after the permission check, as a download."""

    def get(self, request, *args, **kwargs):
        attachment = self.attachment
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404
        return attachment_response(
            handle,
            filename=attachment.original_name,
            content_type=content_type_for(attachment.original_name),
        )


class EntryAttachmentDeleteView(EntryAttachmentMixin, TemplateView):
    template_name = "contests/entry_attachment_confirm_delete.html"

    def _check(self):
        attachment = self.attachment
        if not permissions.can_edit_society_records(self.request.user, self.entry.society):
            raise PermissionDenied
        return attachment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachment"] = self._check()
        context["entry"] = self.entry
        return context

    def post(self, request, *args, **kwargs):
        attachment = self._check()
        try:
            services.entry_attachment_delete(attachment=attachment, today=self.today)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The attachment “%(name)s” has been removed.")
                % {"name": attachment.original_name},
            )
        return redirect("contests:entry_detail", contest_pk=self.contest.pk, entry_pk=self.entry.pk)


# --- awards and forwardings (staff) -----------------------------------------------------------


class EntryStaffMixin(EntryScopeMixin):
    """Staff of the contest's union; others who see the entry are refused (403)."""

    def _check(self):
        entry = self.entry  # 404 first, for entries out of scope
        if not self.can_manage:
            raise PermissionDenied
        return entry

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        return context

    def done(self, message):
        messages.success(self.request, message)
        return redirect("contests:entry_detail", contest_pk=self.contest.pk, entry_pk=self.entry.pk)

    def refused(self, form, error):
        if isinstance(error, StaleVersion):
            form.refuse_stale(error)
        elif hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return self.form_invalid(form)


class AwardCreateView(EntryStaffMixin, FormView):
    form_class = AwardForm
    template_name = "contests/award_form.html"

    def get_initial(self):
        return {"year": self.contest.year, "level": self.contest.level}

    def form_valid(self, form):
        try:
            services.award_create(entry=self.entry, data=form.cleaned_data, user=self.request.user)
        except ValidationError as error:
            return self.refused(form, error)
        return self.done(_("The award has been recorded."))


class AwardUpdateView(EntryStaffMixin, FormView):
    form_class = AwardForm
    template_name = "contests/award_form.html"

    @cached_property
    def award(self) -> Award:
        return get_object_or_404(Award.objects.filter(entry=self.entry), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.award}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.award_update(
                award=self.award, data=data, version=form.version, user=self.request.user
            )
        except ValidationError as error:
            return self.refused(form, error)
        return self.done(_("The award has been saved."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["award"] = self.award
        return context


class EntryForwardView(EntryStaffMixin, FormView):
    form_class = ForwardingForm
    template_name = "contests/entry_forward.html"

    def get_initial(self):
        return {"year": self.contest.year, "forwarded_on": self.today}

    def form_valid(self, form):
        try:
            services.entry_forward(entry=self.entry, data=form.cleaned_data, user=self.request.user)
        except ValidationError as error:
            return self.refused(form, error)
        return self.done(_("The entry has been forwarded to the next round."))
