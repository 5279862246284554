"""A contest being judged, with its people, for the judging tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from associations.accounts import role_assign
from associations.models import RoleKind
from contests.models import ContestStatus
from tests.factories import (
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
    UserFactory,
)

from .factories import ContestFactory, CriterionFactory, EntryFactory, JudgeAssignmentFactory

SOCIETY_NAME = "Hội Làm vườn Bí Mật"
UNIT_NAME = "Trường THCS Thạch Đồng Ẩn Danh"
AUTHOR_NAME = "Phan Thị Tác Giả Kín"
MEMBER_AUTHOR = "Võ Văn Hội Viên Kín"


def make_judge(union, **kwargs):
    judge = UserFactory(**kwargs)
    role_assign(user=judge, union=union, kind=RoleKind.JUDGE)
    return judge


def judging_world(*, judges: int = 3, entries: int = 1) -> SimpleNamespace:
    """A union with staff, leadership, an officer and `judges` judges; a contest being judged
    with two criteria (novelty ×2 out of 10, use ×1 out of 20) and `entries` entries."""
    union = UnionFactory()
    society = SocietyFactory(union=union, name=SOCIETY_NAME)
    other_society = SocietyFactory(union=union)
    users = {}
    for name, kind, societies in [
        ("staff", RoleKind.STAFF, ()),
        ("leadership", RoleKind.LEADERSHIP, ()),
        ("officer", RoleKind.OFFICER, (society,)),
        ("expert", RoleKind.EXPERT, ()),
    ]:
        users[name] = UserFactory()
        role_assign(user=users[name], union=union, kind=kind, societies=societies)
    judge_list = [make_judge(union, full_name=f"Giám khảo {i}") for i in range(judges)]
    contest = ContestFactory(
        union=union,
        status=ContestStatus.JUDGING,
        scoring_due_on=datetime.date(2024, 6, 30),
        judges_per_entry=min(3, judges) or 1,
    )
    novelty = CriterionFactory(
        contest=contest, name="Tính mới", weight=Decimal("2"), max_score=Decimal("10"), order=1
    )
    use = CriterionFactory(
        contest=contest,
        name="Khả năng áp dụng",
        weight=Decimal("1"),
        max_score=Decimal("20"),
        order=2,
    )
    author = MemberFactory(union=union, full_name=MEMBER_AUTHOR)
    MembershipFactory(member=author, society=society)
    entry_list = []
    for i in range(entries):
        entry = EntryFactory(
            contest=contest,
            union=union,
            society=society if i % 2 == 0 else other_society,
            title=f"Máy gieo hạt cải tiến {i}",
            unit=UNIT_NAME,
            author_names=AUTHOR_NAME,
            summary="Máy gieo hạt dùng sức kéo nhỏ.",
            code=f"ST-{i + 1:03d}",
        )
        entry.authors.add(author)
        entry_list.append(entry)
    return SimpleNamespace(
        union=union,
        society=society,
        other_society=other_society,
        users=users,
        judges=judge_list,
        contest=contest,
        criteria=[novelty, use],
        novelty=novelty,
        use=use,
        entries=entry_list,
        entry=entry_list[0] if entry_list else None,
    )


def assign(world, judge, entry=None):
    entry = entry or world.entry
    return JudgeAssignmentFactory(contest=world.contest, entry=entry, judge=judge)
