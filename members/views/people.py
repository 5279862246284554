"""One person's page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from associations import permissions
from associations.mixins import may_use_society_pages

from ..history import member_history
from ..models import Member
from ..privacy import access_log
from ..privacy.models import DataSubjectRequest

ACCESS_LOG_ON_PAGE = 10

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
            permissions.scope_members(
                request.user,
                Member.objects.select_related("union", "consent_text", "consent_recorded_by"),
            ),
            pk=kwargs["pk"],
        )
        response = super().dispatch(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            access_log.log_member_view(request=request, member=self.member)
        return response

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
        context["can_erase"] = permissions.can_erase_member(user, self.member)
        staff = permissions.can_manage_personal_data(user, self.member.union_id)
        context["privacy_staff"] = staff
        context["can_edit_consent"] = permissions.can_edit_member_consent(
            user, self.member, [membership.society_id for membership in memberships]
        )
        if staff:
            log = list(access_log.member_access_log(self.member)[: ACCESS_LOG_ON_PAGE + 1])
            context["access_log"] = log[:ACCESS_LOG_ON_PAGE]
            context["access_log_more"] = len(log) > ACCESS_LOG_ON_PAGE
            context["data_requests"] = list(
                DataSubjectRequest.objects.filter(member=self.member).order_by(
                    "-received_on", "-pk"
                )
            )
        return context
