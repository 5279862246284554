"""Writes for term reports: creating them, generating versions, approving."""

import datetime
import functools
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from associations.models import Term, Union
from core.text import vn_month

from . import (
    rendering,
    selectors,
    text,
    text_consultations,
    text_contests,
    text_period,
    text_sections,
)
from .docx import report_docx  # the Word renderer: a pure function of the same context
from .models import (
    FileFormat,
    GenerationStage,
    GenerationStatus,
    ReportKind,
    ReportStatus,
    ReportVersion,
    TermReport,
)
from .narrative import printed_sections
from .targets import target_rows


class ReportNotReady(Exception):
    """The report cannot take this step yet; the message says why, for the user."""


def term_report_get_or_create(*, union: Union, term: Term) -> TermReport:
    """The report of a term; the next term is the one starting after it, if recorded."""
    next_term = (
        Term.objects.filter(union=union, starts_on__gt=term.starts_on).order_by("starts_on").first()
    )
    report = TermReport.objects.filter(
        union=union, kind=ReportKind.TERM, term=term, period_start=term.starts_on
    ).first()
    if report is None:
        report = TermReport(union=union, kind=ReportKind.TERM, term=term, next_term=next_term)
        report.save()
        _start_draft(report)
    return report


def year_report_get_or_create(*, union: Union, year: int) -> TermReport:
    """The yearly report (báo cáo năm) of a calendar year: 1/1 to 31/12, no term needed."""
    if not 1900 <= year <= 2999:
        raise ReportNotReady(_("%(year)s is not a valid year.") % {"year": year})
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    report = TermReport.objects.filter(
        union=union, kind=ReportKind.YEAR, period_start=start, period_end=end
    ).first()
    if report is None:
        term = (
            Term.objects.filter(union=union, starts_on__lte=end, ends_on__gte=start)
            .order_by("-starts_on")
            .first()
        )
        report = TermReport(union=union, kind=ReportKind.YEAR, year=year, term=term)
        report.save()
        _start_draft(report)
    return report


def midterm_report_get_or_create(*, union: Union, term: Term, until: datetime.date) -> TermReport:
    """The mid-term review (báo cáo sơ kết) of a running term, from its start up to `until`."""
    if not term.starts_on < until <= term.ends_on:
        raise ReportNotReady(
            _("The review date must fall within the term %(label)s (%(start)s – %(end)s).")
            % {
                "label": term.label,
                "start": f"{term.starts_on:%d/%m/%Y}",
                "end": f"{term.ends_on:%d/%m/%Y}",
            }
        )
    if until > timezone.localdate():
        raise ReportNotReady(_("A mid-term review cannot cover days still to come."))
    report = TermReport.objects.filter(
        union=union, kind=ReportKind.MIDTERM, term=term, period_end=until
    ).first()
    if report is None:
        report = TermReport(
            union=union,
            kind=ReportKind.MIDTERM,
            term=term,
            period_start=term.starts_on,
            period_end=until,
        )
        report.save()
        _start_draft(report)
    return report


def _start_draft(report: TermReport) -> None:
    """A new report starts from the previous report's narrative, where there is one."""
    from .narrative_services import report_sections_draft

    report_sections_draft(report=report, from_data=False)


def report_period(report: TermReport) -> dict:
    """The period the report's wording speaks of: kind, start, end, years ("Trong 02 năm
    qua"), year and label."""
    start, end = report.period_start, report.period_end
    if report.kind == ReportKind.YEAR:
        years = 1
    else:
        years = max(1, round((end - start).days / 365.25)) if start and end else 0
    return {
        "kind": report.kind,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "years": years,
        "year": report.year if report.kind == ReportKind.YEAR else (end.year if end else None),
        "label": report.period_label,
    }


def report_figures_for(report: TermReport) -> dict:
    """The report's figures: `selectors.report_figures` over its period when it exists, the
    term wrapper otherwise (the term's own dates)."""
    period = {"start": report.period_start, "end": report.period_end}
    compute = getattr(selectors, "report_figures", None)
    if compute is not None:
        figures = compute(
            union=report.union,
            start=period["start"],
            end=period["end"],
            kind=report.kind,
            term=report.term,
            next_term=report.next_term,
        )
    elif report.term is not None:
        figures = selectors.term_report_figures(
            union=report.union, term=report.term, next_term=report.next_term
        )
    else:
        raise ReportNotReady(
            _("No term covers %(label)s: record the union's term first.")
            % {"label": report.period_label}
        )
    return figures


def report_sections(report: TermReport) -> dict[str, str]:
    """The narrative by section key, from the report's ReportSection rows (templates read
    ``sections.<key>``)."""
    return report.sections


def term_report_context(*, report: TermReport, figures: dict) -> dict:
    """Everything the report template needs: frozen figures, narrative, computed sentences.

    `period` words the period (reports.text_period): "Trong 05 năm qua", "nhiệm kỳ 2018 - 2023".
    """
    period = text_period.period_phrases(figures)
    context = {
        "report": report,
        "figures": figures,
        "period": period,
        "sections": report_sections(report),
        "years": period["years"],
        "title": report.title or report.default_title,
        "document_number": report.document_number,
        "signer_position": report.signer_position,
        "signer_name": report.signer_name,
        "place": report.place or figures["union"]["district"],
        "issued_on": report.issued_on,
        "issued_month": vn_month(report.issued_on.month) if report.issued_on else "",
        "issue_year": (report.issued_on or timezone.localdate()).year,
        "annex_blocks": annex_blocks(figures),
        "targets": target_rows(report=report, with_progress=False),
        "contest_sentences": text_contests.contest_sentences(figures),
        "sentences": {
            "organisation": text.organisation_sentence(figures),
            "committee": text.committee_sentence(figures),
            "structure": text.structure_sentence(figures),
            "consultations": text_consultations.consultation_sentences(figures),
            "communication": text_sections.communication_sentences(figures),
            "cooperation": text_sections.cooperation_sentences(figures),
            "fundraising": text_sections.fundraising_sentences(figures),
            "commendations": text_sections.commendation_sentences(figures),
        },
        "recipients": recipient_lines(report, figures),
    }
    # A section still holding the draft made from these sentences would print them twice.
    context["sections"] = printed_sections(context["sections"], context)
    return context


def recipient_lines(report: TermReport, figures: dict) -> list[str]:
    """ "Nơi nhận": the report's own lines (one a line), else the superior body and the
    member societies; the file copy ("Lưu: VT.") always last."""
    given = [
        line.strip().lstrip("-").strip().rstrip(";.")
        for line in (getattr(report, "recipients", "") or "").splitlines()
    ]
    lines = [line for line in given if line and not line.startswith("Lưu")]
    if not given or not any(given):
        superior = figures["union"].get("superior_body")
        lines = [superior, "Các hội thành viên"] if superior else ["Các hội thành viên"]
    return [*(f"- {line};" for line in lines), "- Lưu: VT."]


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
        generation_stage=GenerationStage.NONE,
        generation_percent=0,
        generation_error="",
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


def term_report_generation_progress(*, report_id: int, token: str, stage: str, percent: int):
    """A sign of life with the step reached; a superseded request writes nothing."""
    if token:
        TermReport.objects.filter(pk=report_id, generation_token=token).update(
            generation_stage=stage,
            generation_percent=percent,
            generation_heartbeat_at=timezone.now(),
        )


FAILURE_MESSAGES = {
    GenerationStage.NONE: _lazy("The generation could not start."),
    GenerationStage.FIGURES: _lazy("The figures could not be computed from the data."),
    GenerationStage.RENDER: _lazy("The document could not be laid out."),
    GenerationStage.STORE: _lazy("The file could not be stored."),
}


def generation_failure_message(*, stage: str, error: BaseException | None) -> str:
    """Why a generation failed, for the user: our own refusal's message, or the step that
    failed (no traceback, no internal detail)."""
    if isinstance(error, ReportNotReady):
        return str(error)
    step = str(FAILURE_MESSAGES.get(stage, FAILURE_MESSAGES[GenerationStage.NONE]))
    return _("%(step)s The previous versions are unchanged; try again.") % {"step": step}


def term_report_generation_fail(
    *, report_id: int, token: str, error: BaseException | None = None
) -> None:
    stage = (
        TermReport.objects.filter(pk=report_id).values_list("generation_stage", flat=True).first()
        or ""
    )
    TermReport.objects.filter(pk=report_id, generation_token=token).update(
        generation_status=GenerationStatus.FAILED,
        generation_heartbeat_at=timezone.now(),
        generation_error=generation_failure_message(stage=stage, error=error),
    )


@dataclass(frozen=True)
class GenerationState:
    pending: bool  # queued or running, with recent signs of life
    failed: bool  # failed, or no sign of life for REPORT_GENERATION_STALE_AFTER seconds
    since: datetime.datetime | None
    stage: str = ""
    percent: int = 0
    error: str = ""

    @property
    def stage_label(self) -> str:
        return str(GenerationStage(self.stage).label) if self.stage else ""


def term_report_generation_state(report: TermReport) -> GenerationState:
    status, since = report.generation_status, report.generation_heartbeat_at
    progress = {"stage": report.generation_stage, "percent": report.generation_percent}
    if status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING):
        stale_after = datetime.timedelta(seconds=settings.REPORT_GENERATION_STALE_AFTER)
        if since is None or timezone.now() - since > stale_after:
            error = _(
                "The generation stopped without finishing (no sign of life since %(since)s). "
                "The previous versions are unchanged; try again."
            ) % {"since": timezone.localtime(since).strftime("%H:%M %d/%m/%Y") if since else "—"}
            return GenerationState(pending=False, failed=True, since=since, error=error, **progress)
        return GenerationState(pending=True, failed=False, since=since, **progress)
    failed = status == GenerationStatus.FAILED
    return GenerationState(
        pending=False,
        failed=failed,
        since=since,
        error=report.generation_error if failed else "",
        **progress,
    )


def generation_status_data(report: TermReport) -> dict:
    """The generation's state as plain data (the JSON status endpoint)."""
    state = term_report_generation_state(report)
    latest = report.versions.order_by("-number").values_list("number", flat=True).first()
    return {
        "status": report.generation_status,
        "pending": state.pending,
        "failed": state.failed,
        "stage": state.stage,
        "stage_label": state.stage_label,
        "percent": 100 if not state.pending and not state.failed else state.percent,
        "error": state.error,
        "latest_version": latest,
        "report_status": report.status,
    }


def available_formats() -> list[str]:
    """The formats a generation produces: PDF always, DOCX when its renderer is installed."""
    return [FileFormat.PDF, FileFormat.DOCX]


def _checked(content: bytes) -> tuple[int, str]:
    return len(content), hashlib.sha256(content).hexdigest()


def _store(version: ReportVersion, field: str, filename: str, content: bytes) -> None:
    """Save one of the version's files under its own name (`reports/<id>/v3.pdf`). A file left
    at that name by a generation that was killed before its row was written (the files are
    stored first) belongs to no version: it is removed rather than kept beside a renamed copy.
    The report's row lock, held here, keeps any other generation of this report out."""
    file = getattr(version, field)
    name = file.field.generate_filename(version, filename)
    referenced = ReportVersion.objects.filter(Q(file=name) | Q(docx_file=name)).exists()
    if not referenced and file.storage.exists(name):
        file.storage.delete(name)
    file.save(filename, ContentFile(content), save=False)


def _unstore(version: ReportVersion) -> None:
    for file in (version.file, version.docx_file):
        if file and file.name:
            file.storage.delete(file.name)


def term_report_generate(
    *, report: TermReport, user=None, file_format: str = FileFormat.PDF, token: str = ""
) -> ReportVersion:
    """Compute the figures, render the document(s) and keep them as the report's next version.

    The figures are frozen into the version; the PDF is always made, the DOCX too when its
    renderer is installed (`file_format` only checks what was asked for is possible). The
    version is written in one transaction at the end: an interrupted generation leaves the
    previous versions as they were.
    """
    if file_format not in FileFormat.values:
        raise ValueError(f"Unsupported format: {file_format}")
    if file_format not in available_formats():
        raise ReportNotReady(
            _("The %(format)s format is not available on this server.")
            % {"format": str(file_format).upper()}
        )
    report = TermReport.objects.select_related("union__parent", "term", "next_term").get(
        pk=report.pk
    )
    if report.status == ReportStatus.PUBLISHED:
        raise ReportNotReady(_("The report is published: it takes no new version."))
    step = functools.partial(term_report_generation_progress, report_id=report.pk, token=token)
    step(stage=GenerationStage.FIGURES, percent=5)
    figures = report_figures_for(report)
    step(stage=GenerationStage.RENDER, percent=30)
    context = term_report_context(report=report, figures=figures)
    content = rendering.term_report_pdf(context)
    step(stage=GenerationStage.RENDER, percent=60)
    docx_content = report_docx(context)
    step(stage=GenerationStage.STORE, percent=85)
    with transaction.atomic():
        # Lock the report so two generations at once get distinct version numbers.
        locked = TermReport.objects.select_for_update().filter(pk=report.pk).first()
        if locked.status == ReportStatus.PUBLISHED:
            raise ReportNotReady(_("The report is published: it takes no new version."))
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        size, checksum = _checked(content)
        version = ReportVersion(
            report=report,
            number=number,
            format=FileFormat.PDF,
            size=size,
            checksum=checksum,
            figures=figures,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        try:
            _store(version, "file", f"v{number}.pdf", content)
            if docx_content is not None:
                version.docx_size, version.docx_checksum = _checked(docx_content)
                _store(version, "docx_file", f"v{number}.docx", docx_content)
            version.save()
        except BaseException:
            _unstore(version)  # the row is not written: neither are its files
            raise
        # A new version is submitted for review and needs a new approval: approval always names
        # the version approved.
        now = timezone.now()
        TermReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.IN_REVIEW,
            submitted_by=version.created_by,
            submitted_at=now,
            approved_by=None,
            approved_at=None,
            approved_version=None,
            updated_at=now,
        )
        if token:
            TermReport.objects.filter(pk=report.pk, generation_token=token).update(
                generation_status=GenerationStatus.IDLE,
                generation_heartbeat_at=now,
                generation_stage=GenerationStage.NONE,
                generation_percent=100,
                generation_error="",
            )
    return version


def term_report_approve(*, report: TermReport, user) -> TermReport:
    """Leadership approves the latest generated version (reports.workflow.report_approve)."""
    from .workflow import report_approve  # the workflow builds on this module

    return report_approve(report=report, user=user)
