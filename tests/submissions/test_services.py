"""The submission's state machine: allowed moves, refused ones that change nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from submissions import services
from submissions.models import Submission, SubmissionStatus
from tests.factories import SocietyFactory

from .factories import RoundFactory

S = SubmissionStatus


def _write(submission, user, results="Tổ chức 05 lớp tập huấn."):
    return services.submission_save_narrative(
        submission=submission, data={"results": results}, version=None, user=user
    )


@pytest.mark.django_db
def test_round_open_gives_every_active_society_a_submission(world):
    dissolved = SocietyFactory(union=world["union"], dissolved_on=datetime.date(2020, 1, 1))

    societies = set(world["round"].submissions.values_list("society_id", "status"))

    assert societies == {(world["own"].pk, S.NOT_STARTED), (world["other"].pk, S.NOT_STARTED)}
    assert not world["round"].submissions.filter(society=dissolved).exists()


@pytest.mark.django_db
def test_round_open_twice_for_the_same_period_is_refused(world):
    with pytest.raises(ValidationError):
        services.round_open(
            union=world["union"],
            data={
                "title": "Lần 2",
                "period_kind": "year",
                "year": 2024,
                "deadline": world["round"].deadline,
            },
            user=world["users"]["staff"],
        )


@pytest.mark.django_db
def test_submission_runs_from_writing_to_accepted(world):
    officer, staff = world["users"]["officer"], world["users"]["staff"]
    submission = _write(world["mine"], officer)
    assert submission.status == S.IN_PROGRESS
    services.submission_submit(submission=submission, user=officer)
    services.submission_return(submission=submission, user=staff, comment="Bổ sung số liệu.")
    _write(submission, officer, "Tổ chức 06 lớp tập huấn.")
    services.submission_submit(submission=submission, user=officer)
    services.submission_accept(submission=submission, user=staff)

    submission.refresh_from_db()
    moves = list(submission.transitions.values_list("from_status", "to_status"))
    assert (submission.status, submission.results, submission.accepted_by) == (
        S.ACCEPTED,
        "Tổ chức 06 lớp tập huấn.",
        staff,
    )
    assert moves == [
        (S.NOT_STARTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
    ]


def _snapshot(submission):
    return (
        Submission.objects.filter(pk=submission.pk).values().get(),
        submission.transitions.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "to", "who", "error"),
    [
        (S.NOT_STARTED, S.ACCEPTED, "staff", ValidationError),
        (S.IN_PROGRESS, S.RETURNED, "staff", ValidationError),
        (S.ACCEPTED, S.SUBMITTED, "officer", ValidationError),
        (S.ACCEPTED, S.RETURNED, "staff", ValidationError),
        (S.SUBMITTED, S.SUBMITTED, "officer", ValidationError),
        (S.SUBMITTED, S.ACCEPTED, "officer", PermissionDenied),
        (S.SUBMITTED, S.ACCEPTED, "leadership", PermissionDenied),
        (S.IN_PROGRESS, S.SUBMITTED, "other_officer", PermissionDenied),
        (S.IN_PROGRESS, S.SUBMITTED, "leadership", PermissionDenied),
    ],
)
def test_refused_transition_changes_nothing(world, status, to, who, error):
    submission = world["mine"]
    Submission.objects.filter(pk=submission.pk).update(status=status, results="Có kết quả")
    before = _snapshot(submission)

    with pytest.raises(error):
        services.submission_transition(
            submission=submission, to=to, user=world["users"][who], comment="Ghi chú"
        )

    assert _snapshot(submission) == before


@pytest.mark.django_db
def test_refused_transition_says_why_in_vietnamese(world):
    submission = world["mine"]

    with pytest.raises(ValidationError) as caught:
        services.submission_accept(submission=submission, user=world["users"]["staff"])

    assert caught.value.messages == [
        "Báo cáo đang ở trạng thái “chưa bắt đầu”: không thể chuyển sang “đã chấp nhận”."
    ]


@pytest.mark.django_db
def test_return_without_comment_is_refused(world):
    submission = _write(world["mine"], world["users"]["officer"])
    services.submission_submit(submission=submission, user=world["users"]["officer"])
    before = _snapshot(submission)

    with pytest.raises(ValidationError):
        services.submission_return(submission=submission, user=world["users"]["staff"], comment=" ")

    assert _snapshot(submission) == before


@pytest.mark.django_db
def test_submit_without_results_is_refused_when_the_narrative_is_asked(world):
    with pytest.raises(ValidationError):
        services.submission_submit(submission=world["mine"], user=world["users"]["officer"])

    assert Submission.objects.get(pk=world["mine"].pk).status == S.NOT_STARTED


@pytest.mark.django_db
def test_narrative_after_submission_is_refused(world):
    officer = world["users"]["officer"]
    submission = _write(world["mine"], officer)
    services.submission_submit(submission=submission, user=officer)
    before = _snapshot(submission)

    with pytest.raises(ValidationError):
        _write(submission, officer, "Sửa sau khi gửi")

    assert _snapshot(submission) == before


@pytest.mark.django_db
def test_first_submission_time_is_kept_after_a_return(world):
    officer = world["users"]["officer"]
    submission = _write(world["mine"], officer)
    services.submission_submit(submission=submission, user=officer)
    first = Submission.objects.get(pk=submission.pk).first_submitted_at
    services.submission_return(submission=submission, user=world["users"]["staff"], comment="Sửa")
    services.submission_submit(submission=submission, user=officer)

    assert Submission.objects.get(pk=submission.pk).first_submitted_at == first


@pytest.mark.django_db
def test_half_year_round_covers_its_half():
    round_ = RoundFactory()
    union = round_.union
    from tests.conftest import make_user

    staff = make_user("staff", union)
    opened = services.round_open(
        union=union,
        data={
            "title": "6 tháng cuối năm 2024",
            "period_kind": "half_year",
            "year": 2024,
            "half": 2,
            "deadline": datetime.date(2025, 1, 10),
        },
        user=staff,
    )

    assert (opened.period_start, opened.period_end, opened.half) == (
        datetime.date(2024, 7, 1),
        datetime.date(2024, 12, 31),
        2,
    )
