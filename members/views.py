from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.mixins import SocietyPortalMixin, may_use_society_pages
from associations.models import Society
from core.concurrency import StaleVersion
from core.http import content_disposition
from core.text import fold

from . import commendation_services, exports, services
from .committee_selectors import society_commendations
from .filters import MemberDirectoryFilter
from .forms import (
    MemberAddForm,
    MemberForm,
    MembershipForm,
    MembershipLeaveForm,
    SocietyCommendationForm,
)
from .history import member_history
from .models import Gender, Member, Membership, Qualification
from .selectors import VersionedReads, with_active_memberships

PAGE_SIZE = 50


def _query_string(request, drop=("page",)) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


# --- directory (staff and leadership) -----------------------------------------------------------


class DirectoryMixin(LoginRequiredMixin):
    """Members of whole unions: staff and leadership only; everyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_registry(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def reads(self) -> VersionedReads:
        return VersionedReads()

    @cached_property
    def filterset(self) -> MemberDirectoryFilter:
        user, today = self.request.user, timezone.localdate()
        societies = permissions.scope_societies(user, Society.objects.all())
        rows = self.reads.values_list(
            societies.order_by("union__sort_name", "sort_name").values_list(
                "id", "name", "union__name"
            )
        )
        if len({union for _pk, _name, union in rows}) > 1:
            choices = [(str(pk), f"{name} · {union}") for pk, name, union in rows]
        else:
            choices = [(str(pk), name) for pk, name, _union in rows]
        data = self.request.GET.copy()
        if not data.get("active_on"):
            data["active_on"] = today.isoformat()
        return MemberDirectoryFilter(
            data,
            permissions.scope_members(user, Member.objects.all()),
            society_choices=choices,
            today=today,
            request=self.request,
        )

    def members(self):
        return with_active_memberships(members=self.filterset.qs, on=self.filterset.day)


class CachedCountPaginator(Paginator):
    """The total comes from VersionedReads: from the cache while the data is unchanged."""

    def __init__(self, object_list, per_page, *, reads: VersionedReads, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.reads = reads

    @cached_property
    def count(self) -> int:
        return self.reads.count(self.object_list)


_ID_PLACEHOLDER = 987654321


def directory_row_items(rows: list[tuple]) -> list[dict]:
    """The rows of selectors.directory_rows as the directory template shows them.

    Prepared here rather than by template tags and filters: on the benchmark data, rendering
    50 rows took 10-17 ms with a {% url %} per society and a filter per cell, about 5 ms with
    plain variables (a directory page: about 45 ms). Choice labels come from dicts made once,
    "—" stands for what is not given, society links come from one reversed URL.
    """
    dash = "—"
    genders = dict(Gender.choices)
    qualifications = dict(Qualification.choices)
    url = reverse("society_detail", args=[_ID_PLACEHOLDER])
    member_url = reverse("members:member_detail", args=[_ID_PLACEHOLDER])
    return [
        {
            "name": name,
            "url": member_url.replace(str(_ID_PLACEHOLDER), str(pk), 1),
            "code": code or dash,
            "gender": genders.get(gender, gender) or dash,
            "birth_year": dash if birth_year is None else birth_year,
            "qualification": qualifications.get(qualification, qualification) or dash,
            "field": field or dash,
            "workplace": workplace or dash,
            "societies": [
                (url.replace(str(_ID_PLACEHOLDER), str(society_pk), 1), society)
                for society_pk, society in societies
            ],
        }
        for pk, name, code, gender, birth_year, qualification, field, workplace, societies in rows
    ]


class MemberDirectoryView(DirectoryMixin, ListView):
    template_name = "members/directory.html"
    context_object_name = "members"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return self.members()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            reads=self.reads,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["active_on"] = self.filterset.day
        context["query_string"] = _query_string(self.request)
        # The rows are read as plain values; `members` (model instances with their active
        # memberships) stays available, unevaluated, to whoever needs the objects.
        page = context["page_obj"].object_list
        rows = self.reads.directory_rows(
            context["paginator"].object_list,
            low=page.query.low_mark,
            high=page.query.high_mark,
            on=self.filterset.day,
        )
        context["rows"] = directory_row_items(rows)
        return context


class MemberExportView(DirectoryMixin, View):
    """The filtered directory, every page, as XLSX or CSV."""

    def get(self, request, fmt: str):
        if fmt not in ("xlsx", "csv"):
            raise Http404
        active_on = self.filterset.day
        rows = (exports.member_row(m) for m in self.members().iterator(chunk_size=2000))
        header = exports.member_header()
        filename = f"members-{active_on.isoformat()}.{fmt}"
        if fmt == "xlsx":
            body = exports.to_xlsx(header, rows, title=_("Members"))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = exports.to_csv(header, rows)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition(filename)
        response["Cache-Control"] = "private, no-store"
        return response


# --- one society's members (officers, and staff/leadership of its union) -----------------------


class SocietyMemberListView(SocietyPortalMixin, ListView):
    template_name = "members/society_member_list.html"
    context_object_name = "memberships"
    paginate_by = PAGE_SIZE
    statuses = ("all", "active", "former")

    def get_queryset(self):
        qs = permissions.scope_memberships(
            self.request.user, Membership.objects.filter(society=self.society)
        ).select_related("member")
        self.q = self.request.GET.get("q", "").strip()
        if fold(self.q):
            qs = qs.filter(member__search_text__contains=fold(self.q))
        self.status = self.request.GET.get("status", "all")
        if self.status == "active":
            qs = qs.filter(left_on__isnull=True)
        elif self.status == "former":
            qs = qs.filter(left_on__isnull=False)
        else:
            self.status = "all"
        former_last = Case(When(left_on__isnull=True, then=Value(0)), default=Value(1))
        return qs.order_by(former_last, "member__sort_name", "-joined_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["status"] = self.status
        context["query_string"] = _query_string(self.request)
        return context


class SocietyMembershipMixin(SocietyPortalMixin):
    edit = True

    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(
            permissions.scope_memberships(
                self.request.user, Membership.objects.select_related("member")
            ),
            society=self.society,
            pk=self.kwargs["pk"],
        )

    def back_to_list(self):
        return redirect("members:society_members", society_pk=self.society.pk)


class MemberAddView(SocietyPortalMixin, FormView):
    edit = True
    form_class = MemberAddForm
    template_name = "members/member_add.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.society, "user": self.request.user}

    def form_valid(self, form):
        data = {name: form.cleaned_data.get(name) for name in services.MEMBER_FIELDS}
        try:
            membership, reused = services.member_add_to_society(
                society=self.society,
                joined_on=form.cleaned_data["joined_on"],
                member_data=data,
                existing=form.existing_member,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        if reused:
            messages.info(
                self.request,
                _(
                    "%(name)s was already recorded in the union: they were added to this "
                    "society and their recorded details were kept."
                )
                % {"name": membership.member.full_name},
            )
        messages.success(
            self.request,
            _("%(name)s has been added to %(society)s.")
            % {"name": membership.member.full_name, "society": self.society.name},
        )
        return redirect("members:society_members", society_pk=self.society.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The member was not added. Please correct the errors."))
        return super().form_invalid(form)


class MembershipEditView(SocietyMembershipMixin, TemplateView):
    """A person's details and their membership of this society, in one form."""

    template_name = "members/membership_edit.html"

    def forms(self, data=None):
        membership = self.membership
        return (
            MemberForm(data, instance=membership.member, union=self.society.union, prefix="member"),
            MembershipForm(data, instance=membership, prefix="membership"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "member_form" not in kwargs:
            context["member_form"], context["membership_form"] = self.forms()
        context["membership"] = self.membership
        return context

    def post(self, request, *args, **kwargs):
        member_form, membership_form = self.forms(request.POST)
        valid = [member_form.is_valid(), membership_form.is_valid()]  # both show their errors
        if all(valid):
            try:
                services.membership_update(
                    membership=self.membership,
                    member_data=member_form.cleaned_data,
                    membership_data=membership_form.cleaned_data,
                    member_version=member_form.version,
                    membership_version=membership_form.version,
                )
            except StaleVersion as error:
                form = member_form if error.model is Member else membership_form
                form.refuse_stale(error)
            except ValidationError as error:
                membership_form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("The details of %(name)s have been saved.")
                    % {"name": member_form.cleaned_data["full_name"]},
                )
                return self.back_to_list()
        messages.error(request, _("The changes were not saved. Please correct the errors."))
        return self.render_to_response(
            self.get_context_data(member_form=member_form, membership_form=membership_form)
        )


class MembershipLeaveView(SocietyMembershipMixin, FormView):
    """Record a leaving after a confirmation page. Nothing is deleted."""

    form_class = MembershipLeaveForm
    template_name = "members/membership_leave.html"

    def get(self, request, *args, **kwargs):
        if self.membership.left_on is not None:
            return self.already_left()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.membership.left_on is not None:
            return self.already_left()
        return super().post(request, *args, **kwargs)

    def already_left(self):
        messages.warning(
            self.request,
            _("%(name)s already left this society.") % {"name": self.membership.member.full_name},
        )
        return self.back_to_list()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.membership}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "membership": self.membership}

    def form_valid(self, form):
        try:
            services.membership_end(membership=self.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s has been recorded as having left %(society)s.")
            % {"name": self.membership.member.full_name, "society": self.society.name},
        )
        return self.back_to_list()


# --- one person's page ------------------------------------------------------------------------


class MemberDetailView(LoginRequiredMixin, TemplateView):
    """A person: details, memberships and history of changes.

    Staff and leadership see the people of their unions; a society officer sees only people of
    their own societies, and of those only the memberships of their own societies. A user with
    no society role gets 403; a person out of reach, 404.
    """

    template_name = "members/member_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_use_society_pages(request.user):
            raise PermissionDenied
        self.member = get_object_or_404(
            permissions.scope_members(request.user, Member.objects.select_related("union")),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        memberships = list(
            permissions.scope_memberships(user, self.member.memberships.select_related("society"))
            .annotate(former_last=Case(When(left_on__isnull=True, then=Value(0)), default=Value(1)))
            .order_by("former_last", "-joined_on", "society__sort_name", "pk")
        )
        for membership in memberships:
            membership.can_edit = permissions.can_edit_society_records(user, membership.society)
        context["member"] = self.member
        context["memberships"] = memberships
        context["history"] = member_history(member=self.member, memberships=memberships)
        return context


# --- commendations ------------------------------------------------------------------------------


class CommendationListView(SocietyPortalMixin, ListView):
    """The society's commendations; its officers and the union staff may record them."""

    template_name = "members/commendation_list.html"
    context_object_name = "commendations"
    paginate_by = 50

    def get_queryset(self):
        return society_commendations(society=self.society)


class SocietyCommendationMixin(SocietyPortalMixin):
    """Recording a society's commendations: its officers and the union staff (`edit`)."""

    edit = True

    @cached_property
    def commendation(self):
        return get_object_or_404(society_commendations(society=self.society), pk=self.kwargs["pk"])

    def back_to_list(self):
        return redirect("members:commendation_list", society_pk=self.society.pk)


class CommendationFormView(SocietyCommendationMixin, FormView):
    form_class = SocietyCommendationForm
    template_name = "members/commendation_form.html"
    instance = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.society, "instance": self.instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "commendation": self.instance}

    success_message = ""

    def save(self, form, data) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form, form.cleaned_data)
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
        messages.success(self.request, self.success_message)
        return self.back_to_list()

    def form_invalid(self, form):
        messages.error(
            self.request, _("The commendation was not saved. Please correct the errors.")
        )
        return super().form_invalid(form)


class CommendationAddView(CommendationFormView):
    success_message = gettext_lazy("The commendation has been recorded.")

    def save(self, form, data):
        commendation_services.commendation_create(society=self.society, data=data)


class CommendationEditView(CommendationFormView):
    success_message = gettext_lazy("The commendation has been saved.")

    def get_form_kwargs(self):
        self.instance = self.commendation
        return super().get_form_kwargs()

    def save(self, form, data):
        commendation_services.commendation_update(
            society=self.society, commendation=self.commendation, data=data, version=form.version
        )


class CommendationDeleteView(SocietyCommendationMixin, TemplateView):
    """Delete a commendation after a confirmation page."""

    template_name = "members/commendation_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "commendation": self.commendation}

    def post(self, request, *args, **kwargs):
        commendation = self.commendation
        described = str(commendation)
        commendation_services.commendation_delete(society=self.society, commendation=commendation)
        messages.success(
            request, _("The commendation %(name)s has been deleted.") % {"name": described}
        )
        return self.back_to_list()
