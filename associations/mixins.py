"""View mixins shared by the society portal pages (members, activities, commendations)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from . import permissions
from .models import Society


def may_use_society_pages(user) -> bool:
    """Staff and leadership (their unions) and society officers (their societies)."""
    return permissions.can_view_registry(user) or permissions.access_for(user).is_officer


class SocietyPortalMixin(LoginRequiredMixin):
    """Loads `self.society` from the URL through the scoped queryset.

    In order: anonymous → login; a user with no society role (expert, judge) → 403; a society
    outside the user's scope → 404; an editing view (`edit = True`) the user may only look at
    (leadership, staff of a parent union) → 403.
    """

    edit = False
    society_url_kwarg = "society_pk"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_use_society_pages(request.user):
            raise PermissionDenied
        self.society = get_object_or_404(
            permissions.scope_societies(request.user, Society.objects.select_related("union")),
            pk=kwargs[self.society_url_kwarg],
        )
        self.can_edit = permissions.can_edit_society_records(request.user, self.society)
        if self.edit and not self.can_edit:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["society"] = self.society
        context["can_edit"] = self.can_edit
        return context
