"""Route × role rows of the consultations pages (see tests/route_matrix.py for the contract)."""

from __future__ import annotations

import datetime
import importlib

from associations.accounts import role_assign
from associations.models import RoleKind
from consultations.models import AccessWhat, TaskStatus
from tests.factories import UserFactory
from tests.route_matrix import Row, admin_rows, answers, fixed, named

from .factories import (
    ConsultationPlanFactory,
    ConsultationTaskFactory,
    DocumentAccessFactory,
    ExpertAssignmentFactory,
    OpinionFactory,
    OpinionLetterFactory,
    PlannedTopicFactory,
    RecommendationFactory,
    TaskDocumentFactory,
    TaskTransitionFactory,
)

# Columns: anonymous staff leadership officer expert judge other_staff. Union A's expert is
# assigned to union A's task; union B's task has B's own expert.
LIST = answers("login 200 200 403 403 403 200")  # staff and leadership of any union
MANAGE = answers("login 200 403 403 403 403 200")  # staff of any union
MINE = answers("login 403 403 403 200 403 403")  # experts only
TASK_VIEW = answers("login 200 200 403 200 403 404")
TASK_VIEW_FORGED = answers("login 404 404 403 404 403 200")
TASK_EDIT = answers("login 200 403 403 403 403 404")
TASK_EDIT_FORGED = answers("login 404 404 403 404 403 200")
OPINION = answers("login 403 403 403 200 403 404")
OPINION_FORGED = answers("login 404 404 403 404 403 403")
PLAN_VIEW = answers("login 200 200 403 403 403 404")
PLAN_VIEW_FORGED = answers("login 404 404 403 403 403 200")
PLAN_EDIT = answers("login 200 403 403 403 403 404")
PLAN_EDIT_FORGED = answers("login 404 404 403 403 403 200")
POST_ONLY = answers("login 405 405 403 405 403 404")
POST_ONLY_FORGED = answers("login 404 404 403 404 403 405")


def task_page(name: str, own, forged, **kwargs) -> Row:
    return Row(named(f"consultations:{name}", pk="consultationtask.pk", **kwargs), own, forged)


def plan_page(name: str, own, forged, **kwargs) -> Row:
    return Row(named(f"consultations:{name}", pk="consultationplan.pk", **kwargs), own, forged)


def transition_url(to_status: str):
    def build(records):
        from django.urls import reverse

        return reverse(
            "consultations:task_transition",
            kwargs={"pk": records.consultationtask.pk, "to_status": to_status},
        )

    return build


ASSIGNMENT = {"assignment_pk": "expertassignment.pk"}
RECOMMENDATION = {"rec_pk": "recommendation.pk"}
TOPIC = {"topic_pk": "plannedtopic.pk"}

ROWS: dict = {
    "consultations:task_list": Row(fixed("/consultations/"), LIST),
    "consultations:my_tasks": Row(fixed("/consultations/mine/"), MINE),
    "consultations:task_add": Row(fixed("/consultations/tasks/add/"), MANAGE),
    "consultations:task_detail": task_page("task_detail", TASK_VIEW, TASK_VIEW_FORGED),
    "consultations:task_edit": task_page("task_edit", TASK_EDIT, TASK_EDIT_FORGED),
    # The task is in review: staff may move it to drafting; the others may not (403).
    "consultations:task_transition": Row(
        transition_url(TaskStatus.DRAFTING), TASK_EDIT, TASK_EDIT_FORGED
    ),
    "consultations:assignment_add": task_page("assignment_add", TASK_EDIT, TASK_EDIT_FORGED),
    "consultations:expert_create": task_page("expert_create", TASK_EDIT, TASK_EDIT_FORGED),
    "consultations:assignment_edit": task_page(
        "assignment_edit", TASK_EDIT, TASK_EDIT_FORGED, **ASSIGNMENT
    ),
    "consultations:assignment_remove": task_page(
        "assignment_remove", TASK_EDIT, TASK_EDIT_FORGED, **ASSIGNMENT
    ),
    "consultations:opinion_edit": task_page("opinion_edit", OPINION, OPINION_FORGED),
    # The factory's opinion has no file: those who may see it get 404 too.
    "consultations:opinion_file": task_page(
        "opinion_file",
        answers("login 404 404 403 404 403 404"),
        answers("login 404 404 403 404 403 404"),
        **ASSIGNMENT,
    ),
    "consultations:document_add": task_page("document_add", TASK_EDIT, TASK_EDIT_FORGED),
    "consultations:document_download": Row(
        named("consultations:document_download", pk="taskdocument.pk"),
        TASK_VIEW,
        TASK_VIEW_FORGED,
    ),
    "consultations:recommendation_add": task_page(
        "recommendation_add", TASK_EDIT, TASK_EDIT_FORGED
    ),
    "consultations:recommendation_edit": task_page(
        "recommendation_edit", TASK_EDIT, TASK_EDIT_FORGED, **RECOMMENDATION
    ),
    "consultations:recommendation_move": task_page(
        "recommendation_move",
        answers("login 405 403 403 403 403 404"),
        answers("login 404 404 403 404 403 405"),
        **RECOMMENDATION,
    ),
    "consultations:recommendation_delete": task_page(
        "recommendation_delete", TASK_EDIT, TASK_EDIT_FORGED, **RECOMMENDATION
    ),
    "consultations:plan_list": Row(fixed("/consultations/plans/"), LIST),
    "consultations:plan_add": Row(fixed("/consultations/plans/add/"), MANAGE),
    "consultations:plan_detail": plan_page("plan_detail", PLAN_VIEW, PLAN_VIEW_FORGED),
    "consultations:plan_edit": plan_page("plan_edit", PLAN_EDIT, PLAN_EDIT_FORGED),
    "consultations:topic_add": plan_page("topic_add", PLAN_EDIT, PLAN_EDIT_FORGED),
    "consultations:topic_edit": plan_page("topic_edit", PLAN_EDIT, PLAN_EDIT_FORGED, **TOPIC),
    "consultations:topic_delete": plan_page("topic_delete", PLAN_EDIT, PLAN_EDIT_FORGED, **TOPIC),
}

# --- admin ---------------------------------------------------------------------------------
# The workflow owns experts, opinions, documents and letters: the admin shows them read-only
# (no add, no delete: 403 to staff of any union). The logs (status changes, document
# accesses) have no history pages either.
ADMIN_REFUSED = answers("login 403 login login login login 403")


def read_only_admin(model: str) -> dict:
    app, name = model.split(".")
    prefix = f"admin:{app}_{name}"
    rows = admin_rows(model, import_export=False)
    rows[f"{prefix}_add"] = Row(fixed(f"/admin/{app}/{name}/add/"), ADMIN_REFUSED)
    rows[f"{prefix}_delete"] = Row(rows[f"{prefix}_delete"].url, ADMIN_REFUSED, ADMIN_REFUSED)
    return rows


def log_admin(model: str) -> dict:
    rows = read_only_admin(model)
    app, name = model.split(".")
    del rows[f"admin:{app}_{name}_simple_history"]
    return rows


ROWS |= {
    **admin_rows("consultations.consultationtask"),
    **read_only_admin("consultations.expertassignment"),
    **read_only_admin("consultations.opinion"),
    **read_only_admin("consultations.taskdocument"),
    **read_only_admin("consultations.opinionletter"),
    **admin_rows(
        "consultations.recommendation",
        import_export=False,
        overrides={"add": Row(fixed("/admin/consultations/recommendation/add/"), ADMIN_REFUSED)},
    ),
    **admin_rows("consultations.consultationplan", import_export=False),
    **admin_rows("consultations.plannedtopic", import_export=False),
    **log_admin("consultations.tasktransition"),
    **log_admin("consultations.documentaccess"),
}

# POSTs of union A's roles to union B's records (staff leadership officer expert judge).
TASK_FORGED_POST = (404, 404, 403, 404, 403)
PLAN_FORGED_POST = (404, 404, 403, 403, 403)
FORGED_POSTS: dict = {
    "consultations:task_edit": TASK_FORGED_POST,
    "consultations:task_transition": TASK_FORGED_POST,
    "consultations:assignment_add": TASK_FORGED_POST,
    "consultations:expert_create": TASK_FORGED_POST,
    "consultations:assignment_edit": TASK_FORGED_POST,
    "consultations:assignment_remove": TASK_FORGED_POST,
    "consultations:opinion_edit": TASK_FORGED_POST,
    "consultations:document_add": TASK_FORGED_POST,
    "consultations:recommendation_add": TASK_FORGED_POST,
    "consultations:recommendation_edit": TASK_FORGED_POST,
    "consultations:recommendation_move": TASK_FORGED_POST,
    "consultations:recommendation_delete": TASK_FORGED_POST,
    "consultations:plan_edit": PLAN_FORGED_POST,
    "consultations:topic_add": PLAN_FORGED_POST,
    "consultations:topic_edit": PLAN_FORGED_POST,
    "consultations:topic_delete": PLAN_FORGED_POST,
}


def records(ns, *, users):
    """Per union: a task in review with the union's expert assigned, an opinion, an input
    document in two versions, a recommendation, a plan with a topic and an opinion letter."""
    union = ns.union
    if users is not None:
        expert = users["expert"]
    else:
        expert = UserFactory()
        role_assign(user=expert, union=union, kind=RoleKind.EXPERT)
    task = ConsultationTaskFactory(union=union, status=TaskStatus.IN_REVIEW)
    ns.consultationtask = task
    ns.tasktransition = TaskTransitionFactory(
        task=task, from_status=TaskStatus.ASSIGNED, to_status=TaskStatus.IN_REVIEW
    )
    ns.expertassignment = ExpertAssignmentFactory(
        task=task, expert=expert, lead=True, due_on=datetime.date(2024, 3, 20)
    )
    ns.consultation_expert = expert
    ns.opinion = OpinionFactory(assignment=ns.expertassignment)
    ns.taskdocument_v1 = TaskDocumentFactory(task=task, title="Dự thảo kế hoạch", version=1)
    ns.taskdocument = TaskDocumentFactory(task=task, title="Dự thảo kế hoạch", version=2)
    ns.documentaccess = DocumentAccessFactory(
        document=ns.taskdocument, task=task, user=expert, what=AccessWhat.DOWNLOAD
    )
    ns.recommendation = RecommendationFactory(task=task, number=1)
    ns.consultationplan = ConsultationPlanFactory(union=union, year=2024)
    ns.plannedtopic = PlannedTopicFactory(plan=ns.consultationplan, task=task)
    ns.opinionletter = OpinionLetterFactory(task=task)


def state(ns) -> dict:
    """Union B's consultation records a forged write could touch."""
    task = ns.consultationtask
    return {
        "task": type(task).objects.filter(pk=task.pk).values().first(),
        "transitions": list(task.transitions.values_list("pk", "to_status")),
        "assignments": list(task.assignments.values_list("pk", "lead", "due_on", "expert_id")),
        "opinion": type(ns.opinion).objects.filter(pk=ns.opinion.pk).values().first(),
        "documents": list(task.documents.values_list("pk", "title", "version")),
        "recommendations": list(
            task.recommendations.values_list("pk", "number", "text", "adoption")
        ),
        "plan": type(ns.consultationplan)
        .objects.filter(pk=ns.consultationplan.pk)
        .values()
        .first(),
        "topics": list(ns.consultationplan.topics.values_list("pk", "title", "task_id")),
        "roles": list(ns.union.roles.values_list("user_id", "kind")),
    }


try:
    matrix_letter = importlib.import_module("tests.consultations.matrix_letter")
except ModuleNotFoundError as error:
    if error.name != "tests.consultations.matrix_letter":
        raise
else:
    ROWS.update(matrix_letter.ROWS)
    FORGED_POSTS.update(getattr(matrix_letter, "FORGED_POSTS", {}))
