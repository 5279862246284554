"""The directory of members across whole unions (staff and leadership), and its export."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from associations import permissions
from associations.models import Society
from core.http import content_disposition
from core.replica import ReplicaReadMixin

from .. import exports
from ..filters import MemberDirectoryFilter
from ..models import Gender, Member, Qualification
from ..privacy import access_log
from ..privacy.consent import consent_q
from ..selectors import VersionedReads, with_active_memberships

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
            "birth_year": dash if birth_year is None else str(birth_year),  # "1975", not "1.975"
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


class MemberDirectoryView(ReplicaReadMixin, DirectoryMixin, ListView):
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
        context["can_review_retention"] = permissions.can_review_retention(self.request.user)
        return context


class MemberExportView(DirectoryMixin, View):
    """The filtered directory, every page, as XLSX or CSV.

    A list of people with their contacts: only people whose data may be processed go in (not
    without consent, withdrawn, restricted or anonymised), and every export is logged with its
    filters, whoever makes it."""

    def get(self, request, fmt: str):
        if fmt not in ("xlsx", "csv"):
            raise Http404
        active_on = self.filterset.day
        access_log.log_export(
            request=request,
            union_ids=permissions.access_for(request.user).viewable_unions,
            detail=f"{fmt}: {access_log.describe_filters(request.GET)}",
        )
        members = self.members().filter(consent_q())
        rows = (exports.member_row(m) for m in members.iterator(chunk_size=2000))
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
