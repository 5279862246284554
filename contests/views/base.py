"""What every contests page starts with: who may come in, and the contest in the user's scope.

In order: anonymous → login; a user with no contests role (expert, judge) → 403; a record
outside the user's scope → 404; an action the user may only look at → 403.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from associations import permissions

from ..models import Contest


def query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class ContestsPortalMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_contest_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "contests"
        context["query_string"] = query_string(self.request)
        return context


class ContestMixin(ContestsPortalMixin):
    """Loads `self.contest` from the URL through the scoped queryset."""

    contest_url_kwarg = "contest_pk"
    manage = False  # staff of the contest's union only

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_contest_pages(request.user):
            raise PermissionDenied
        self.contest = get_object_or_404(
            permissions.scope_contests(request.user, Contest.objects.select_related("union")),
            pk=kwargs[self.contest_url_kwarg],
        )
        self.can_manage = permissions.can_manage_contests(request.user, self.contest.union_id)
        if self.manage and not self.can_manage:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self):
        from django.utils import timezone

        return timezone.localdate()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contest"] = self.contest
        context["can_manage"] = self.can_manage
        return context
