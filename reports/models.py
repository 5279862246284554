"""Reports (term, yearly, mid-term), their narrative, targets and every generated file.

A published report and its published version are immutable: their ``save`` and ``delete`` refuse
(``PublishedReportError``), and so do the sections and targets of a published report. The
workflow's transitions live in ``reports.workflow``; the status is never edited directly.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Term, Union


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")


class ReportKind(models.TextChoices):
    TERM = "term", _("Term report")
    YEAR = "year", _("Yearly report")
    MIDTERM = "midterm", _("Mid-term review")


class GenerationStage(models.TextChoices):
    NONE = "", _("not started")
    FIGURES = "figures", _("Computing the figures")
    RENDER = "render", _("Rendering the document")
    STORE = "store", _("Storing the file")


class PublishedReportError(Exception):
    """A published report, its published version, sections and targets cannot change."""


class GenerationStatus(models.TextChoices):
    IDLE = "idle", _("idle")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being generated")
    FAILED = "failed", _("failed")


class TermReport(models.Model):
    """A report of a union over a period: a term, a calendar year or a running term up to a date.

    The class keeps its historical name; ``kind`` says which report it is.
    """

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="term_reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind, default=ReportKind.TERM)
    term = models.ForeignKey(
        Term,
        verbose_name=_("term reported"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    next_term = models.ForeignKey(
        Term,
        verbose_name=_("next term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("period starts on"), null=True, blank=True)
    period_end = models.DateField(_("period ends on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    place = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("Place in the date line.")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    document_number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_('For example "15/BC-LHH".')
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=100, blank=True, help_text=_('For example "CHỦ TỊCH".')
    )
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_('"Nơi nhận": one recipient a line.')
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("approved version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The generation in progress, if any (reports.services, "generation"): a new request gets a new
    # token, so a task redelivered after a lost worker does not run a superseded request.
    generation_status = models.CharField(
        _("generation"), max_length=10, choices=GenerationStatus, default=GenerationStatus.IDLE
    )
    generation_token = models.CharField(max_length=32, blank=True, editable=False)
    generation_heartbeat_at = models.DateTimeField(
        _("generation last active at"), null=True, blank=True, editable=False
    )
    generation_stage = models.CharField(
        _("generation stage"),
        max_length=10,
        choices=GenerationStage,
        blank=True,
        editable=False,
    )
    generation_percent = models.PositiveSmallIntegerField(
        _("generation progress (%)"), default=0, editable=False
    )
    generation_error = models.TextField(_("why the generation failed"), blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=[
            "generation_status",
            "generation_token",
            "generation_heartbeat_at",
            "generation_stage",
            "generation_percent",
            "generation_error",
        ]
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "kind", "period_start", "period_end"],
                name="report_unique_per_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="year") | Q(term__isnull=False), name="report_term_needs_term"
            ),
            models.CheckConstraint(
                condition=~Q(kind="year") | Q(year__isnull=False), name="report_year_needs_year"
            ),
        ]

    def __init__(self, *args, **kwargs):
        self._pending_sections: dict | None = None
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.period_label}"

    def save(self, *args, **kwargs):
        if self._stored_status() == ReportStatus.PUBLISHED:
            raise PublishedReportError(_("A published report cannot be changed."))
        self.fill_period()
        super().save(*args, **kwargs)
        pending, self._pending_sections = self._pending_sections, None
        for key, text in (pending or {}).items():
            ReportSection.objects.update_or_create(
                report=self, key=key, defaults={"text": text or ""}
            )

    def delete(self, *args, **kwargs):
        if self._stored_status() == ReportStatus.PUBLISHED:
            raise PublishedReportError(_("A published report cannot be deleted."))
        return super().delete(*args, **kwargs)

    # --- the period -------------------------------------------------------------------------

    def fill_period(self) -> None:
        """Default period: the term's dates, or the calendar year; a mid-term review ends on the
        chosen date (period_end), today's date if none was chosen."""
        if self.kind == ReportKind.YEAR and self.year:
            self.period_start = self.period_start or datetime.date(self.year, 1, 1)
            self.period_end = self.period_end or datetime.date(self.year, 12, 31)
        elif self.term_id is not None:
            term = self.term
            self.period_start = self.period_start or term.starts_on
            if self.period_end is None:
                if self.kind == ReportKind.TERM:
                    self.period_end = term.ends_on
                else:
                    self.period_end = min(term.ends_on, timezone.localdate())

    @property
    def period_label(self) -> str:
        """ "nhiệm kỳ 2018 - 2023", "năm 2024", "nhiệm kỳ 2018 - 2023 (đến ngày 30/06/2020)"."""
        if self.kind == ReportKind.YEAR:
            return f"năm {self.year}"
        label = f"nhiệm kỳ {self.term.label}" if self.term_id else ""
        if self.kind == ReportKind.MIDTERM and self.period_end:
            label += f" (đến ngày {self.period_end:%d/%m/%Y})"
        return label

    @property
    def default_title(self) -> str:
        if self.kind == ReportKind.YEAR:
            return f"BÁO CÁO KẾT QUẢ HOẠT ĐỘNG NĂM {self.year}"
        label = self.term.label if self.term_id else ""
        if self.kind == ReportKind.MIDTERM:
            return f"BÁO CÁO SƠ KẾT GIỮA NHIỆM KỲ {label}"
        title = f"BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ {label}"
        if self.next_term_id:
            title += f", PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ {self.next_term.label}"
        return title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    # --- narrative sections (ReportSection rows) ----------------------------------------------

    @property
    def sections(self) -> dict[str, str]:
        """The narrative by section key, read from the report's ReportSection rows."""
        stored = {}
        if self.pk:
            stored = {section.key: section.text for section in self.section_texts.all()}
        return {**stored, **(self._pending_sections or {})}

    @sections.setter
    def sections(self, value: dict[str, str]) -> None:
        """Texts to store with the next save (the admin's text areas, fixtures); portal edits go
        through the narrative services, which keep who changed what."""
        self._pending_sections = dict(value or {})

    # --- immutability -------------------------------------------------------------------------

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


def version_path(instance: "ReportVersion", filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportVersion(models.Model):
    """One generation of a report: its file, checksum and the figures it was computed from."""

    report = models.ForeignKey(
        TermReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    format = models.CharField(_("format"), max_length=10, choices=FileFormat)
    file = models.FileField(_("file"), upload_to=version_path, max_length=500)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    figures = models.JSONField(_("figures"), default=dict)
    # The same generation as a Word file, when the DOCX renderer is available.
    docx_file = models.FileField(_("Word file"), upload_to=version_path, max_length=500, blank=True)
    docx_size = models.PositiveBigIntegerField(_("Word file size (bytes)"), null=True, blank=True)
    docx_checksum = models.CharField(_("Word file SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · v{self.number} ({self.format})"

    def save(self, *args, **kwargs):
        if self._stored_published():
            raise PublishedReportError(_("A published version cannot be changed."))
        if (
            self.pk is None
            and TermReport.objects.filter(pk=self.report_id, status=ReportStatus.PUBLISHED).exists()
        ):
            raise PublishedReportError(_("A published report takes no new version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_published():
            raise PublishedReportError(_("A published version cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def download_name(self) -> str:
        report = self.report
        if report.kind == ReportKind.YEAR:
            stem = f"bao-cao-nam-{report.year}"
        elif report.kind == ReportKind.MIDTERM:
            until = report.period_end.isoformat() if report.period_end else ""
            stem = f"bao-cao-so-ket-{report.term.label.replace(' ', '')}-{until}"
        else:
            stem = f"bao-cao-nhiem-ky-{report.term.label.replace(' ', '')}"
        return f"{stem}-v{self.number}.{self.format}"

    @property
    def docx_download_name(self) -> str:
        return self.download_name.rsplit(".", 1)[0] + ".docx"

    @property
    def is_published(self) -> bool:
        report = self.report
        return report.status == ReportStatus.PUBLISHED and report.published_version_id == self.pk

    def _stored_published(self) -> bool:
        if self.pk is None:
            return False
        return TermReport.objects.filter(
            published_version_id=self.pk, status=ReportStatus.PUBLISHED
        ).exists()


def _refuse_if_published(report_id: int | None) -> None:
    if (
        report_id
        and TermReport.objects.filter(pk=report_id, status=ReportStatus.PUBLISHED).exists()
    ):
        raise PublishedReportError(_("A published report cannot be changed."))


class ReportSection(models.Model):
    """The narrative of one section of a report (keys: reports.narrative.SECTIONS)."""

    report = models.ForeignKey(
        TermReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="section_texts"
    )
    key = models.CharField(_("section"), max_length=40)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="section_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.key}"

    def save(self, *args, **kwargs):
        _refuse_if_published(self.report_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.report_id)
        return super().delete(*args, **kwargs)


class TargetComparison(models.TextChoices):
    AT_LEAST = "at_least", "≥"
    AT_MOST = "at_most", "≤"
    EQUAL = "equal", "="


class TargetPeriod(models.TextChoices):
    PER_YEAR = "per_year", _("per year")
    WHOLE_TERM = "whole_term", _("whole term")


class Target(models.Model):
    """A target (chỉ tiêu) the report's Part Two sets for the next term."""

    report = models.ForeignKey(
        TermReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.CharField(_("metric"), max_length=60)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=TargetComparison, default=TargetComparison.AT_LEAST
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    period = models.CharField(
        _("period"), max_length=12, choices=TargetPeriod, default=TargetPeriod.PER_YEAR
    )
    wording = models.TextField(_("wording"), help_text=_("The sentence printed in Part Two."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["report", "order", "id"]

    def __str__(self) -> str:
        return self.wording[:80]

    def save(self, *args, **kwargs):
        _refuse_if_published(self.report_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.report_id)
        return super().delete(*args, **kwargs)
