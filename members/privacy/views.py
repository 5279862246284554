"""Personal data pages: consent texts, a person's consent, the access log, the data subject's
requests and "see my data"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.mixins import may_use_society_pages
from associations.models import Union
from core.concurrency import StaleVersion
from core.http import content_disposition
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.text import fold

from ..models import Member
from ..views.directory import _query_string
from . import access_log, consent, requests, subject_export
from .anonymise import member_anonymise
from .forms import ConsentTextForm, DataSubjectRequestForm, MemberConsentForm, RequestAnswerForm
from .models import ConsentText, DataSubjectRequest, RequestKind, RequestStatus

PAGE_SIZE = 50
LOG_PAGE_SIZE = 25


class StaffOnlyMixin(LoginRequiredMixin):
    """Pages of the union's staff: anyone else with no staff role gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_manage_consent_texts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffMemberMixin(StaffOnlyMixin):
    """A person of one of the staff member's unions (another union's person: 404)."""

    @cached_property
    def member(self) -> Member:
        member = get_object_or_404(Member.objects.select_related("union"), pk=self.kwargs["pk"])
        if not permissions.can_manage_personal_data(self.request.user, member.union_id):
            raise Http404
        return member


# --- consent texts ----------------------------------------------------------------------------


class ConsentTextListView(StaffOnlyMixin, ListView):
    template_name = "members/privacy/consent_text_list.html"
    context_object_name = "texts"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return permissions.scope_consent_texts(
            self.request.user, ConsentText.objects.select_related("union", "created_by")
        ).order_by("union__sort_name", "-version")


class ConsentTextAddView(StaffOnlyMixin, FormView):
    template_name = "members/privacy/consent_text_form.html"
    form_class = ConsentTextForm

    @cached_property
    def unions(self):
        return list(
            permissions.scope_unions(self.request.user, Union.objects.all())
            .filter(id__in=permissions.access_for(self.request.user).staff_unions)
            .order_by("sort_name")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unions": self.unions}

    def form_valid(self, form):
        union_id = self.request.POST.get("union") or (self.unions[0].pk if self.unions else None)
        union = next((u for u in self.unions if str(u.pk) == str(union_id)), None)
        if union is None:
            form.add_error(None, _("Choose one of your unions."))
            return self.form_invalid(form)
        text = consent.consent_text_create(union=union, user=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _("Version %(version)s of the consent text has been saved.")
            % {"version": text.version},
        )
        return redirect("members:privacy_consent_texts")


class ConsentTextPrintView(StaffOnlyMixin, TemplateView):
    """The consent text ready to print and sign; with ?member=<id>, the person's name filled."""

    template_name = "members/privacy/consent_text_print.html"

    def get_context_data(self, **kwargs):
        text = get_object_or_404(
            permissions.scope_consent_texts(
                self.request.user, ConsentText.objects.select_related("union")
            ),
            pk=self.kwargs["pk"],
        )
        member = None
        if self.request.GET.get("member", "").isdigit():
            member = get_object_or_404(
                Member.objects.filter(union_id=text.union_id), pk=int(self.request.GET["member"])
            )
        return {**super().get_context_data(**kwargs), "text": text, "member": member}


class MemberConsentPrintView(StaffMemberMixin, View):
    """The person's consent text (or the union's latest) with their name, ready to sign."""

    def get(self, request, pk):
        text = self.member.consent_text or (
            ConsentText.objects.filter(union_id=self.member.union_id).order_by("-version").first()
        )
        if text is None:
            messages.warning(request, _("The union has no consent text yet: add one first."))
            return redirect("members:privacy_consent_text_add")
        url = reverse("members:privacy_consent_text_print", kwargs={"pk": text.pk})
        return redirect(f"{url}?member={self.member.pk}")


# --- a person's consent -----------------------------------------------------------------------


class MemberConsentEditView(LoginRequiredMixin, TemplateView):
    """Legal basis and consent of one person: the union's staff, or an officer of one of the
    person's societies."""

    template_name = "members/privacy/member_consent_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_use_society_pages(request.user):
            raise PermissionDenied
        self.member = get_object_or_404(
            permissions.scope_members(request.user, Member.objects.select_related("union")),
            pk=kwargs["pk"],
        )
        societies = self.member.memberships.values_list("society_id", flat=True)
        if not permissions.can_edit_member_consent(request.user, self.member, societies):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MemberConsentForm(instance=self.member))
        context["member"] = self.member
        return context

    def post(self, request, pk):
        form = MemberConsentForm(request.POST, instance=Member.objects.get(pk=self.member.pk))
        if form.is_valid():
            try:
                consent.member_consent_update(
                    member=self.member,
                    data={name: form.cleaned_data[name] for name in consent.CONSENT_FIELDS},
                    user=request.user,
                    version=form.version,
                )
            except StaleVersion as error:
                form.refuse_stale(error)
            else:
                messages.success(
                    request,
                    _("The consent of %(name)s has been saved.") % {"name": self.member.full_name},
                )
                return redirect("members:member_detail", pk=self.member.pk)
        messages.error(request, _("The changes were not saved. Please correct the errors."))
        return self.render_to_response(self.get_context_data(form=form))


# --- who looked -------------------------------------------------------------------------------


class MemberAccessLogView(StaffMemberMixin, TemplateView):
    template_name = "members/privacy/access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(access_log.member_access_log(self.member), LOG_PAGE_SIZE)
        context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        context["member"] = self.member
        return context


# --- "see my data" ----------------------------------------------------------------------------


class SubjectExportView(StaffMemberMixin, View):
    """The person's data in one click, as a PDF or an XLSX; always logged."""

    def get(self, request, pk, fmt):
        if fmt not in ("pdf", "xlsx"):
            raise Http404
        member = self.member
        access_log.log_subject_export(request=request, member=member, fmt=fmt)
        if fmt == "pdf":
            body, content_type = subject_export.subject_pdf(member), "application/pdf"
        else:
            body, content_type = subject_export.subject_xlsx(member), XLSX_CONTENT_TYPE
        response = HttpResponse(body, content_type=content_type)
        code = member.member_code or str(member.pk)
        response["Content-Disposition"] = content_disposition(f"du-lieu-ca-nhan-{code}.{fmt}")
        response["Cache-Control"] = "private, no-store"
        return response


# --- requests ---------------------------------------------------------------------------------


class RequestViewerMixin(LoginRequiredMixin):
    """Staff (who answer) and leadership (read only); everyone else 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_view_data_requests(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped_requests(self):
        return permissions.scope_data_requests(
            self.request.user, DataSubjectRequest.objects.select_related("member", "union")
        )


class RequestListView(RequestViewerMixin, ListView):
    template_name = "members/privacy/request_list.html"
    context_object_name = "data_requests"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.status = self.request.GET.get("status", "open")
        self.q = self.request.GET.get("q", "").strip()
        qs = self.scoped_requests()
        if fold(self.q):
            qs = qs.filter(member__search_text__contains=fold(self.q))
        if self.status in RequestStatus.values:
            qs = qs.filter(status=self.status)
        else:
            self.status = "all"
        # Open ones by due date (overdue first), then the rest, latest first.
        return qs.order_by("status", "due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for item in context["data_requests"]:
            item.days_left = requests.days_left(item, today)
            item.overdue_by = -item.days_left
        context["status"] = self.status
        context["q"] = self.q
        context["query_string"] = _query_string(self.request)
        context["can_manage"] = permissions.can_manage_consent_texts(self.request.user)
        context["statuses"] = [("all", _("all")), *RequestStatus.choices]
        return context


class RequestDetailView(RequestViewerMixin, TemplateView):
    template_name = "members/privacy/request_detail.html"

    @cached_property
    def data_request(self) -> DataSubjectRequest:
        return get_object_or_404(self.scoped_requests(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.data_request
        item.days_left = requests.days_left(item)
        item.overdue_by = -item.days_left
        context["item"] = item
        context["can_answer"] = (
            permissions.can_manage_personal_data(self.request.user, item.union_id)
            and item.status == RequestStatus.OPEN
        )
        context["can_export"] = item.member_id and permissions.can_manage_personal_data(
            self.request.user, item.union_id
        )
        context["deadline_days"] = requests.deadline_days(item.kind)
        return context


class RequestAddView(StaffMemberMixin, FormView):
    template_name = "members/privacy/request_form.html"
    form_class = DataSubjectRequestForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "member": self.member}

    def form_valid(self, form):
        item = requests.request_record(
            member=self.member, user=self.request.user, **form.cleaned_data
        )
        messages.success(
            self.request,
            _("The request has been recorded; it is due on %(due)s.")
            % {"due": item.due_on.strftime("%d/%m/%Y")},
        )
        return redirect("members:privacy_request_detail", pk=item.pk)


class RequestAnswerView(StaffOnlyMixin, TemplateView):
    """Answer or refuse a request, on a page that says what answering does."""

    template_name = "members/privacy/request_answer.html"

    @cached_property
    def data_request(self) -> DataSubjectRequest:
        item = get_object_or_404(
            DataSubjectRequest.objects.select_related("member", "union"), pk=self.kwargs["pk"]
        )
        if not permissions.can_manage_personal_data(self.request.user, item.union_id):
            raise Http404
        return item

    def get(self, request, *args, **kwargs):
        if self.data_request.status != RequestStatus.OPEN:
            return self.closed()
        return super().get(request, *args, **kwargs)

    def closed(self):
        messages.warning(self.request, _("This request has already been answered."))
        return redirect("members:privacy_request_detail", pk=self.data_request.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form",
            RequestAnswerForm(instance=self.data_request),
        )
        context["item"] = self.data_request
        return context

    def post(self, request, *args, **kwargs):
        item = self.data_request
        if item.status != RequestStatus.OPEN:
            return self.closed()
        form = RequestAnswerForm(
            request.POST,
            instance=DataSubjectRequest.objects.get(pk=item.pk),
        )
        if form.is_valid():
            refuse = form.cleaned_data["outcome"] == "refuse"
            erase = item.kind == RequestKind.ERASE and not refuse and item.member_id
            try:
                answered = requests.request_answer(
                    request=item,
                    answer=form.cleaned_data["answer"],
                    refuse=refuse,
                    user=request.user,
                    version=form.version,
                    erase=member_anonymise if erase else None,
                )
            except StaleVersion as error:
                form.refuse_stale(error)
            except requests.RequestClosed:
                return self.closed()
            else:
                messages.success(
                    request,
                    _("The request has been refused.")
                    if answered.status == RequestStatus.REFUSED
                    else _("The request has been answered."),
                )
                return redirect("members:privacy_request_detail", pk=item.pk)
        messages.error(request, _("The answer was not saved. Please correct the errors."))
        return self.render_to_response(self.get_context_data(form=form))
