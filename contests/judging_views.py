"""The judging pages: a judge's sheets (blind), and staff's assignment, conflicts and scores."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import FormView, TemplateView, View

from associations import permissions
from associations.models import RoleKind
from core.concurrency import StaleVersion, apply_errors
from core.http import content_disposition
from core.text import fold

from . import judging_exports, judging_selectors, judging_services
from .judging_forms import (
    AssignmentAddForm,
    AutoAssignForm,
    ConflictDeclareForm,
    ConflictRecordForm,
    ReasonForm,
    ScoreSheetForm,
)
from .models import Contest, ContestStatus, JudgeAssignment, JudgeConflict

# --- the judge's pages --------------------------------------------------------------------------


class JudgeMixin(LoginRequiredMixin):
    """Judges only (403 for other roles); a sheet outside the judge's own is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_judge(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def own_assignments(self):
        return permissions.scope_own_judge_assignments(
            self.request.user, JudgeAssignment.objects.all()
        )

    @cached_property
    def assignment(self) -> JudgeAssignment:
        return get_object_or_404(
            self.own_assignments().select_related("contest"), pk=self.kwargs["pk"]
        )


class MyEntriesView(JudgeMixin, TemplateView):
    """The entries a judge has to score, by code."""

    template_name = "contests/judging/my_entries.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sheets": judging_selectors.judge_assignments(assignments=self.own_assignments()),
        }


class SheetView(JudgeMixin, FormView):
    """One entry's score sheet: the entry by code (no authors, unit or society), a score and a
    comment per criterion; save a draft or submit. After submitting, the mean of the submitted
    sheets is shown, without names."""

    template_name = "contests/judging/sheet.html"
    form_class = ScoreSheetForm

    @cached_property
    def criteria(self):
        return list(self.assignment.contest.criteria.order_by("order", "id"))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        scores = judging_selectors.sheet_scores(assignment_id=self.assignment.pk)
        kwargs["initial"] = {
            **{f"score_{pk}": row["value"] for pk, row in scores.items()},
            **{f"comment_{pk}": row["comment"] for pk, row in scores.items()},
        }
        return {
            **kwargs,
            "criteria": self.criteria,
            "version": judging_selectors.sheet_version(assignment_id=self.assignment.pk),
        }

    def get_context_data(self, **kwargs):
        assignment = self.assignment
        submitted = assignment.submitted_at is not None
        context = {
            **super().get_context_data(**kwargs),
            "assignment": assignment,
            "contest": assignment.contest,
            "entry": judging_selectors.blind_entry(entry_id=assignment.entry_id),
            "submitted": submitted,
            "editable": not submitted and assignment.contest.status == ContestStatus.JUDGING,
        }
        if submitted:
            context["scores"] = judging_selectors.sheet_scores(assignment_id=assignment.pk)
            context["score_rows"] = [
                (criterion, context["scores"].get(criterion.pk)) for criterion in self.criteria
            ]
            context["entry_mean"] = judging_selectors.entry_mean_after_submission(
                assignment=assignment, criteria=self.criteria
            )
        return context

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            judging_services.sheet_save(
                assignment=self.assignment,
                scores=form.scores(),
                submit=submit,
                version=form.version,
            )
        except StaleVersion as error:
            form.refuse_stale(error.messages[0], error.current)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Your score sheet has been submitted."))
        else:
            messages.success(self.request, _("Your draft scores have been saved."))
        return redirect("contests:judging_sheet", pk=self.assignment.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The sheet was not saved. Please correct the errors."))
        return super().form_invalid(form)


class ConflictDeclareView(JudgeMixin, FormView):
    """A judge declares a conflict of interest with an assigned entry (confirmation page)."""

    template_name = "contests/judging/conflict_declare.html"
    form_class = ConflictDeclareForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "assignment": self.assignment,
            "entry": judging_selectors.blind_entry(entry_id=self.assignment.entry_id),
        }

    def form_valid(self, form):
        try:
            judging_services.conflict_declare(
                assignment=self.assignment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your conflict of interest is recorded; the entry will be given to another judge."),
        )
        return redirect("contests:judging_my_entries")


# --- staff's pages ------------------------------------------------------------------------------


class ContestJudgingMixin(LoginRequiredMixin):
    """A contest's judging pages: its union's staff (`manage`) or staff and leadership (view).

    Anonymous → login; a role with no business here (officer, expert, judge) → 403; another
    union's contest → 404; leadership on a page that changes things → 403.
    """

    manage = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        access = permissions.access_for(request.user)
        if not (access.is_staff or access.is_leadership):
            raise PermissionDenied
        self.load(**kwargs)
        allowed = (
            permissions.can_manage_judging(request.user, self.contest)
            if self.manage
            else permissions.can_view_scores(request.user, self.contest)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        self.contest = get_object_or_404(
            permissions.scope_judging_contests(self.request.user, Contest.objects.all()),
            pk=kwargs["contest_pk"],
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "contest": self.contest,
            "judging": self.contest.status == ContestStatus.JUDGING,
            "can_manage": permissions.can_manage_judging(self.request.user, self.contest),
        }

    def back(self):
        return redirect("contests:judging_assignments", contest_pk=self.contest.pk)


class AssignmentMixin(ContestJudgingMixin):
    """Pages about one assignment (remove, reopen): the contest is the assignment's."""

    def load(self, **kwargs) -> None:
        self.assignment = get_object_or_404(
            permissions.scope_judging_assignments(
                self.request.user,
                JudgeAssignment.objects.select_related("contest", "entry", "judge"),
            ),
            pk=kwargs["pk"],
        )
        self.contest = self.assignment.contest

    def get_context_data(self, **kwargs):
        entry = self.assignment.entry
        return {
            **super().get_context_data(**kwargs),
            "assignment": self.assignment,
            "entry_label": judging_selectors.entry_label(code=entry.code, pk=entry.pk),
        }


def _judges_queryset(union_id: int):
    return (
        get_user_model()
        .objects.filter(roles__union_id=union_id, roles__kind=RoleKind.JUDGE, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


class AssignmentsView(ContestJudgingMixin, TemplateView):
    """Who scores what: entries with their judges, each judge's load."""

    template_name = "contests/judging/assignments.html"

    paginate_by = 100

    def get_context_data(self, **kwargs):
        overview = judging_selectors.assignment_overview(contest=self.contest)
        query = self.request.GET.get("q", "").strip()
        entries = overview["entries"]
        if query:
            wanted = fold(query)
            entries = [
                entry
                for entry in entries
                if wanted in fold(f"{entry['code']} {entry['title']} {entry['society']}")
            ]
        page = Paginator(entries, self.paginate_by).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "overview": overview,
            "page_obj": page,
            "entries": page.object_list,
            "q": query,
            "query_string": urlencode({"q": query}) if query else "",
        }


class AutoAssignView(ContestJudgingMixin, FormView):
    """Automatic assignment, after a confirmation page; the reason is shown when it can't."""

    template_name = "contests/judging/assign_auto.html"
    form_class = AutoAssignForm

    def get_initial(self):
        return {"per_entry": self.contest.judges_per_entry}

    def form_valid(self, form):
        try:
            result = judging_services.assignments_auto(
                contest=self.contest, per_entry=form.cleaned_data["per_entry"], by=self.request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
            messages.error(self.request, _("The judges were not assigned."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Judges assigned: %(created)d new sheets, %(removed)d removed, %(kept)d sheets "
                "already scored kept."
            )
            % {"created": result.created, "removed": result.removed, "kept": result.kept},
        )
        return self.back()


class AssignmentAddView(ContestJudgingMixin, FormView):
    template_name = "contests/judging/assign_add.html"
    form_class = AssignmentAddForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "entries": self.contest.entries.order_by("code", "sort_title", "id"),
            "judges": _judges_queryset(self.contest.union_id),
        }

    def form_valid(self, form):
        try:
            judging_services.assignment_create(
                contest=self.contest,
                entry=form.cleaned_data["entry"],
                judge=form.cleaned_data["judge"],
                by=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The judge has been assigned."))
        return self.back()


class AssignmentRemoveView(AssignmentMixin, TemplateView):
    template_name = "contests/judging/assignment_remove.html"

    def post(self, request, *args, **kwargs):
        try:
            judging_services.assignment_delete(assignment=self.assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The sheet has been taken away from the judge."))
        return self.back()


class SheetReopenView(AssignmentMixin, FormView):
    """Staff reopen a submitted sheet, with a reason (recorded)."""

    template_name = "contests/judging/sheet_reopen.html"
    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "reopenings": self.assignment.reopenings.select_related("reopened_by"),
        }

    def form_valid(self, form):
        try:
            judging_services.sheet_reopen(
                assignment=self.assignment,
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The sheet has been reopened for its judge."))
        return redirect("contests:judging_score_sheet", contest_pk=self.contest.pk)


class ConflictsView(ContestJudgingMixin, FormView):
    """Conflicts of interest of a contest; staff record one here."""

    template_name = "contests/judging/conflicts.html"
    form_class = ConflictRecordForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "entries": self.contest.entries.order_by("code", "sort_title", "id"),
            "judges": _judges_queryset(self.contest.union_id),
        }

    def get_context_data(self, **kwargs):
        conflicts = JudgeConflict.objects.filter(contest=self.contest).select_related(
            "judge", "entry"
        )
        return {
            **super().get_context_data(**kwargs),
            "conflicts": [
                {
                    "judge": str(conflict.judge),
                    "entry": judging_selectors.entry_label(
                        code=conflict.entry.code, pk=conflict.entry_id
                    ),
                    "title": conflict.entry.title,
                    "reason": conflict.reason,
                    "declared_at": conflict.declared_at,
                }
                for conflict in conflicts
            ],
        }

    def form_valid(self, form):
        try:
            judging_services.conflict_record(
                contest=self.contest,
                entry=form.cleaned_data["entry"],
                judge=form.cleaned_data["judge"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The conflict of interest has been recorded."))
        return redirect("contests:judging_conflicts", contest_pk=self.contest.pk)


class ScoreSheetView(ContestJudgingMixin, TemplateView):
    """Every judge × criterion × entry, with the rankings (raw and normalised)."""

    manage = False
    template_name = "contests/judging/score_sheet.html"

    def get_context_data(self, **kwargs):
        sheet = judging_selectors.score_sheet(contest=self.contest)
        reopen = reverse("contests:judging_sheet_reopen", kwargs={"pk": 0})
        return {
            **super().get_context_data(**kwargs),
            "sheet": sheet,
            "rows": judging_exports.sheet_display_rows(sheet),
            # Made once rather than on each of the thousands of lines.
            "reopen_prefix": reopen.removesuffix("0/reopen/"),
            "reopen_text": pgettext("judging", "Reopen"),
            "submitted_text": pgettext("judging", "submitted"),
            "unsubmitted_text": pgettext("judging", "not submitted"),
        }


class ScoreSheetExportView(ContestJudgingMixin, View):
    manage = False

    def get(self, request, contest_pk: int, fmt: str):
        if fmt not in ("xlsx", "csv"):
            raise Http404
        sheet = judging_selectors.score_sheet(contest=self.contest)
        body, content_type = judging_exports.score_sheet_file(sheet, fmt=fmt)
        response = HttpResponse(body, content_type=content_type)
        filename = _("Score sheet %(contest)s.%(fmt)s") % {"contest": self.contest, "fmt": fmt}
        response["Content-Disposition"] = content_disposition(filename)
        response["Cache-Control"] = "private, no-store"
        return response
