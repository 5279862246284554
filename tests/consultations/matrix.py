"""Route × role rows of the consultations pages (see tests/route_matrix.py for the contract)."""

from __future__ import annotations

import datetime

from associations.accounts import role_assign
from associations.models import RoleKind
from consultations.models import AccessWhat, TaskStatus
from tests.factories import UserFactory

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

ROWS: dict = {}
FORGED_POSTS: dict = {}


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


try:
    from . import matrix_letter
except ModuleNotFoundError as error:
    if error.name != "tests.consultations.matrix_letter":
        raise
else:
    ROWS.update(matrix_letter.ROWS)
    FORGED_POSTS.update(getattr(matrix_letter, "FORGED_POSTS", {}))
