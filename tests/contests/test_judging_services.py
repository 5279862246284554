"""Judging writes: assignment (by hand, automatic), conflicts, score sheets, reopening."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from associations.accounts import role_assign
from associations.models import RoleKind
from contests import judging_selectors, judging_services
from contests.models import ContestStatus, JudgeAssignment, JudgeConflict, Score, SheetReopening
from core.concurrency import StaleVersion
from tests.factories import MemberFactory, MembershipFactory

from .factories import EntryFactory, JudgeConflictFactory, ScoreFactory
from .judging_factories import assign, judging_world, make_judge

pytestmark = pytest.mark.django_db


def _version(assignment):
    return judging_selectors.sheet_version(assignment_id=assignment.pk)


# --- own societies and conflicts -------------------------------------------------------------


def test_judge_society_ids_counts_officer_roles_and_memberships_by_email():
    world = judging_world(judges=1)
    judge = world.judges[0]
    role_assign(user=judge, union=world.union, kind=RoleKind.OFFICER, societies=[world.society])
    member = MemberFactory(union=world.union, email=judge.email.upper())
    MembershipFactory(member=member, society=world.other_society)

    found = judging_selectors.judge_society_ids(judge=judge, union_id=world.union.pk)

    assert found == {world.society.pk, world.other_society.pk}


def test_judge_society_ids_ignores_a_membership_that_has_ended():
    world = judging_world(judges=1)
    judge = world.judges[0]
    member = MemberFactory(union=world.union, email=judge.email)
    MembershipFactory(
        member=member, society=world.society, left_on=__import__("datetime").date(2020, 1, 1)
    )

    assert judging_selectors.judge_society_ids(judge=judge, union_id=world.union.pk) == set()


def test_assignment_by_hand_refuses_an_entry_of_the_judges_own_society_as_officer():
    world = judging_world(judges=1)
    judge = world.judges[0]
    role_assign(user=judge, union=world.union, kind=RoleKind.OFFICER, societies=[world.society])

    with pytest.raises(ValidationError) as raised:
        judging_services.assignment_create(
            contest=world.contest, entry=world.entry, judge=judge, by=world.users["staff"]
        )

    assert raised.value.messages == [f"Mục ST-001 thuộc hội mà {judge.full_name} là thành viên."]


def test_assignment_by_hand_refuses_an_entry_of_a_society_the_judge_is_a_member_of():
    world = judging_world(judges=1)
    judge = world.judges[0]
    MembershipFactory(
        member=MemberFactory(union=world.union, email=judge.email), society=world.society
    )

    with pytest.raises(ValidationError):
        judging_services.assignment_create(
            contest=world.contest, entry=world.entry, judge=judge, by=world.users["staff"]
        )

    assert JudgeAssignment.objects.count() == 0


def test_assignment_by_hand_refuses_a_declared_conflict():
    world = judging_world(judges=1)
    judge = world.judges[0]
    JudgeConflictFactory(contest=world.contest, entry=world.entry, judge=judge)

    with pytest.raises(ValidationError) as raised:
        judging_services.assignment_create(
            contest=world.contest, entry=world.entry, judge=judge, by=world.users["staff"]
        )

    assert raised.value.messages == [f"{judge.full_name} có xung đột lợi ích với mục ST-001."]


def test_assignment_by_hand_refuses_someone_who_is_not_a_judge_of_the_union():
    world = judging_world(judges=0)

    with pytest.raises(ValidationError):
        judging_services.assignment_create(
            contest=world.contest,
            entry=world.entry,
            judge=world.users["expert"],
            by=world.users["staff"],
        )


def test_assignment_by_hand_is_refused_outside_judging():
    world = judging_world(judges=1)
    world.contest.status = ContestStatus.OPEN
    world.contest.save()

    with pytest.raises(ValidationError) as raised:
        judging_services.assignment_create(
            contest=world.contest,
            entry=world.entry,
            judge=world.judges[0],
            by=world.users["staff"],
        )

    assert raised.value.messages == ["Chỉ phân công giám khảo được khi cuộc thi đang chấm."]


def test_conflict_declared_by_the_judge_takes_the_sheet_away():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    ScoreFactory(assignment=assignment, criterion=world.novelty)

    judging_services.conflict_declare(assignment=assignment, reason="Con tôi là tác giả")

    assert (
        list(JudgeConflict.objects.values_list("judge_id", "entry_id", "reason")),
        JudgeAssignment.objects.count(),
        Score.objects.count(),
    ) == ([(world.judges[0].pk, world.entry.pk, "Con tôi là tác giả")], 0, 0)


def test_conflict_declare_is_refused_after_submission():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    JudgeAssignment.objects.filter(pk=assignment.pk).update(submitted_at="2024-06-01T00:00Z")

    with pytest.raises(ValidationError):
        judging_services.conflict_declare(assignment=assignment, reason="Người quen")

    assert JudgeConflict.objects.count() == 0


def test_conflict_recorded_by_staff_removes_the_judges_sheet_of_that_entry():
    world = judging_world(judges=2)
    assign(world, world.judges[0])
    kept = assign(world, world.judges[1])

    judging_services.conflict_record(
        contest=world.contest, entry=world.entry, judge=world.judges[0], reason="Đồng nghiệp"
    )

    assert list(JudgeAssignment.objects.values_list("pk", flat=True)) == [kept.pk]


# --- automatic assignment ----------------------------------------------------------------------


def test_auto_assignment_gives_every_entry_n_judges_without_conflicts_and_balanced():
    world = judging_world(judges=5, entries=7)
    officer_judge = world.judges[0]
    role_assign(
        user=officer_judge, union=world.union, kind=RoleKind.OFFICER, societies=[world.society]
    )
    member_judge = world.judges[1]
    MembershipFactory(
        member=MemberFactory(union=world.union, email=member_judge.email),
        society=world.other_society,
    )
    JudgeConflictFactory(contest=world.contest, entry=world.entries[1], judge=world.judges[2])

    result = judging_services.assignments_auto(
        contest=world.contest, per_entry=2, by=world.users["staff"]
    )

    pairs = set(JudgeAssignment.objects.values_list("judge_id", "entry_id"))
    loads = Counter(judge for judge, _entry in pairs)
    own_society = {e.pk for e in world.entries if e.society_id == world.society.pk}
    other = {e.pk for e in world.entries} - own_society
    assert result.created == 14
    assert Counter(entry for _judge, entry in pairs) == Counter({e.pk: 2 for e in world.entries})
    assert max(loads.values()) - min(loads.values()) <= 1
    assert {entry for judge, entry in pairs if judge == officer_judge.pk} & own_society == set()
    assert {entry for judge, entry in pairs if judge == member_judge.pk} & other == set()
    assert (world.judges[2].pk, world.entries[1].pk) not in pairs


def test_auto_assignment_keeps_submitted_and_scored_sheets():
    world = judging_world(judges=4, entries=4)
    submitted = assign(world, world.judges[0], world.entries[0])
    JudgeAssignment.objects.filter(pk=submitted.pk).update(submitted_at="2024-06-01T00:00Z")
    draft = assign(world, world.judges[1], world.entries[1])
    ScoreFactory(assignment=draft, criterion=world.novelty)

    result = judging_services.assignments_auto(
        contest=world.contest, per_entry=2, by=world.users["staff"]
    )

    kept = set(
        JudgeAssignment.objects.filter(pk__in=[submitted.pk, draft.pk]).values_list("pk", flat=True)
    )
    assert (result.kept, kept, JudgeAssignment.objects.count()) == (2, {submitted.pk, draft.pk}, 8)


def test_auto_assignment_says_why_when_it_is_impossible():
    world = judging_world(judges=3, entries=1)
    for judge in world.judges[:2]:
        JudgeConflictFactory(contest=world.contest, entry=world.entry, judge=judge)

    with pytest.raises(ValidationError) as raised:
        judging_services.assignments_auto(
            contest=world.contest, per_entry=3, by=world.users["staff"]
        )

    assert raised.value.messages == ["Mục ST-001: chỉ có 1 giám khảo không xung đột, cần 3."]
    assert JudgeAssignment.objects.count() == 0


def test_auto_assignment_is_refused_outside_judging():
    world = judging_world(judges=3, entries=2)
    world.contest.status = ContestStatus.CLOSED
    world.contest.save()

    with pytest.raises(ValidationError):
        judging_services.assignments_auto(
            contest=world.contest, per_entry=3, by=world.users["staff"]
        )


# --- score sheets ---------------------------------------------------------------------------


def test_sheet_draft_saves_partial_scores_with_comments():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])

    judging_services.sheet_save(
        assignment=assignment,
        scores={world.novelty.pk: (Decimal("8.5"), "Ý tưởng mới"), world.use.pk: (None, "")},
        submit=False,
        version=_version(assignment),
    )

    assignment.refresh_from_db()
    assert (
        list(Score.objects.values_list("criterion_id", "value", "comment")),
        assignment.submitted_at,
    ) == ([(world.novelty.pk, Decimal("8.50"), "Ý tưởng mới")], None)


def test_sheet_submit_needs_every_criterion():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])

    with pytest.raises(ValidationError) as raised:
        judging_services.sheet_save(
            assignment=assignment,
            scores={world.novelty.pk: (Decimal("8"), "")},
            submit=True,
            version=_version(assignment),
        )

    assert raised.value.messages == ["Hãy chấm đủ các tiêu chí trước khi nộp: Khả năng áp dụng."]


@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("10.01")])
def test_sheet_refuses_a_score_outside_zero_to_max(value):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])

    with pytest.raises(ValidationError) as raised:
        judging_services.sheet_save(
            assignment=assignment,
            scores={world.novelty.pk: (value, "")},
            submit=False,
            version=_version(assignment),
        )

    assert raised.value.messages == ["Tính mới: điểm phải từ 0 đến 10."]
    assert Score.objects.count() == 0


def test_sheet_submit_records_the_time_and_then_refuses_changes():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    scores = {world.novelty.pk: (Decimal("8"), ""), world.use.pk: (Decimal("20"), "")}
    judging_services.sheet_save(
        assignment=assignment, scores=scores, submit=True, version=_version(assignment)
    )

    with pytest.raises(ValidationError) as raised:
        judging_services.sheet_save(
            assignment=assignment, scores=scores, submit=False, version=_version(assignment)
        )

    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert raised.value.messages == [
        "Phiếu chấm này đã nộp; chỉ văn phòng Liên hiệp hội mới mở lại được."
    ]


def test_sheet_save_with_a_stale_version_is_refused():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    shown = _version(assignment)
    ScoreFactory(assignment=assignment, criterion=world.novelty, value=Decimal("3"))

    with pytest.raises(StaleVersion):
        judging_services.sheet_save(
            assignment=assignment,
            scores={world.novelty.pk: (Decimal("9"), "")},
            submit=False,
            version=shown,
        )

    assert list(Score.objects.values_list("value", flat=True)) == [Decimal("3.00")]


def test_sheet_save_outside_judging_is_refused():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    world.contest.status = ContestStatus.CLOSED
    world.contest.save()

    with pytest.raises(ValidationError):
        judging_services.sheet_save(
            assignment=assignment, scores={}, submit=False, version=_version(assignment)
        )


# --- reopening ------------------------------------------------------------------------------


def test_sheet_reopen_needs_a_reason():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    JudgeAssignment.objects.filter(pk=assignment.pk).update(submitted_at="2024-06-01T00:00Z")

    with pytest.raises(ValidationError):
        judging_services.sheet_reopen(assignment=assignment, reason="  ", by=world.users["staff"])

    assert SheetReopening.objects.count() == 0


def test_sheet_reopen_is_recorded_and_tells_the_judge(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    JudgeAssignment.objects.filter(pk=assignment.pk).update(submitted_at="2024-06-01T00:00Z")

    with django_capture_on_commit_callbacks(execute=True):
        judging_services.sheet_reopen(
            assignment=assignment, reason="Nhập nhầm điểm", by=world.users["staff"]
        )

    assignment.refresh_from_db()
    assert (
        assignment.submitted_at,
        list(SheetReopening.objects.values_list("reopened_by_id", "reason")),
        [message.to for message in mailoutbox],
    ) == (None, [(world.users["staff"].pk, "Nhập nhầm điểm")], [[world.judges[0].email]])


def test_sheet_reopen_of_an_unsubmitted_sheet_is_refused():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])

    with pytest.raises(ValidationError):
        judging_services.sheet_reopen(assignment=assignment, reason="Sai", by=world.users["staff"])


def test_entry_of_another_contest_cannot_be_assigned():
    world = judging_world(judges=1)
    stranger = EntryFactory()

    with pytest.raises(ValidationError):
        judging_services.assignment_create(
            contest=world.contest, entry=stranger, judge=world.judges[0], by=world.users["staff"]
        )


def test_a_second_judge_role_in_the_union_is_not_needed_to_judge():
    world = judging_world(judges=0)
    judge = make_judge(world.union)

    assignment = judging_services.assignment_create(
        contest=world.contest, entry=world.entry, judge=judge, by=world.users["staff"]
    )

    assert (assignment.judge_id, assignment.automatic) == (judge.pk, False)


def test_sheet_refuses_a_comment_without_a_score_rather_than_losing_it():
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])

    with pytest.raises(ValidationError) as raised:
        judging_services.sheet_save(
            assignment=assignment,
            scores={world.use.pk: (None, "Cần thử ngoài đồng")},
            submit=False,
            version=_version(assignment),
        )

    assert raised.value.messages == ["Khả năng áp dụng: hãy nhập điểm để lưu nhận xét."]
