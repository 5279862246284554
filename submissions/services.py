"""Writes of the reporting rounds: opening a round, a society's narrative, the status moves.

Every status move locks the submission's row, checks who asks and from which status inside the
transaction, and records the move. A refused move changes nothing and says why
(`SubmissionRefused`, a ValidationError with a message naming the status).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from associations.models import Society, Union
from core.concurrency import Version, lock_and_check

from .models import (
    OPEN_FOR_SOCIETY,
    Round,
    Submission,
    SubmissionStatus,
    SubmissionTransition,
    period_of,
)

NARRATIVE_FIELDS = ("results", "difficulties", "proposals")
ROUND_EDIT_FIELDS = (
    "title",
    "deadline",
    "asks_members",
    "asks_activities",
    "asks_initiatives",
    "asks_entries",
    "asks_narrative",
)

# Target status → the statuses it may be reached from, and who may move it there.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    SubmissionStatus.IN_PROGRESS: (
        (SubmissionStatus.NOT_STARTED, SubmissionStatus.RETURNED),
        "society",
    ),
    SubmissionStatus.SUBMITTED: (OPEN_FOR_SOCIETY, "society"),
    SubmissionStatus.RETURNED: ((SubmissionStatus.SUBMITTED,), "staff"),
    SubmissionStatus.ACCEPTED: ((SubmissionStatus.SUBMITTED,), "staff"),
}


class SubmissionRefused(ValidationError):
    """A status move or an edit that the submission's status does not allow."""


def _refuse_status(submission: Submission, to: str) -> SubmissionRefused:
    return SubmissionRefused(
        _("The submission is “%(status)s”: it cannot be moved to “%(target)s”.")
        % {"status": submission.get_status_display(), "target": SubmissionStatus(to).label},
        code="status",
    )


# --- rounds ---------------------------------------------------------------------------------


def round_open(
    *, union: Union, data: dict[str, Any], user, today: datetime.date | None = None
) -> Round:
    """Open a round and give every society active today its submission (not started).

    The officers are told by e-mail once the round is committed (the reminders' "opened" step).
    """
    today = today or timezone.localdate()
    if user is not None and not permissions.can_edit_union(user, union.pk):
        raise PermissionDenied
    start, end = period_of(kind=data["period_kind"], year=data["year"], half=data.get("half"))
    with transaction.atomic():
        if Round.objects.filter(union=union, period_start=start, period_end=end).exists():
            raise ValidationError(
                _("A round for this period (%(start)s – %(end)s) is already open.")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
                code="duplicate",
            )
        round_ = Round(
            union=union,
            period_start=start,
            period_end=end,
            opened_on=today,
            opened_by=user if user is not None and user.is_authenticated else None,
            **{name: value for name, value in data.items() if name != "half"},
            half=data.get("half") if data["period_kind"] == "half_year" else None,
        )
        round_.full_clean()
        round_.save()
        societies = Society.objects.filter(union=union).active_on(today).order_by("id")
        Submission.objects.bulk_create(
            [Submission(round=round_, society=society) for society in societies]
        )
        for submission in round_.submissions.all():
            # bulk_create writes no history: record the start of each submission's story.
            submission.save()
        transaction.on_commit(lambda: _dispatch_round_reminders(round_.pk))
    return round_


def _dispatch_round_reminders(round_id: int) -> None:
    from .tasks import task_send_round_reminders

    task_send_round_reminders.delay(round_id)


def round_update(*, round_: Round, data: dict[str, Any], version: Version | None, user) -> Round:
    with transaction.atomic():
        round_ = lock_and_check(Round.objects.all(), round_.pk, version)
        if not permissions.can_manage_round(user, round_):
            raise PermissionDenied
        for name in ROUND_EDIT_FIELDS:
            if name in data:
                setattr(round_, name, data[name])
        round_.full_clean()
        round_.save()
    return round_


# --- a society's submission -----------------------------------------------------------------


def _record(submission: Submission, *, to: str, user, comment: str = "") -> None:
    SubmissionTransition.objects.create(
        submission=submission,
        from_status=submission.status,
        to_status=to,
        by=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )
    submission.status = to


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)


def _check_who(user, submission: Submission, who: str) -> None:
    if who == "staff":
        allowed = permissions.can_manage_round(user, submission.round)
    else:
        allowed = permissions.can_fill_submission(user, submission)
    if not allowed:
        raise PermissionDenied


def submission_save_narrative(
    *, submission: Submission, data: dict[str, Any], version: Version | None, user
) -> Submission:
    """The society writes its results, difficulties and proposals; the submission is then in
    progress. Refused once submitted (until staff return it) and once accepted."""
    with transaction.atomic():
        submission = lock_and_check(
            Submission.objects.select_related("round"), submission.pk, version
        )
        _check_who(user, submission, "society")
        if submission.status not in OPEN_FOR_SOCIETY:
            raise SubmissionRefused(
                _(
                    "The submission is “%(status)s”: it can no longer be changed unless the "
                    "union's staff return it."
                )
                % {"status": submission.get_status_display()},
                code="status",
            )
        for name in NARRATIVE_FIELDS:
            if name in data:
                setattr(submission, name, (data[name] or "").strip())
        if submission.status != SubmissionStatus.IN_PROGRESS:
            _record(submission, to=SubmissionStatus.IN_PROGRESS, user=user)
        submission.full_clean()
        submission.save()
    return submission


def submission_transition(
    *, submission: Submission, to: str, user, comment: str = ""
) -> Submission:
    """Move a submission to `to`, checking who asks and from which status, under a row lock."""
    if to not in TRANSITIONS:
        raise SubmissionRefused(_("Unknown status."), code="status")
    sources, who = TRANSITIONS[to]
    with transaction.atomic():
        submission = _locked(submission)
        _check_who(user, submission, who)
        if submission.status not in sources:
            raise _refuse_status(submission, to)
        now = timezone.now()
        if to == SubmissionStatus.SUBMITTED:
            round_ = submission.round
            if round_.asks_narrative and not submission.results.strip():
                raise SubmissionRefused(
                    _("Write the results of the period before submitting."), code="results"
                )
            submission.submitted_at = now
            submission.submitted_by = user if user.is_authenticated else None
            submission.first_submitted_at = submission.first_submitted_at or now
            submission.return_comment = ""
        elif to == SubmissionStatus.RETURNED:
            comment = (comment or "").strip()
            if not comment:
                raise SubmissionRefused(
                    _("Say what the society must change: a comment is required to return it."),
                    code="comment",
                )
            submission.return_comment = comment
        elif to == SubmissionStatus.ACCEPTED:
            submission.accepted_at = now
            submission.accepted_by = user
        _record(submission, to=to, user=user, comment=comment)
        submission.save()
    return submission


def submission_submit(*, submission: Submission, user) -> Submission:
    return submission_transition(submission=submission, to=SubmissionStatus.SUBMITTED, user=user)


def submission_return(*, submission: Submission, user, comment: str) -> Submission:
    return submission_transition(
        submission=submission, to=SubmissionStatus.RETURNED, user=user, comment=comment
    )


def submission_accept(*, submission: Submission, user) -> Submission:
    return submission_transition(submission=submission, to=SubmissionStatus.ACCEPTED, user=user)
