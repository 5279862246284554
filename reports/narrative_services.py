"""Writes of a report's narrative: saving a section (versioned, checked against concurrent
edits) and drafting the sections of a new report from its data and the previous report.

Used by the portal's narrative pages and by the admin's narrative fields alike.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from associations import permissions
from core.concurrency import StaleVersion, current_version

from .models import ReportKind, ReportSection, ReportStatus, TermReport
from .narrative import SECTIONS, narrative_clean, section_sentences

# The version of a section not written yet: a save expecting it is refused once it exists.
NEW_SECTION = "new"
VERSION_FIELDS = ("text",)
DRAFT_FROM_DATA = "draft:data"
DRAFT_FROM_PREVIOUS = "draft:previous:"


class NarrativeLocked(Exception):
    """The report is published: its narrative can no longer change (message for the user)."""


def narrative_locked(report: TermReport) -> bool:
    return report.status == ReportStatus.PUBLISHED


def section_version(section: ReportSection | None) -> str:
    """The version token a form carries for `section` (NEW_SECTION before its first save)."""
    if section is None or section.pk is None:
        return NEW_SECTION
    return current_version(ReportSection, section.pk, VERSION_FIELDS) or NEW_SECTION


def _locked_report(report: TermReport) -> TermReport:
    report = TermReport.objects.select_for_update().get(pk=report.pk)
    if narrative_locked(report):
        raise NarrativeLocked(_("The report is published: its narrative can no longer be edited."))
    return report


def report_section_save(
    *, report: TermReport, key: str, text: str, user, version: str | None
) -> ReportSection:
    """Save the text of section `key`, sanitised, as a new revision naming `user`.

    `version` is what the editor saw (`section_version`); a save over a text changed since is
    refused with `StaleVersion` (its `current` is the other person's version). `None` skips the
    check (drafting, which writes only empty sections). A save that changes nothing records no
    revision.
    """
    if key not in SECTIONS:
        raise ValueError(f"Unknown narrative section: {key!r}")
    if user is not None and not permissions.can_edit_report_narrative(user, report):
        raise PermissionDenied(_("Only the union's staff can edit the report's narrative."))
    cleaned = narrative_clean(text)
    with transaction.atomic():
        # The report's row is the lock of all its sections: a first save of a section by two
        # people at once is serialised here too.
        report = _locked_report(report)
        section = ReportSection.objects.filter(report=report, key=key).first()
        if version is not None:
            current = section_version(section)
            if version != current:
                raise StaleVersion(ReportSection, section.pk if section else None, current)
        if section is None:
            section = ReportSection(report=report, key=key, text="")
        elif section.text == cleaned:
            return section
        section.text = cleaned
        section.updated_by = _person(user)
        section._history_user = section.updated_by
        section.save()
    return section


def _person(user):
    return user if user is not None and user.is_authenticated else None


# --- drafting ----------------------------------------------------------------------------------


def previous_report(report: TermReport) -> TermReport | None:
    """The same union's report of the same kind for the period before this one (the previous
    term's report, last year's report), if there is one."""
    if report.period_start is None:
        return None
    return (
        TermReport.objects.filter(
            union_id=report.union_id, kind=report.kind, period_end__lt=report.period_start
        )
        .select_related("term", "next_term")
        .order_by("-period_start")
        .first()
    )


def _paragraphs(sentences: list[str]) -> str:
    return narrative_clean("\n".join(sentences))


def report_context(report: TermReport) -> dict:
    """The report's document context (figures and computed sentences), computed once."""
    from .services import report_figures_for, term_report_context

    report = TermReport.objects.select_related("union__parent", "term", "next_term").get(
        pk=report.pk
    )
    return term_report_context(report=report, figures=report_figures_for(report))


def report_sections_draft(
    *, report: TermReport, user=None, context: dict | None = None, from_data: bool = True
) -> list[str]:
    """Give every empty section of `report` a starting text; returns the keys filled.

    Where the previous term's report has text for a section, that text is the start (its term
    labels replaced by this report's); otherwise the sentences the document computes for the
    section, as plain paragraphs. Sections with text are left alone. Each draft is a revision
    whose reason says where it came from (the page shows it until someone edits the section).
    Without `from_data` (a report just created) only the previous report's text is taken: the
    document prints the computed sentences itself, so copying them would print them twice.
    """
    if not from_data:
        context = {}
    if context is None:
        from .services import ReportNotReady

        try:
            context = report_context(report)
        except ReportNotReady:  # no figures for the period yet: the previous text still helps
            context = {}
    computed = section_sentences(context)
    previous = previous_report(report)
    previous_texts = (
        dict(previous.section_texts.exclude(text="").values_list("key", "text")) if previous else {}
    )
    filled = []
    with transaction.atomic():
        report = _locked_report(report)
        existing = {section.key: section for section in ReportSection.objects.filter(report=report)}
        for key in SECTIONS:
            section = existing.get(key)
            if section is not None and section.text.strip():
                continue
            if previous_texts.get(key):
                text = _relabel(narrative_clean(previous_texts[key]), previous, report)
                reason = f"{DRAFT_FROM_PREVIOUS}{previous.pk}"
            elif computed.get(key):
                text, reason = _paragraphs(computed[key]), DRAFT_FROM_DATA
            else:
                continue
            section = section or ReportSection(report=report, key=key)
            section.text = text
            section.updated_by = _person(user)
            section._history_user = section.updated_by
            section._change_reason = reason
            section.save()
            filled.append(key)
    return filled


def _relabel(text: str, previous: TermReport, report: TermReport) -> str:
    """The previous report's text with its periods named as this report's (2013 - 2018 → 2018 -
    2023, its next term → this report's next term; last year → this year for a yearly report)."""
    swaps = []
    if report.kind == ReportKind.YEAR and previous.year and report.year:
        swaps.append((str(previous.year), str(report.year)))
    if previous.next_term_id and report.next_term_id:
        swaps.append((previous.next_term.label, report.next_term.label))
    if previous.term_id and report.term_id:
        swaps.append((previous.term.label, report.term.label))
    placeholders = {}
    for index, (old, new) in enumerate(swaps):
        if old and old != new:
            marker = f"\x00{index}\x00"
            text = text.replace(old, marker)
            placeholders[marker] = new
    for marker, new in placeholders.items():
        text = text.replace(marker, new)
    return text


def draft_origin(reason: str | None) -> str:
    """ "data", "previous" or "" from a revision's change reason."""
    if not reason:
        return ""
    if reason == DRAFT_FROM_DATA:
        return "data"
    if reason.startswith(DRAFT_FROM_PREVIOUS):
        return "previous"
    return ""
