"""The task workflow: the full transition table (every from × to × role), its preconditions,
refusals that change nothing, and concurrent moves (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone, translation

from consultations import services
from consultations.models import Adoption, ConsultationTask, TaskStatus, TaskTransition
from tests.conftest import make_user
from tests.factories import RoleFactory, UnionFactory

from .factories import (
    ConsultationTaskFactory,
    ExpertAssignmentFactory,
    OpinionFactory,
    OpinionLetterFactory,
    RecommendationFactory,
)

S = TaskStatus
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
ROLES = (
    "staff",
    "leadership",
    "staff_leader",
    "expert",
    "other_expert",
    "officer",
    "judge",
    "other_staff",
)
STAFF = {"staff", "staff_leader"}
# Written out by hand from the workflow's rules, not derived from services.TRANSITIONS.
ALLOWED = {
    (S.RECEIVED, S.ASSIGNED): STAFF,
    (S.ASSIGNED, S.IN_REVIEW): STAFF | {"expert"},
    (S.IN_REVIEW, S.DRAFTING): STAFF,
    (S.DRAFTING, S.APPROVED): {"leadership", "staff_leader"},
    (S.APPROVED, S.DELIVERED): STAFF,
    (S.DELIVERED, S.CLOSED): STAFF,
    **{
        (source, S.CANCELLED): STAFF
        for source in (S.RECEIVED, S.ASSIGNED, S.IN_REVIEW, S.DRAFTING, S.APPROVED, S.DELIVERED)
    },
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def people(union, other_union) -> dict:
    users = {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "staff_leader": make_user("staff", union),
        "expert": make_user("expert", union),
        "other_expert": make_user("expert", union),
        "officer": make_user("officer", union),
        "judge": make_user("judge", union),
        "other_staff": make_user("staff", other_union),
    }
    RoleFactory(user=users["staff_leader"], union=union, kind="leadership")
    return users


def ready_task(union, expert) -> ConsultationTask:
    """A task every precondition of every move holds for: a lead expert with a submitted
    opinion, a generated letter, every recommendation answered."""
    task = ConsultationTaskFactory(union=union)
    assignment = ExpertAssignmentFactory(task=task, expert=expert, lead=True)
    OpinionFactory(assignment=assignment, submitted_at=timezone.now())
    OpinionLetterFactory(task=task)
    RecommendationFactory(task=task, number=1, adoption=Adoption.ADOPTED)
    return task


@pytest.mark.django_db
@pytest.mark.parametrize("source", S.values)
def test_transition_table_from_each_status(source):
    union = UnionFactory()
    users = people(union, UnionFactory())
    task = ready_task(union, users["expert"])
    outcomes, expected = {}, {}
    for target in S.values:
        for role in ROLES:
            ConsultationTask.objects.filter(pk=task.pk).update(status=source, delivered_on=None)
            task.refresh_from_db()
            before = TaskTransition.objects.filter(task=task).count()
            try:
                services.task_transition(
                    task=task, to_status=target, user=users[role], note="Lý do"
                )
            except services.TransitionRefused:
                outcome = "refused"
                assert TaskTransition.objects.filter(task=task).count() == before
                assert ConsultationTask.objects.get(pk=task.pk).status == source
            else:
                outcome = "allowed"
                last = TaskTransition.objects.filter(task=task).last()
                assert (last.from_status, last.to_status, last.by) == (
                    source,
                    target,
                    users[role],
                )
                assert ConsultationTask.objects.get(pk=task.pk).status == target
            outcomes[target, role] = outcome
            allowed = role in ALLOWED.get((source, target), set())
            expected[target, role] = "allowed" if allowed else "refused"
    assert outcomes == expected


@pytest.fixture
def world():
    union = UnionFactory()
    users = people(union, UnionFactory())
    return union, users


def refusal(task, to_status, user, note="") -> str:
    with pytest.raises(services.TransitionRefused) as caught:
        services.task_transition(task=task, to_status=to_status, user=user, note=note)
    return caught.value.messages[0]


@pytest.mark.django_db
def test_assigned_without_experts_refused(world):
    union, users = world
    task = ConsultationTaskFactory(union=union)
    assert refusal(task, S.ASSIGNED, users["staff"]) == (
        "Assign at least one expert before marking the task as assigned."
    )
    ExpertAssignmentFactory(task=task, expert=users["expert"], lead=False)
    assert refusal(task, S.ASSIGNED, users["staff"]) == (
        "Choose a lead expert before marking the task as assigned."
    )
    assert ConsultationTask.objects.get(pk=task.pk).status == S.RECEIVED
    assert TaskTransition.objects.filter(task=task).count() == 0


@pytest.mark.django_db
def test_drafting_with_missing_opinions_needs_a_note(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.IN_REVIEW)
    ExpertAssignmentFactory(task=task, expert=users["expert"], lead=True)
    assert refusal(task, S.DRAFTING, users["staff"]).startswith(
        "1 expert opinion(s) have not been submitted yet."
    )
    services.task_transition(
        task=task, to_status=S.DRAFTING, user=users["staff"], note="Chuyên gia ốm"
    )
    assert TaskTransition.objects.get(task=task).note == "Chuyên gia ốm"


@pytest.mark.django_db
def test_delivered_needs_a_letter_and_dates_it(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.APPROVED)
    assert refusal(task, S.DELIVERED, users["staff"]) == (
        "Generate the official opinion letter before recording the task as delivered."
    )
    OpinionLetterFactory(task=task, number=1)
    letter = OpinionLetterFactory(task=task, number=2)
    services.task_transition(task=task, to_status=S.DELIVERED, user=users["staff"])
    task.refresh_from_db()
    letter.refresh_from_db()
    assert (task.status, task.delivered_on, letter.delivered_on) == (
        S.DELIVERED,
        timezone.localdate(),
        timezone.localdate(),
    )


@pytest.mark.django_db
def test_closed_needs_every_adoption_recorded(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.DELIVERED)
    RecommendationFactory(task=task, number=1, adoption=Adoption.ADOPTED)
    RecommendationFactory(task=task, number=2)
    assert refusal(task, S.CLOSED, users["staff"]) == (
        "Record whether each recommendation was adopted before closing the task "
        "(1 still without an answer)."
    )


@pytest.mark.django_db
def test_cancelled_needs_a_note(world):
    union, users = world
    task = ConsultationTaskFactory(union=union)
    assert refusal(task, S.CANCELLED, users["staff"]) == (
        "Write a note saying why the task is cancelled."
    )


@pytest.mark.django_db
def test_refusals_name_the_role_and_the_status(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.DRAFTING)
    assert refusal(task, S.APPROVED, users["staff"]) == (
        "Only the union's leadership may move a task to “approved”."
    )
    assert refusal(task, S.ASSIGNED, users["staff"]) == (
        "The task is “drafting the consolidated opinion”: it cannot be moved to “assigned” "
        "from there."
    )
    assert refusal(task, S.RECEIVED, users["staff"]) == (
        "A task cannot be moved to the status “received”."
    )


@pytest.mark.django_db
def test_refusal_message_is_vietnamese(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.DRAFTING)
    with translation.override("vi"):
        message = refusal(task, S.APPROVED, users["staff"])
    assert message == "Chỉ lãnh đạo Liên hiệp hội mới được chuyển nhiệm vụ sang “Đã duyệt”."


@pytest.mark.django_db
def test_expert_opening_starts_the_review_once(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.ASSIGNED)
    ExpertAssignmentFactory(task=task, expert=users["expert"], lead=True)
    services.task_expert_started(task=task, user=users["expert"])
    services.task_expert_started(task=task, user=users["expert"])
    services.task_expert_started(task=task, user=users["other_expert"])
    moves = list(TaskTransition.objects.filter(task=task).values_list("to_status", "by"))
    assert moves == [(S.IN_REVIEW, users["expert"].pk)]


@pytest.mark.django_db
def test_allowed_transitions_are_the_buttons(world):
    union, users = world
    task = ConsultationTaskFactory(union=union, status=S.DRAFTING)
    assert services.allowed_transitions(task=task, user=users["staff_leader"]) == [
        S.APPROVED,
        S.CANCELLED,
    ]
    assert services.allowed_transitions(task=task, user=users["officer"]) == []


# --- concurrent moves (PostgreSQL) -------------------------------------------------------------


def _in_threads(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="row locks and concurrent connections need PostgreSQL (set DATABASE_URL; CI does)",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_same_move_applies_once():
    union = UnionFactory()
    users = people(union, UnionFactory())
    task = ready_task(union, users["expert"])
    ConsultationTask.objects.filter(pk=task.pk).update(status=S.IN_REVIEW)

    def move(index):
        mine = ConsultationTask.objects.get(pk=task.pk)  # both read "in review"
        try:
            services.task_transition(task=mine, to_status=S.DRAFTING, user=users["staff"])
        except services.TransitionRefused:
            return "refused"
        return "applied"

    results = _in_threads(6, move)

    assert sorted(results) == ["applied"] + ["refused"] * 5
    assert list(TaskTransition.objects.filter(task=task).values_list("to_status", flat=True)) == [
        S.DRAFTING
    ]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_conflicting_moves_leave_one_consistent_result():
    """Staff cancel while leadership approves: one wins, the other is refused, and the record
    of moves matches the task's status."""
    union = UnionFactory()
    users = people(union, UnionFactory())
    task = ready_task(union, users["expert"])
    ConsultationTask.objects.filter(pk=task.pk).update(status=S.DRAFTING)
    moves = [(S.APPROVED, "leadership", ""), (S.CANCELLED, "staff", "Rút dự thảo")] * 3

    def move(index):
        target, role, note = moves[index]
        mine = ConsultationTask.objects.get(pk=task.pk)
        try:
            services.task_transition(task=mine, to_status=target, user=users[role], note=note)
        except services.TransitionRefused:
            return "refused"
        return target

    results = _in_threads(len(moves), move)

    applied = [result for result in results if result != "refused"]
    recorded = list(TaskTransition.objects.filter(task=task).values_list("to_status", flat=True))
    status = ConsultationTask.objects.get(pk=task.pk).status
    if applied == [S.APPROVED]:
        assert recorded == [S.APPROVED] and status == S.APPROVED
    else:
        # approved first, then cancelled from approved is allowed too; or cancelled at once
        assert recorded[-1] == status
        assert status in (S.APPROVED, S.CANCELLED)
    assert len(recorded) == len(applied)
    assert results.count("refused") == len(moves) - len(applied)
