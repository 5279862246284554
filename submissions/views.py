"""Pages of the reporting rounds.

In order: anonymous → login; a role with no business here (expert, judge; officers on the
rounds' pages) → 403; a record outside the user's scope → 404; an action the user may only look
at → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.forms import add_union_choice
from associations.selectors import current_term
from core.concurrency import apply_errors
from core.reminders import reminders_for

from . import selectors, services
from .forms import NarrativeForm, ReturnForm, RoundEditForm, RoundOpenForm
from .models import OPEN_FOR_SOCIETY, Round, Submission, SubmissionStatus
from .reminders import submission_remind


class RoundsPortalMixin(LoginRequiredMixin):
    """Staff and leadership (the rounds' pages); `staff_only` for the writes."""

    staff_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_rounds(request.user):
            raise PermissionDenied
        if self.staff_only and not permissions.may_open_rounds(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self):
        return timezone.localdate()


class RoundMixin(RoundsPortalMixin):
    manage = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_rounds(request.user):
            raise PermissionDenied
        self.round = get_object_or_404(
            permissions.scope_rounds(request.user, Round.objects.select_related("union")),
            pk=kwargs["pk"],
        )
        self.can_manage = permissions.can_manage_round(request.user, self.round)
        if self.manage and not self.can_manage:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        context["can_manage"] = self.can_manage
        return context


class RoundListView(RoundsPortalMixin, ListView):
    template_name = "submissions/round_list.html"
    context_object_name = "rounds"
    paginate_by = 30

    def get_queryset(self):
        qs = permissions.scope_rounds(self.request.user, Round.objects.select_related("union"))
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(title__icontains=q)
        return selectors.rounds_with_counts(rounds=qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_open"] = permissions.may_open_rounds(self.request.user)
        context["q"] = self.request.GET.get("q", "")
        context["today"] = self.today
        return context


class RoundOpenView(RoundsPortalMixin, FormView):
    staff_only = True
    template_name = "submissions/round_form.html"
    form_class = RoundOpenForm

    def get_initial(self):
        year = self.today.year
        return {"year": year, "title": _("Report of the year %(year)s") % {"year": year}}

    def get_form(self, form_class=None):
        return add_union_choice(super().get_form(form_class), self.request.user)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        union = data.pop("union")
        try:
            round_ = services.round_open(union=union, data=data, user=self.request.user)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The round “%(title)s” is open: %(count)s societies were asked to report.")
            % {"title": round_.title, "count": round_.submissions.count()},
        )
        return redirect("submissions:round_detail", pk=round_.pk)


class RoundDetailView(RoundMixin, TemplateView):
    """The status board."""

    template_name = "submissions/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["board"] = selectors.round_board(round_=self.round, today=self.today)
        context["today"] = self.today
        return context


class RoundEditView(RoundMixin, FormView):
    manage = True
    template_name = "submissions/round_edit.html"
    form_class = RoundEditForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.round}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in RoundEditForm.Meta.fields}
        try:
            services.round_update(
                round_=self.round, data=data, version=form.version, user=self.request.user
            )
        except ValidationError as error:  # a stale version too (StaleVersion)
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The round has been saved."))
        return redirect("submissions:round_detail", pk=self.round.pk)


class ScorecardView(RoundsPortalMixin, TemplateView):
    template_name = "submissions/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        union_id = permissions.access_for(self.request.user).home_union_id
        term = current_term(union_id=union_id, on=self.today) if union_id else None
        context["term"] = term
        context["scorecard"] = selectors.term_scorecard(
            union_id=union_id, term=term, today=self.today
        )
        return context


# --- the society's side ---------------------------------------------------------------------


class SubmissionsPortalMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_submissions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self):
        return timezone.localdate()


class MySubmissionsView(SubmissionsPortalMixin, ListView):
    """An officer's submissions, every round, newest first."""

    template_name = "submissions/my_submissions.html"
    context_object_name = "submissions"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not permissions.access_for(user).is_officer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.society_submissions(
            submissions=Submission.objects.filter(
                society_id__in=permissions.access_for(self.request.user).officer_societies
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = self.today
        return context


class SubmissionMixin(SubmissionsPortalMixin):
    """Loads `self.submission` through the scoped queryset; `need` says what the page takes:
    "view", "fill" (the society's officers, staff) or "manage" (the union's staff)."""

    need = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_submissions(request.user):
            raise PermissionDenied
        self.submission = get_object_or_404(
            permissions.scope_submissions(
                request.user, Submission.objects.select_related("round", "round__union", "society")
            ),
            pk=kwargs["pk"],
        )
        self.can_fill = permissions.can_fill_submission(request.user, self.submission)
        self.can_manage = permissions.can_manage_round(request.user, self.submission.round)
        if (self.need == "fill" and not self.can_fill) or (
            self.need == "manage" and not self.can_manage
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.submission
        context.update(
            submission=submission,
            round=submission.round,
            can_fill=self.can_fill,
            can_manage=self.can_manage,
            open_for_society=submission.status in OPEN_FOR_SOCIETY,
            late=submission.is_late(self.today),
        )
        return context

    def back(self):
        return redirect("submissions:submission_detail", pk=self.submission.pk)


class SubmissionDetailView(SubmissionMixin, TemplateView):
    template_name = "submissions/submission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counted"] = selectors.submission_with_counts(submission_id=self.submission.pk)
        context["reminders"] = reminders_for(selectors.reminder_prefix(self.submission))
        context["transitions"] = list(
            self.submission.transitions.select_related("by").order_by("at", "id")
        )
        return context


class SubmissionEditView(SubmissionMixin, FormView):
    need = "fill"
    template_name = "submissions/submission_form.html"
    form_class = NarrativeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.submission}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in NarrativeForm.Meta.fields}
        try:
            services.submission_save_narrative(
                submission=self.submission, data=data, version=form.version, user=self.request.user
            )
        except ValidationError as error:  # a stale version too (StaleVersion)
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The report has been saved."))
        return self.back()


class SubmissionTransitionView(SubmissionMixin, FormView):
    """A confirmation page, then the move (submit, return with a comment, accept)."""

    template_name = "submissions/submission_transition.html"
    to: str = ""

    def get_form_class(self):
        return ReturnForm if self.to == SubmissionStatus.RETURNED else _EmptyForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources, _who = services.TRANSITIONS[self.to]
        context["target"] = SubmissionStatus(self.to)
        context["allowed"] = self.submission.status in sources
        context["action"] = self.action
        return context

    def form_valid(self, form):
        try:
            services.submission_transition(
                submission=self.submission,
                to=self.to,
                user=self.request.user,
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.back()
        messages.success(
            self.request,
            _("The report of %(society)s is now “%(status)s”.")
            % {"society": self.submission.society.name, "status": SubmissionStatus(self.to).label},
        )
        return self.back()


class _EmptyForm(ReturnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["comment"]


class SubmissionSubmitView(SubmissionTransitionView):
    need = "fill"
    to = SubmissionStatus.SUBMITTED
    action = "submit"


class SubmissionReturnView(SubmissionTransitionView):
    need = "manage"
    to = SubmissionStatus.RETURNED
    action = "return"


class SubmissionAcceptView(SubmissionTransitionView):
    need = "manage"
    to = SubmissionStatus.ACCEPTED
    action = "accept"


class SubmissionRemindView(SubmissionMixin, TemplateView):
    need = "manage"
    template_name = "submissions/submission_remind.html"

    def post(self, request, *args, **kwargs):
        if self.submission.handed_in:
            messages.error(request, _("The report has been handed in: there is nothing to remind."))
        elif submission_remind(submission=self.submission, user=request.user):
            messages.success(request, _("The reminder has been sent to the society's officers."))
        else:
            messages.error(
                request,
                _("No reminder was sent: the society has no officer with an e-mail address."),
            )
        return self.back()
