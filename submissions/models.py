"""Reporting rounds: each society reports its year (or half-year) through the portal.

A `Round` asks every active society of a union for its report over a period; each society's
answer is a `Submission`. The figures a submission stands for are the registry's own records
(members, activities, initiatives, entries) counted live over the round's period: nothing is
copied. A submission holds only its narrative and where it stands.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    HALF_YEAR = "half_year", _("half-year")


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")


# Statuses in which the society has done its part (nothing is late, nothing is reminded).
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
# Statuses in which the society may still write (and submit).
OPEN_FOR_SOCIETY = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.RETURNED,
)

# The parts a round may ask for: field name → what the society is asked.
PARTS = ("asks_members", "asks_activities", "asks_initiatives", "asks_entries", "asks_narrative")


def _user_fk(verbose_name, related_name="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def period_of(*, kind: str, year: int, half: int | None) -> tuple[datetime.date, datetime.date]:
    """The first and last day a round covers: the calendar year, or its first or second half."""
    if kind == PeriodKind.HALF_YEAR:
        if half == 2:
            return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class Round(models.Model):
    union = models.ForeignKey(
        "associations.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="submission_rounds",
    )
    title = models.CharField(_("title"), max_length=300)
    period_kind = models.CharField(
        _("period"), max_length=20, choices=PeriodKind, default=PeriodKind.YEAR
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half of the year"),
        null=True,
        blank=True,
        choices=[(1, _("first half")), (2, _("second half"))],
        help_text=_("For a half-year round: the first (January–June) or second half."),
    )
    period_start = models.DateField(_("period starts on"))
    period_end = models.DateField(_("period ends on"))
    deadline = models.DateField(_("deadline"))
    asks_members = models.BooleanField(_("member changes"), default=True)
    asks_activities = models.BooleanField(_("activities"), default=True)
    asks_initiatives = models.BooleanField(_("initiatives"), default=True)
    asks_entries = models.BooleanField(_("contest entries"), default=True)
    asks_narrative = models.BooleanField(
        _("results, difficulties and proposals"),
        default=True,
        help_text=_("A short narrative of the results, the difficulties and the proposals."),
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = _user_fk(_("opened by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "period_start", "period_end"], name="round_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="round_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def parts(self) -> list[str]:
        return [name for name in PARTS if getattr(self, name)]

    def is_past_deadline(self, today: datetime.date) -> bool:
        return today > self.deadline


class Submission(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="submissions"
    )
    society = models.ForeignKey(
        "associations.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus,
        default=SubmissionStatus.NOT_STARTED,
    )
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    return_comment = models.TextField(_("comment on return"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = _user_fk(_("accepted by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "society__sort_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "society"], name="submission_unique_society"),
        ]
        indexes = [models.Index(fields=["round", "status"], name="submission_round_status_idx")]

    def __str__(self) -> str:
        return f"{self.round} · {self.society}"

    @property
    def handed_in(self) -> bool:
        return self.status in HANDED_IN

    def is_late(self, today: datetime.date) -> bool:
        """Past the deadline and not handed in (a returned submission is late again)."""
        return today > self.round.deadline and not self.handed_in

    def on_time(self) -> bool | None:
        """Whether it was first handed in by the deadline; None while never handed in."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.round.deadline


class SubmissionTransition(models.Model):
    """One move of a submission's status: who, when, from and to, and the comment of a return."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=SubmissionStatus)
    to_status = models.CharField(_("to"), max_length=20, choices=SubmissionStatus)
    by = _user_fk(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
