"""The report's workflow: draft → in review → approved → published, and back to draft.

Every transition locks the report row, checks its status and the rules inside the same
transaction, and records who and when. A refused transition changes nothing and says why
(``TransitionRefused``, a ``ReportNotReady``); a user without the role gets ``PermissionDenied``.

    draft      → in_review   submit    staff (a generated version exists; generating also submits)
    in_review  → approved    approve   leadership, not the one who generated the latest version;
                                       a report can't be approved before its period has ended
    in_review  → draft       return    staff or leadership (withdraw / send back)
    approved   → draft       return    staff or leadership
    approved   → published   publish   leadership; the approved version becomes the published one
    published  → (nothing)             a published report and its published version are immutable
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from associations import permissions

from .models import ReportKind, ReportStatus, TermReport
from .services import ReportNotReady, term_report_generation_state


class TransitionRefused(ReportNotReady):
    """The transition is not allowed now; the message says why."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: object  # lazy text: the button
    done: object  # lazy text: the message once done


TRANSITIONS = {
    "submit": Transition(
        "submit",
        (ReportStatus.DRAFT,),
        ReportStatus.IN_REVIEW,
        _lazy("Submit for review"),
        _lazy("The report has been submitted for review."),
    ),
    "approve": Transition(
        "approve",
        (ReportStatus.IN_REVIEW,),
        ReportStatus.APPROVED,
        _lazy("Approve"),
        _lazy("The report has been approved."),
    ),
    "return": Transition(
        "return",
        (ReportStatus.IN_REVIEW, ReportStatus.APPROVED),
        ReportStatus.DRAFT,
        _lazy("Return to draft"),
        _lazy("The report is back in draft."),
    ),
    "publish": Transition(
        "publish",
        (ReportStatus.APPROVED,),
        ReportStatus.PUBLISHED,
        _lazy("Publish"),
        _lazy("The report has been published."),
    ),
}


def may(user, report, name: str) -> bool:
    """Whether the user's role allows the transition at all (the status aside)."""
    if name == "submit":
        return permissions.can_generate_report(user, report)
    if name in ("approve", "publish"):
        return permissions.can_approve_report(user, report)
    if name == "return":
        return permissions.can_generate_report(user, report) or permissions.can_approve_report(
            user, report
        )
    return False


def _refuse_status(report: TermReport, transition: Transition) -> None:
    if report.status == ReportStatus.PUBLISHED:
        raise TransitionRefused(_("The report is published: it can no longer change."))
    if report.status not in transition.sources:
        raise TransitionRefused(
            _("This step is not possible while the report is %(status)s.")
            % {"status": report.get_status_display()}
        )


def refusal(*, report: TermReport, user, name: str) -> str:
    """Why the transition would be refused now ("" when it would go through), without writing:
    the pages show it before the user confirms."""
    try:
        _check(report=report, user=user, transition=TRANSITIONS[name])
    except (TransitionRefused, PermissionDenied) as error:
        return str(error) or _("You may not take this step.")
    return ""


def _check(*, report: TermReport, user, transition: Transition):
    """Every rule of a transition; returns the report's latest version (or None)."""
    if not may(user, report, transition.name):
        raise PermissionDenied(_("You may not take this step on this report."))
    _refuse_status(report, transition)
    latest = report.versions.order_by("-number").first()
    if transition.name == "approve" and latest is None:
        raise TransitionRefused(_("Generate the report before approving it."))
    if transition.name == "submit" and latest is None:
        raise TransitionRefused(_("Generate a version before submitting the report for review."))
    pending = term_report_generation_state(report).pending
    if transition.name in ("approve", "publish", "submit") and pending:
        raise TransitionRefused(_("A new version is being generated; wait for it to finish first."))
    if transition.name == "approve":
        if latest.created_by_id is not None and latest.created_by_id == user.pk:
            raise TransitionRefused(
                _(
                    "You generated version %(number)s yourself: someone else of the leadership "
                    "must approve it."
                )
                % {"number": latest.number}
            )
        today = timezone.localdate()
        if report.kind == ReportKind.TERM and report.term and today < report.term.ends_on:
            raise TransitionRefused(
                _(
                    "The term %(label)s ends on %(end)s: its term report cannot be approved "
                    "before then."
                )
                % {"label": report.term.label, "end": f"{report.term.ends_on:%d/%m/%Y}"}
            )
        if report.period_end and today < report.period_end:
            raise TransitionRefused(
                _("The report's period ends on %(end)s: it cannot be approved before then.")
                % {"end": f"{report.period_end:%d/%m/%Y}"}
            )
    if transition.name == "publish" and report.approved_version_id is None:
        raise TransitionRefused(_("Approve a version before publishing the report."))
    return latest


def report_transition(*, report: TermReport, user, name: str, reason: str = "") -> TermReport:
    """Take one step of the workflow (see the module's table)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("Unknown step."))
    if not may(user, report, name):  # before locking: a role without business gets 403
        raise PermissionDenied(_("You may not take this step on this report."))
    with transaction.atomic():
        report = (
            TermReport.objects.select_for_update().select_related("term", "union").get(pk=report.pk)
        )
        latest = _check(report=report, user=user, transition=transition)
        now = timezone.now()
        fields = ["status", "updated_at"]
        report.status = transition.target
        if name == "submit":
            report.submitted_by, report.submitted_at = user, now
            fields += ["submitted_by", "submitted_at"]
        elif name == "approve":
            report.approved_by, report.approved_at, report.approved_version = user, now, latest
            fields += ["approved_by", "approved_at", "approved_version"]
        elif name == "return":
            report.approved_by = report.approved_at = report.approved_version = None
            fields += ["approved_by", "approved_at", "approved_version"]
        elif name == "publish":
            report.published_by, report.published_at = user, now
            report.published_version = report.approved_version
            fields += ["published_by", "published_at", "published_version"]
        report._change_reason = reason[:100] if reason else transition.name
        report.save(update_fields=fields)
    return report


def report_submit(*, report: TermReport, user) -> TermReport:
    return report_transition(report=report, user=user, name="submit")


def report_approve(*, report: TermReport, user) -> TermReport:
    """Leadership approves the latest generated version (design §3: approval who, when, what).

    Only by the report's union leadership, never by whoever generated that version: staff
    (superusers included) who generate a report do not approve it.
    """
    if not permissions.can_approve_report(user, report):
        raise PermissionDenied(_("Only the union's leadership can approve its term report."))
    return report_transition(report=report, user=user, name="approve")


def report_return(*, report: TermReport, user, reason: str = "") -> TermReport:
    return report_transition(report=report, user=user, name="return", reason=reason)


def report_publish(*, report: TermReport, user) -> TermReport:
    return report_transition(report=report, user=user, name="publish")


def available_transitions(*, report: TermReport, user) -> list[Transition]:
    """The steps the user's role may take from the report's status (the buttons shown)."""
    return [
        transition
        for name, transition in TRANSITIONS.items()
        if report.status in transition.sources and may(user, report, name)
    ]
