"""Figures of accepted submissions: the registry's own counts over each round's period."""

import datetime

import pytest
from django.db.models import Q

from associations.models import Activity
from contests.models import Entry, Initiative
from members.models import Membership
from submissions import services
from submissions.models import Round, Submission, SubmissionStatus
from submissions.selectors import narrative_material, submission_figures, term_scorecard
from submissions.templatetags.submissions_tags import submission_material
from submissions.text import submission_sentence
from tests.contests.factories import ContestFactory, EntryFactory, InitiativeFactory
from tests.factories import ActivityFactory, MemberFactory, MembershipFactory, TermFactory

YEAR_START, YEAR_END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


def _record(society, *, n: int):
    """n records of every kind in 2024 for `society`, and one of each outside the year."""
    union = society.union
    contest = ContestFactory(union=union, year=2024)
    old_contest = ContestFactory(union=union, year=2023)
    for i in range(n):
        member = MemberFactory(union=union)
        MembershipFactory(member=member, society=society, joined_on=datetime.date(2024, 3, 1 + i))
        ActivityFactory(society=society, union=union, held_on=datetime.date(2024, 5, 1 + i))
        InitiativeFactory(society=society, union=union, year=2024)
        EntryFactory(contest=contest, society=society)
    leaver = MemberFactory(union=union)
    MembershipFactory(
        member=leaver,
        society=society,
        joined_on=datetime.date(2019, 1, 1),
        left_on=datetime.date(2024, 6, 1),
    )
    ActivityFactory(society=society, union=union, held_on=datetime.date(2023, 5, 1))
    InitiativeFactory(society=society, union=union, year=2023)
    EntryFactory(contest=old_contest, society=society)


def _far_deadline(world):
    """The clock is not mocked: a deadline far ahead makes a submission of today on time."""
    Round.objects.filter(pk=world["round"].pk).update(deadline=datetime.date(2099, 1, 15))


def _accept(world, submission, results="Kết quả"):
    officer = (
        world["users"]["officer"]
        if submission.society == world["own"]
        else world["users"]["other_officer"]
    )
    services.submission_save_narrative(
        submission=submission, data={"results": results}, version=None, user=officer
    )
    services.submission_submit(submission=submission, user=officer)
    services.submission_accept(submission=submission, user=world["users"]["staff"])


def _registry(society):
    return {
        "members_joined": Membership.objects.filter(
            society=society, joined_on__range=(YEAR_START, YEAR_END)
        ).count(),
        "members_left": Membership.objects.filter(
            society=society, left_on__range=(YEAR_START, YEAR_END)
        ).count(),
        "activities": Activity.objects.filter(
            society=society, held_on__range=(YEAR_START, YEAR_END)
        ).count(),
        "initiatives": Initiative.objects.filter(society=society, year=2024).count(),
        "entries": Entry.objects.filter(Q(society=society), contest__year=2024).count(),
    }


@pytest.mark.django_db
def test_figures_of_accepted_submissions_equal_the_registry(world):
    _record(world["own"], n=3)
    _record(world["other"], n=2)
    _accept(world, world["mine"])

    figures = submission_figures(union_ids=[world["union"].pk], start=YEAR_START, end=YEAR_END)

    expected = _registry(world["own"])
    assert expected == {"members_joined": 3, "members_left": 1, "activities": 3, "initiatives": 3,
                        "entries": 3}  # fmt: skip
    assert {key: figures[key] for key in expected} == expected
    assert (figures["rounds"], figures["submissions"], figures["accepted"]) == (1, 2, 1)


@pytest.mark.django_db
def test_figures_count_every_accepted_society(world):
    _record(world["own"], n=3)
    _record(world["other"], n=2)
    _far_deadline(world)
    _accept(world, world["mine"])
    _accept(world, world["theirs"])

    figures = submission_figures(union_ids=[world["union"].pk], start=YEAR_START, end=YEAR_END)

    own, other = _registry(world["own"]), _registry(world["other"])
    assert figures["activities"] == own["activities"] + other["activities"] == 5
    assert (figures["on_time"], figures["on_time_share"]) == (2, 100)


@pytest.mark.django_db
def test_figures_leave_out_rounds_outside_the_period(world):
    _accept(world, world["mine"])

    figures = submission_figures(
        union_ids=[world["union"].pk],
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
    )

    assert (figures["rounds"], figures["accepted"], figures["activities"]) == (0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_figures_query_count_is_fixed(world, size, django_assert_num_queries):
    for _ in range(size):
        _record(world["own"], n=2)
    _accept(world, world["mine"])

    with django_assert_num_queries(2):
        submission_figures(union_ids=[world["union"].pk], start=YEAR_START, end=YEAR_END)


@pytest.mark.django_db
def test_late_submission_is_not_on_time(world):
    _accept(world, world["mine"])
    Submission.objects.filter(pk=world["mine"].pk).update(
        first_submitted_at=datetime.datetime(2025, 2, 1, 8, tzinfo=datetime.UTC)
    )

    figures = submission_figures(union_ids=[world["union"].pk], start=YEAR_START, end=YEAR_END)

    assert (figures["on_time"], figures["submissions"], figures["on_time_share"]) == (0, 2, 0)


def test_sentence_for_a_year():
    figures = {
        **{"rounds": 1, "submissions": 19, "on_time": 18, "accepted": 19},
        **{"members_joined": 45, "activities": 120, "initiatives": 12, "entries": 8},
    }

    assert submission_sentence(figures, period="Năm 2024") == (
        "Năm 2024, 18/19 hội thành viên gửi báo cáo đúng hạn; 19 báo cáo được chấp nhận ghi "
        "nhận 45 hội viên mới, 120 hoạt động, 12 sáng kiến và 08 đề tài, sản phẩm dự thi."
    )


def test_sentence_without_rounds_says_none_yet():
    assert submission_sentence({"rounds": 0}, period="Năm 2024") == (
        "Năm 2024, chưa tổ chức đợt báo cáo nào của các hội thành viên qua cổng thông tin."
    )


@pytest.mark.django_db
def test_material_groups_accepted_narratives_by_society(world):
    _accept(world, world["mine"], results="Tổ chức 05 lớp tập huấn.")
    services.submission_save_narrative(
        submission=world["theirs"], data={"results": "Chưa gửi"}, version=None,
        user=world["users"]["other_officer"],
    )  # fmt: skip
    term = TermFactory(union=world["union"], starts_on=datetime.date(2023, 7, 1),
                       ends_on=datetime.date(2028, 6, 30), label="2023 - 2028")  # fmt: skip

    class Report:
        union_id = world["union"].pk

    report = Report()
    report.term = term
    material = submission_material(report)

    assert material == narrative_material(
        union_id=world["union"].pk, start=term.starts_on, end=term.ends_on
    )
    assert [(g["society"], [i["results"] for i in g["items"]]) for g in material] == [
        ("Hội Y học", ["Tổ chức 05 lớp tập huấn."])
    ]


@pytest.mark.django_db
def test_scorecard_marks_on_time_late_and_missing(world):
    _far_deadline(world)
    _accept(world, world["mine"])
    term = TermFactory(union=world["union"], starts_on=datetime.date(2023, 7, 1),
                       ends_on=datetime.date(2028, 6, 30), label="2023 - 2028")  # fmt: skip

    card = term_scorecard(union_id=world["union"].pk, term=term, today=datetime.date(2099, 2, 1))

    cells = {row["society"].name: [c["kind"] for c in row["cells"]] for row in card["rows"]}
    assert cells == {"Hội Nông nghiệp": ["missing"], "Hội Y học": ["on_time"]}
    assert Submission.objects.get(pk=world["mine"].pk).status == SubmissionStatus.ACCEPTED


@pytest.mark.django_db
def test_yearly_figures_read_as_a_sentence_in_a_template(world):
    from django.template import Context, Template

    _far_deadline(world)
    _record(world["own"], n=2)
    _accept(world, world["mine"])
    figures = submission_figures(union_ids=[world["union"].pk], start=YEAR_START, end=YEAR_END)
    template = Template(
        '{% load submissions_tags %}{{ figures.submissions|submission_sentence:"Năm 2024" }}'
    )

    text = template.render(Context({"figures": {"submissions": figures}}))

    assert text == (
        "Năm 2024, 1/2 hội thành viên gửi báo cáo đúng hạn; 01 báo cáo được chấp nhận ghi nhận "
        "02 hội viên mới, 02 hoạt động, 02 sáng kiến và 02 đề tài, sản phẩm dự thi."
    )
