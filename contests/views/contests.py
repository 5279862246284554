"""Contests: the list, a contest's page, creating and editing, moving its status on, results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.forms import add_union_choice
from core.concurrency import StaleVersion

from .. import selectors, services
from ..forms import ContestForm
from ..models import Contest, ContestKind, ContestStatus, Level
from .base import ContestMixin, ContestsPortalMixin


class ContestListView(ContestsPortalMixin, ListView):
    template_name = "contests/contest_list.html"
    context_object_name = "contests"
    paginate_by = 50

    def get_queryset(self):
        qs = permissions.scope_contests(self.request.user, Contest.objects.all())
        get = self.request.GET
        self.q = get.get("q", "").strip()
        self.filters = {
            "kind": get.get("kind", "") if get.get("kind") in ContestKind.values else "",
            "status": get.get("status", "") if get.get("status") in ContestStatus.values else "",
            "year": get.get("year", "") if get.get("year", "").isdigit() else "",
        }
        if self.q:
            qs = qs.filter(name__icontains=self.q)
        for name, value in self.filters.items():
            if value:
                qs = qs.filter(**{name: value})
        return (
            qs.select_related("union")
            .annotate(entry_count=Count("entries"))
            .order_by("-year", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["filters"] = self.filters
        context["kinds"] = ContestKind.choices
        context["statuses"] = ContestStatus.choices
        context["can_add"] = permissions.can_manage_contests(self.request.user)
        return context


class ContestDetailView(ContestMixin, TemplateView):
    template_name = "contests/contest_detail.html"
    contest_url_kwarg = "pk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = permissions.scope_society_records(self.request.user, self.contest.entries.all())
        context["criteria"] = self.contest.criteria.all()
        context["entry_count"] = entries.count()
        context["window_errors"] = services.entry_window_errors(
            contest=self.contest, today=self.today
        )
        context["may_submit"] = not context["window_errors"] and (
            self.can_manage or bool(permissions.access_for(self.request.user).officer_societies)
        )
        target = next(
            (to for to, source in services.TRANSITIONS.items() if source == self.contest.status),
            None,
        )
        context["next_status"] = target and ContestStatus(target)
        return context


class ContestFormMixin:
    form_class = ContestForm
    template_name = "contests/contest_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            contest = self.save(data, form)
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The contest “%(name)s” has been saved.") % {"name": contest.name}
        )
        return redirect("contests:contest_detail", pk=contest.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The contest was not saved. Please correct the errors."))
        return super().form_invalid(form)


class ContestCreateView(ContestsPortalMixin, ContestFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_manage_contests(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return add_union_choice(super().get_form(form_class), self.request.user)

    def save(self, data, form):
        return services.contest_create(
            union_id=form.cleaned_data["union"].pk, data=data, user=self.request.user
        )


class ContestUpdateView(ContestMixin, ContestFormMixin, FormView):
    contest_url_kwarg = "pk"
    manage = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.contest}

    def save(self, data, form):
        return services.contest_update(
            contest=self.contest, data=data, version=form.version, user=self.request.user
        )


class ContestTransitionView(ContestMixin, TemplateView):
    """A confirmation page, then the move (draft → open → judging → closed)."""

    template_name = "contests/contest_transition.html"
    contest_url_kwarg = "pk"
    manage = True

    def dispatch(self, request, *args, **kwargs):
        if kwargs["to"] not in services.TRANSITIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target"] = ContestStatus(self.kwargs["to"])
        context["allowed"] = services.TRANSITIONS[self.kwargs["to"]] == self.contest.status
        return context

    def post(self, request, *args, **kwargs):
        try:
            contest = services.contest_transition(
                contest=self.contest, to=self.kwargs["to"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The contest is now “%(status)s”.") % {"status": contest.get_status_display()},
            )
        return redirect("contests:contest_detail", pk=self.contest.pk)


class ContestResultsView(ContestMixin, TemplateView):
    template_name = "contests/contest_results.html"
    contest_url_kwarg = "pk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        awards = selectors.contest_results(contest=self.contest)
        for award in awards:
            award.authors_text = selectors.entry_authors_text(award.entry)
        context["awards"] = awards
        return context


class HonourRollView(ContestsPortalMixin, TemplateView):
    """The union's award-winning entries across the years, filtered by level and year."""

    template_name = "contests/honour_roll.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from ..models import Award

        get = self.request.GET
        level = get.get("level", "") if get.get("level") in Level.values else ""
        year = int(get["year"]) if get.get("year", "").isdigit() else None
        scoped = Award.objects.filter(
            entry__contest__in=permissions.scope_contests(self.request.user, Contest.objects.all())
        )
        page = Paginator(selectors.honour_roll(awards=scoped, level=level, year=year), 50)
        context["page_obj"] = page_obj = page.get_page(get.get("page"))
        context["paginator"] = page
        awards = list(page_obj.object_list)
        for award in awards:
            award.authors_text = selectors.entry_authors_text(award.entry)
        years = {}
        for award in awards:
            years.setdefault(award.year, []).append(award)
        context["years"] = sorted(years.items(), reverse=True)
        context["award_count"] = page.count
        context["level"] = level
        context["year"] = year or ""
        context["levels"] = Level.choices
        return context
