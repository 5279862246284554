"""Writes for judging: assigning judges, conflicts of interest, score sheets, reminders.

Every write locks the contest (assignments) or the sheet (scores) and checks the state it starts
from inside its transaction, so two staff assigning at once, or a judge submitting while staff
reopen, cannot interleave.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from associations.models import RoleKind
from core.concurrency import StaleVersion
from core.reminders import reminder_send_once

from . import judging, judging_selectors
from .judging import vn_decimal
from .models import (
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    JudgeAssignment,
    JudgeConflict,
    Score,
    SheetReopening,
)

REMINDER_STEPS = {"before-3": 3, "before-1": 1, "due": 0}


def _locked_contest(contest: Contest) -> Contest:
    """The contest row, locked; refused unless it is being judged."""
    locked = Contest.objects.select_for_update().get(pk=contest.pk)
    if locked.status != ContestStatus.JUDGING:
        raise ValidationError(
            _("Judges can only be assigned while the contest is being judged."), code="status"
        )
    return locked


def _is_union_judge(user, union_id: int) -> bool:
    return user.is_active and user.roles.filter(union_id=union_id, kind=RoleKind.JUDGE).exists()


# --- assigning ---------------------------------------------------------------------------------


def assignment_create(*, contest: Contest, entry: Entry, judge, by) -> JudgeAssignment:
    """Assign `judge` to `entry` by hand; refused on a conflict or a second assignment."""
    with transaction.atomic():
        contest = _locked_contest(contest)
        if entry.contest_id != contest.pk:
            raise ValidationError(_("The entry is not in this contest."), code="entry")
        if not _is_union_judge(judge, contest.union_id):
            raise ValidationError(_("This user is not a judge of the union."), code="judge")
        reason = judging_selectors.conflict_reason(contest=contest, judge=judge, entry=entry)
        label = judging_selectors.entry_label(code=entry.code, pk=entry.pk)
        if reason == "declared":
            raise ValidationError(
                _("%(judge)s has a conflict of interest with entry %(entry)s.")
                % {"judge": judge, "entry": label},
                code="conflict",
            )
        if reason == "own_society":
            raise ValidationError(
                _("Entry %(entry)s comes from a society %(judge)s belongs to.")
                % {"judge": judge, "entry": label},
                code="conflict",
            )
        if JudgeAssignment.objects.filter(entry=entry, judge=judge).exists():
            raise ValidationError(
                _("%(judge)s already scores entry %(entry)s.") % {"judge": judge, "entry": label},
                code="duplicate",
            )
        return JudgeAssignment.objects.create(
            contest=contest, entry=entry, judge=judge, assigned_by=by, automatic=False
        )


def assignment_delete(*, assignment: JudgeAssignment, by) -> None:
    """Take an unsubmitted sheet away from its judge (its draft scores go with it)."""
    with transaction.atomic():
        _locked_contest(assignment.contest)
        locked = JudgeAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submitted_at is not None:
            raise ValidationError(
                _("The judge has submitted this sheet: reopen it before removing it."),
                code="submitted",
            )
        locked.delete()


@dataclass(frozen=True)
class AutoResult:
    created: int
    removed: int
    kept: int


def assignments_auto(*, contest: Contest, per_entry: int, by) -> AutoResult:
    """Assign every entry `per_entry` judges of the union, loads within one of each other, no
    conflicts; sheets already scored or submitted stay with their judges. Raises
    ValidationError saying why when no such assignment exists."""
    with transaction.atomic():
        contest = _locked_contest(contest)
        # Sheets being saved finish first, and are seen with their scores (kept).
        list(JudgeAssignment.objects.filter(contest=contest).select_for_update().values("id"))
        judges = judging_selectors.union_judges(union_id=contest.union_id)
        entries = list(contest.entries.order_by("id").values_list("id", "code"))
        keep = judging_selectors.kept_pairs(contest=contest)
        conflicts = judging_selectors.contest_conflicts(contest=contest, judges=judges)
        try:
            pairs = judging.assign_judges(
                entries=[pk for pk, _code in entries],
                judges=[judge.pk for judge in judges],
                per_entry=per_entry,
                conflicts=conflicts - keep,
                keep=keep,
                entry_labels={
                    pk: judging_selectors.entry_label(code=code, pk=pk) for pk, code in entries
                },
                judge_labels={judge.pk: str(judge) for judge in judges},
            )
        except judging.AssignmentImpossible as error:
            raise ValidationError(error.message, code=error.code) from error
        wanted = set(pairs)
        existing = dict(
            ((judge_id, entry_id), pk)
            for pk, judge_id, entry_id in JudgeAssignment.objects.filter(
                contest=contest
            ).values_list("id", "judge_id", "entry_id")
        )
        stale = [pk for pair, pk in existing.items() if pair not in wanted]
        JudgeAssignment.objects.filter(pk__in=stale).delete()
        new = [
            JudgeAssignment(
                contest=contest,
                entry_id=entry_id,
                judge_id=judge_id,
                assigned_by=by,
                automatic=True,
            )
            for judge_id, entry_id in pairs
            if (judge_id, entry_id) not in existing
        ]
        bulk_create_with_history(new, JudgeAssignment, batch_size=1000, default_user=by)
        if contest.judges_per_entry != per_entry:
            Contest.objects.filter(pk=contest.pk).update(judges_per_entry=per_entry)
        return AutoResult(created=len(new), removed=len(stale), kept=len(keep))


# --- conflicts ---------------------------------------------------------------------------------


def conflict_declare(*, assignment: JudgeAssignment, reason: str) -> JudgeConflict:
    """The judge declares a conflict with an entry assigned to them: the conflict is recorded
    and the sheet (not yet submitted) leaves them, for staff to assign again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    with transaction.atomic():
        Contest.objects.select_for_update().get(pk=assignment.contest_id)  # as assignments do
        locked = JudgeAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submitted_at is not None:
            raise ValidationError(
                _("You have submitted this sheet; ask the union office to reopen it first."),
                code="submitted",
            )
        conflict, _created = JudgeConflict.objects.get_or_create(
            judge_id=locked.judge_id,
            entry_id=locked.entry_id,
            defaults={"contest_id": locked.contest_id, "reason": reason[:500]},
        )
        locked.delete()
        return conflict


def conflict_record(*, contest: Contest, entry: Entry, judge, reason: str) -> JudgeConflict:
    """Staff record a conflict of interest; the judge's sheet of that entry, if any, is
    removed with its scores."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest.pk)
        if entry.contest_id != contest.pk:
            raise ValidationError(_("The entry is not in this contest."), code="entry")
        if not _is_union_judge(judge, contest.union_id):
            raise ValidationError(_("This user is not a judge of the union."), code="judge")
        if JudgeConflict.objects.filter(judge=judge, entry=entry).exists():
            raise ValidationError(_("This conflict of interest is already recorded."))
        conflict = JudgeConflict.objects.create(
            contest=contest, judge=judge, entry=entry, reason=reason[:500]
        )
        JudgeAssignment.objects.filter(entry=entry, judge=judge).delete()
        return conflict


# --- score sheets ------------------------------------------------------------------------------


def _value(raw, criterion: Criterion) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(
            _("%(criterion)s: enter a number.") % {"criterion": criterion.name}
        ) from error
    if not value.is_finite() or value < 0 or value > criterion.max_score:
        raise ValidationError(
            _("%(criterion)s: the score must be between 0 and %(max)s.")
            % {"criterion": criterion.name, "max": vn_decimal(criterion.max_score)}
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            _("%(criterion)s: at most two decimals.") % {"criterion": criterion.name}
        )
    return value


def sheet_save(
    *,
    assignment: JudgeAssignment,
    scores: dict[int, tuple],
    submit: bool,
    version: str,
) -> JudgeAssignment:
    """Save a judge's sheet ({criterion id: (value, comment)}), as a draft or submitted.

    Refused when the contest is not being judged, the sheet is already submitted, it changed
    since it was shown (`version`), a score is outside 0..max, or (to submit) a criterion has
    no score.
    """
    with transaction.atomic():
        locked = JudgeAssignment.objects.select_for_update().get(pk=assignment.pk)
        contest = Contest.objects.get(pk=locked.contest_id)
        if contest.status != ContestStatus.JUDGING:
            raise ValidationError(
                _("Scores can only be saved while the contest is being judged."), code="status"
            )
        if locked.submitted_at is not None:
            raise ValidationError(
                _("This sheet has been submitted; only the union office can reopen it."),
                code="submitted",
            )
        current = judging_selectors.sheet_version(assignment_id=locked.pk)
        if not version or version != current:
            raise StaleVersion(JudgeAssignment, locked.pk, current)
        criteria = list(contest.criteria.order_by("order", "id"))
        errors, cleaned = [], {}
        for criterion in criteria:
            raw, comment = scores.get(criterion.pk, (None, ""))
            try:
                cleaned[criterion.pk] = (_value(raw, criterion), (comment or "").strip())
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if cleaned[criterion.pk][0] is None and cleaned[criterion.pk][1]:
                errors.append(
                    _("%(criterion)s: enter a score to keep the comment.")
                    % {"criterion": criterion.name}
                )
        if submit and not errors:
            missing = [c.name for c in criteria if cleaned[c.pk][0] is None]
            if missing:
                errors.append(
                    _("Score every criterion before submitting: %(names)s.")
                    % {"names": ", ".join(missing)}
                )
            if not criteria:
                errors.append(_("The contest has no criteria to score yet."))
        if errors:
            raise ValidationError(errors)
        existing = {score.criterion_id: score for score in locked.scores.all()}
        for criterion in criteria:
            value, comment = cleaned[criterion.pk]
            score = existing.get(criterion.pk)
            if value is None:
                if score is not None:
                    score.delete()
                continue
            if score is None:
                Score.objects.create(
                    assignment=locked, criterion=criterion, value=value, comment=comment
                )
            elif (score.value, score.comment) != (value, comment):
                score.value, score.comment = value, comment
                score.save(update_fields=["value", "comment"])
        if submit:
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["submitted_at"])
        return locked


def sheet_reopen(*, assignment: JudgeAssignment, reason: str, by) -> SheetReopening:
    """Staff reopen a submitted sheet for its judge, saying why; recorded, and the judge told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the sheet is reopened.")})
    with transaction.atomic():
        locked = JudgeAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submitted_at is None:
            raise ValidationError(_("This sheet has not been submitted."), code="not_submitted")
        locked.submitted_at = None
        locked.save(update_fields=["submitted_at"])
        reopening = SheetReopening.objects.create(assignment=locked, reopened_by=by, reason=reason)
        judge = locked.judge
        contest = locked.contest
        label = judging_selectors.entry_label(code=locked.entry.code, pk=locked.entry_id)
        subject = _("Score sheet reopened: %(entry)s") % {"entry": label}
        body = _(
            "Your score sheet of entry %(entry)s in %(contest)s has been reopened by the union "
            "office.\nReason: %(reason)s\nPlease check it and submit it again."
        ) % {"entry": label, "contest": contest.name, "reason": reason}
        if judge.email:
            transaction.on_commit(
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [judge.email])
            )
        return reopening


# --- reminders ---------------------------------------------------------------------------------


def sheet_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each judge with unsubmitted sheets 3 days and 1 day before a contest's scoring
    deadline and on the day; each step once per judge and contest. Returns the e-mails sent."""
    today = today or timezone.localdate()
    days = {step: today + datetime.timedelta(days=ahead) for step, ahead in REMINDER_STEPS.items()}
    sent = 0
    for item in judging_selectors.unsubmitted_sheets_due(days=days):
        key = f"contests.sheets:{item['contest_id']}:judge:{item['judge_id']}:{item['step']}"
        due = item["due_on"].strftime("%d/%m/%Y")
        if item["step"] == "due":
            subject = _("Scoring closes today: %(contest)s") % {"contest": item["contest"]}
        else:
            subject = _("Scoring closes on %(day)s: %(contest)s") % {
                "day": due,
                "contest": item["contest"],
            }
        body = _(
            "You have %(n)d score sheets to submit in %(contest)s by %(day)s: %(codes)s.\n"
            "Open the portal, section Contest entries to score, to finish them."
        ) % {
            "n": len(item["codes"]),
            "contest": item["contest"],
            "day": due,
            "codes": ", ".join(item["codes"]),
        }
        if reminder_send_once(key=key, recipients=[item["email"]], subject=subject, body=body):
            sent += 1
    return sent
