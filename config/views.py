"""The project's own pages: each role's home dashboard (the health URLs are in health.py).

The dashboard draws on several apps (it shows societies and members, contests and
consultations), so it lives here, in the layer that wires the apps together, rather than in one
of the apps it reads from.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from associations import permissions
from associations.models import Society, Union
from associations.selectors import (
    current_term,
    societies_with_member_counts,
    society_block_counts,
)
from consultations import selectors as consultation_selectors
from consultations.models import ConsultationTask
from core.replica import ReplicaReadMixin
from members.selectors import membership_counts
from submissions.models import OPEN_FOR_SOCIETY, Submission


class HomeView(ReplicaReadMixin, LoginRequiredMixin, TemplateView):
    """Each role's dashboard, with live counts."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        today = timezone.localdate()
        union_id = access.home_union_id
        if access.viewable_unions and union_id:
            context["union"] = Union.objects.get(pk=union_id)
            term = current_term(union_id=union_id, on=today)
            context["term"] = term
            context["blocks"] = society_block_counts(union_ids=[union_id], on=today)
            dates = {"now": today}
            if term:
                dates["start"] = term.starts_on
            context["members"] = membership_counts(union_ids=[union_id], dates=dates)
        context["can_see_dashboard"] = permissions.may_use_dashboard(self.request.user)
        if union_id and union_id in access.staff_unions:
            context["today"] = today
            context["consultations"] = consultation_selectors.dashboard(
                union_id=union_id, today=today
            )
        if access.is_expert:
            context["my_consultations"] = list(
                consultation_selectors.expert_task_list(
                    tasks=permissions.scope_expert_tasks(
                        self.request.user,
                        ConsultationTask.objects.exclude(
                            status__in=consultation_selectors.FINISHED
                        ),
                    ),
                    user=self.request.user,
                    today=today,
                )[:10]
            )
        if access.is_officer:
            # Reports the officer's societies still owe (open for them: not handed in).
            context["my_open_submissions"] = list(
                Submission.objects.filter(
                    society_id__in=access.officer_societies, status__in=OPEN_FOR_SOCIETY
                )
                .select_related("round", "society")
                .order_by("round__deadline", "society__sort_name", "id")[:10]
            )
            context["today"] = today
            context["my_societies"] = societies_with_member_counts(
                societies=permissions.scope_officer_societies(
                    self.request.user, Society.objects.all()
                ),
                on=today,
            ).order_by("sort_name")
        return context
