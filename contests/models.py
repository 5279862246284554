"""Contests (hội thi), their entries, judging, awards and the initiatives registry.

Versions for optimistic concurrency are computed from the rows (core.concurrency,
field name `record_version` on the forms): no column is needed for them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import SortKeyField


class ContestKind(models.TextChoices):
    TECHNICAL_CREATIVITY = "technical_creativity", _("Technical creativity contest")
    YOUTH_CREATIVITY = "youth_creativity", _("Youth and children creativity contest")
    LABOUR_CREATIVITY = "labour_creativity", _("Creative labour")
    OTHER = "other", _("other")


class Level(models.TextChoices):
    DISTRICT = "district", _("district level")
    PROVINCE = "province", _("provincial level")
    NORTHERN_REGION = "northern_region", _("Northern region")
    NATIONAL = "national", _("national level")


LEVEL_ORDER = [Level.DISTRICT, Level.PROVINCE, Level.NORTHERN_REGION, Level.NATIONAL]


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for entries")
    JUDGING = "judging", _("judging")
    CLOSED = "closed", _("closed")


class EntryField(models.TextChoices):
    ECONOMY = "economy", _("economy")
    CULTURE_SOCIETY = "culture_society", _("culture and society")
    DEFENCE_SECURITY = "defence_security", _("defence and security")
    INDUSTRY_CRAFTS = "industry_crafts", _("industry and handicrafts")
    AGRICULTURE = "agriculture", _("agriculture")
    EDUCATION = "education", _("education and training")
    HEALTH = "health", _("health")
    IT = "it", _("information technology")
    OTHER = "other", _("other")


class Rank(models.TextChoices):
    SPECIAL = "special", _("special prize")
    FIRST = "first", _("first prize")
    SECOND = "second", _("second prize")
    THIRD = "third", _("third prize")
    CONSOLATION = "consolation", _("consolation prize")


class RecognitionLevel(models.TextChoices):
    UNIT = "unit", _("unit level")
    DISTRICT = "district", _("district level")
    PROVINCE = "province", _("provincial level")
    NATIONAL = "national", _("ministerial or national level")


def _user_fk(verbose_name, related_name, *, null=True):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.SET_NULL if null else models.PROTECT,
        related_name=related_name,
    )


class Contest(models.Model):
    union = models.ForeignKey(
        "associations.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="contests",
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ContestKind)
    level = models.CharField(_("organiser level"), max_length=20, choices=Level)
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    scoring_due_on = models.DateField(
        _("scoring due on"),
        null=True,
        blank=True,
        help_text=_("The judges' deadline; reminders count back from it."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(_("judges per entry"), default=3)
    normalise_scores = models.BooleanField(
        _("normalise scores per judge"),
        default=False,
        help_text=_("Rank by per-judge z-scores so that a harsh judge does not sink entries."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ContestStatus, default=ContestStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["union", "name", "year"], name="contest_unique_name"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="contest_closes_after_opens",
            ),
        ]
        indexes = [models.Index(fields=["union", "year"], name="contest_union_year_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date is before the opening date.")})

    def window_open_on(self, day) -> bool:
        """Entries may be submitted on `day`: the contest is open and `day` is in its window."""
        return (
            self.status == ContestStatus.OPEN
            and (self.opens_on is None or self.opens_on <= day)
            and (self.closes_on is None or day <= self.closes_on)
        )


class Criterion(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_score__gt=0), name="criterion_max_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries"
    )
    union = models.ForeignKey(
        "associations.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    society = models.ForeignKey(
        "associations.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    title = models.CharField(_("title"), max_length=500)
    field = models.CharField(_("field"), max_length=30, choices=EntryField, default="other")
    unit = models.CharField(
        _("unit"), max_length=300, blank=True, help_text=_("School, company or office.")
    )
    summary = models.TextField(_("summary"), blank=True)
    author_names = models.TextField(
        _("other authors"), blank=True, help_text=_("Authors who are not members, one a line.")
    )
    authors = models.ManyToManyField(
        "members.Member", verbose_name=_("authors"), blank=True, related_name="contest_entries"
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = _user_fk(_("created by"), "+")
    sort_title = SortKeyField(source="title")
    history = HistoricalRecords(excluded_fields=["sort_title"], m2m_fields=[authors])

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["sort_title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "society", "title"], name="entry_unique_title"
            ),
            models.UniqueConstraint(
                fields=["contest", "code"], condition=~Q(code=""), name="entry_unique_code"
            ),
        ]
        indexes = [models.Index(fields=["contest", "society"], name="entry_contest_society_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_title"}
        super().save(*args, **kwargs)

    def author_lines(self) -> list[str]:
        return [line.strip() for line in self.author_names.splitlines() if line.strip()]


def entry_attachment_path(instance: EntryAttachment, filename: str) -> str:
    return f"contests/entries/{instance.entry_id}/{filename}"


class EntryAttachment(models.Model):
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=entry_attachment_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = _user_fk(_("uploaded by"), "+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry attachment")
        verbose_name_plural = _("entry attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Award(models.Model):
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="awards"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank)
    year = models.PositiveSmallIntegerField(_("year"))
    awarding_body = models.CharField(_("awarding body"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "level", "year"], name="award_unique_level"),
        ]
        indexes = [models.Index(fields=["year", "level"], name="award_year_level_idx")]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} · {self.get_level_display()} · {self.year}"


class Forwarding(models.Model):
    """An entry sent on to the next round (the level it goes to), kept as history."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="forwardings"
    )
    level = models.CharField(_("forwarded to"), max_length=20, choices=Level)
    year = models.PositiveSmallIntegerField(_("year"))
    forwarded_on = models.DateField(_("forwarded on"))
    forwarded_by = _user_fk(_("forwarded by"), "+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        ordering = ["forwarded_on", "id"]

    def __str__(self) -> str:
        return f"{self.entry} → {self.get_level_display()} ({self.year})"


class Initiative(models.Model):
    union = models.ForeignKey(
        "associations.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    society = models.ForeignKey(
        "associations.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=500)
    authors = models.TextField(_("authors"), blank=True)
    field = models.CharField(_("field"), max_length=30, choices=EntryField, default="other")
    recognition_level = models.CharField(
        _("recognition level"), max_length=20, choices=RecognitionLevel
    )
    year = models.PositiveSmallIntegerField(_("year"))
    applied = models.BooleanField(_("applied"), default=False)
    applied_where = models.CharField(_("applied where"), max_length=300, blank=True)
    benefit = models.TextField(_("benefit"), blank=True)
    sort_title = SortKeyField(source="title")
    history = HistoricalRecords(excluded_fields=["sort_title"])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "sort_title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "title", "year"], name="initiative_unique_title"
            ),
        ]
        indexes = [models.Index(fields=["union", "year"], name="initiative_union_year_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_title"}
        super().save(*args, **kwargs)


class JudgeAssignment(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="assignments"
    )
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="assignments"
    )
    judge = _user_fk(_("judge"), "judge_assignments", null=False)
    assigned_by = _user_fk(_("assigned by"), "+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    automatic = models.BooleanField(_("assigned automatically"), default=False)
    submitted_at = models.DateTimeField(_("sheet submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["entry_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="assignment_unique_judge"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry.code or self.entry_id}"


class JudgeConflict(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="conflicts"
    )
    judge = _user_fk(_("judge"), "judge_conflicts", null=False)
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=500)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="conflict_unique_judge"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry_id}"


class Score(models.Model):
    assignment = models.ForeignKey(
        JudgeAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment_id", "criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="score_unique_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.value}"

    def clean(self):
        if self.value is not None and self.criterion_id and self.value > self.criterion.max_score:
            raise ValidationError(
                {
                    "value": _("The score is above the criterion's maximum (%(max)s).")
                    % {"max": self.criterion.max_score}
                }
            )


class SheetReopening(models.Model):
    assignment = models.ForeignKey(
        JudgeAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="reopenings",
    )
    reopened_by = _user_fk(_("reopened by"), "+", null=False)
    reason = models.TextField(_("reason"))
    reopened_at = models.DateTimeField(_("reopened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reopened score sheet")
        verbose_name_plural = _("reopened score sheets")
        ordering = ["reopened_at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.reopened_at:%d/%m/%Y}"
