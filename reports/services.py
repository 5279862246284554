"""Writes for term reports: creating them, generating versions, approving."""

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from associations.models import Term, Union

from . import rendering, text, text_consultations, text_contests
from .models import FileFormat, GenerationStatus, ReportStatus, ReportVersion, TermReport
from .selectors import term_report_figures


class ReportNotReady(Exception):
    """The report cannot take this step yet; the message says why, for the user."""


def term_report_get_or_create(*, union: Union, term: Term) -> TermReport:
    """The report of a term; the next term is the one starting after it, if recorded."""
    next_term = (
        Term.objects.filter(union=union, starts_on__gt=term.starts_on).order_by("starts_on").first()
    )
    report, _created = TermReport.objects.get_or_create(
        union=union, term=term, defaults={"next_term": next_term}
    )
    return report


def term_report_context(*, report: TermReport, figures: dict) -> dict:
    """Everything the report template needs: frozen figures, narrative, computed sentences."""
    term = figures["term"]
    starts = datetime.date.fromisoformat(term["starts_on"])
    ends = datetime.date.fromisoformat(term["ends_on"])
    return {
        "report": report,
        "figures": figures,
        "sections": report_sections(report),
        "years": ends.year - starts.year,
        "place": report.place or figures["union"]["district"],
        "issued_on": report.issued_on,
        "issue_year": (report.issued_on or timezone.localdate()).year,
        "annex_blocks": annex_blocks(figures),
        "contest_sentences": text_contests.contest_sentences(figures),
        "sentences": {
            "organisation": text.organisation_sentence(figures),
            "committee": text.committee_sentence(figures),
            "structure": text.structure_sentence(figures),
            "consultations": text_consultations.consultation_sentences(figures),
        },
    }


def report_sections(report: TermReport) -> dict[str, str]:
    """The narrative by section key, from the report's ReportSection rows (templates read
    ``sections.<key>``)."""
    return report.sections


BLOCK_HEADINGS = {
    "institutional": "Khối cơ quan, doanh nghiệp, trường học",
    "local": "Khối phường, xã",
}


def annex_blocks(figures: dict) -> list[dict]:
    """The annex's societies grouped by block, each row with its change over the term."""
    blocks = []
    for block, label in BLOCK_HEADINGS.items():
        rows = [
            {**row, "change": row["at_end"] - row["at_start"]}
            for row in figures.get("annex_societies", [])
            if row["block"] == block
        ]
        if rows:
            blocks.append({"label": label, "rows": rows})
    return blocks


# --- generation state: queued -> running -> idle (done) or failed --------------------------------


def term_report_generation_request(*, report_id: int) -> str:
    """Record that a generation was asked for; returns the token the task must carry."""
    token = uuid.uuid4().hex
    TermReport.objects.filter(pk=report_id).update(
        generation_status=GenerationStatus.QUEUED,
        generation_token=token,
        generation_heartbeat_at=timezone.now(),
    )
    return token


def term_report_generation_start(*, report_id: int, token: str) -> bool:
    """Mark the request running; False when it was superseded or already finished."""
    return bool(
        TermReport.objects.filter(
            pk=report_id,
            generation_token=token,
            generation_status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING],
        ).update(generation_status=GenerationStatus.RUNNING, generation_heartbeat_at=timezone.now())
    )


def term_report_generation_fail(*, report_id: int, token: str) -> None:
    TermReport.objects.filter(pk=report_id, generation_token=token).update(
        generation_status=GenerationStatus.FAILED, generation_heartbeat_at=timezone.now()
    )


@dataclass(frozen=True)
class GenerationState:
    pending: bool  # queued or running, with recent signs of life
    failed: bool  # failed, or no sign of life for REPORT_GENERATION_STALE_AFTER seconds
    since: datetime.datetime | None


def term_report_generation_state(report: TermReport) -> GenerationState:
    status, since = report.generation_status, report.generation_heartbeat_at
    if status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING):
        stale_after = datetime.timedelta(seconds=settings.REPORT_GENERATION_STALE_AFTER)
        if since is None or timezone.now() - since > stale_after:
            return GenerationState(pending=False, failed=True, since=since)
        return GenerationState(pending=True, failed=False, since=since)
    return GenerationState(pending=False, failed=status == GenerationStatus.FAILED, since=since)


def term_report_generate(
    *, report: TermReport, user=None, file_format: str = FileFormat.PDF, token: str = ""
) -> ReportVersion:
    """Compute the figures, render the document and keep it as the report's next version.

    The version is written in one transaction at the end: an interrupted generation leaves the
    previous versions as they were.
    """
    if file_format != FileFormat.PDF:
        raise ValueError(f"Unsupported format: {file_format}")
    report = TermReport.objects.select_related("union__parent", "term", "next_term").get(
        pk=report.pk
    )
    figures = term_report_figures(union=report.union, term=report.term, next_term=report.next_term)
    if token:  # a sign of life between the two long steps
        TermReport.objects.filter(pk=report.pk, generation_token=token).update(
            generation_heartbeat_at=timezone.now()
        )
    content = rendering.term_report_pdf(term_report_context(report=report, figures=figures))
    with transaction.atomic():
        # Lock the report so two generations at once get distinct version numbers.
        TermReport.objects.select_for_update().filter(pk=report.pk).first()
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion(
            report=report,
            number=number,
            format=file_format,
            size=len(content),
            checksum=hashlib.sha256(content).hexdigest(),
            figures=figures,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        version.file.save(f"v{number}.{file_format}", ContentFile(content), save=False)
        version.save()
        # A new version needs a new approval: approval always names the version approved.
        TermReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.IN_REVIEW,
            approved_by=None,
            approved_at=None,
            approved_version=None,
            updated_at=timezone.now(),
        )
        if token:
            TermReport.objects.filter(pk=report.pk, generation_token=token).update(
                generation_status=GenerationStatus.IDLE, generation_heartbeat_at=timezone.now()
            )
    return version


def term_report_approve(*, report: TermReport, user) -> TermReport:
    """Leadership approves the latest generated version (design §3: approval who, when, what).

    The one way a report becomes approved, and only by the report's union leadership: staff
    (superusers included) who generate a report do not approve it.
    """
    if not permissions.can_approve_report(user, report):
        raise PermissionDenied(_("Only the union's leadership can approve its term report."))
    with transaction.atomic():
        report = TermReport.objects.select_for_update().get(pk=report.pk)
        latest = report.versions.order_by("-number").first()
        if latest is None:
            raise ReportNotReady(_("Generate the report before approving it."))
        report.status = ReportStatus.APPROVED
        report.approved_by = user
        report.approved_at = timezone.now()
        report.approved_version = latest
        report.save(
            update_fields=["status", "approved_by", "approved_at", "approved_version", "updated_at"]
        )
    return report
