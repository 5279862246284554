"""Writes of a report's targets: add, change, move, delete (each atomic, version-checked)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from core.concurrency import Version, lock_and_check

from .models import Target, TermReport

FIELDS = ("wording", "metric", "comparison", "value", "period")


@transaction.atomic
def target_create(*, report: TermReport, data: dict[str, Any]) -> Target:
    """A new target, last in the report's list."""
    TermReport.objects.select_for_update().filter(pk=report.pk).first()
    last = report.targets.aggregate(n=Max("order"))["n"]
    target = Target(report=report, order=0 if last is None else last + 1)
    for name in FIELDS:
        setattr(target, name, data[name])
    target.save()
    return target


@transaction.atomic
def target_update(
    *, report: TermReport, target: Target, data: dict[str, Any], version: Version | None
) -> Target:
    """Change a target; refused (StaleVersion) when someone changed it since the form showed it."""
    target = lock_and_check(report.targets.all(), target.pk, version)
    for name in FIELDS:
        setattr(target, name, data[name])
    target.save()
    return target


@transaction.atomic
def target_move(*, report: TermReport, target: Target, step: int) -> None:
    """Move a target one place up (step -1) or down (+1); the orders are renumbered 0, 1, …"""
    targets = list(report.targets.select_for_update().order_by("order", "pk"))
    index = next(i for i, item in enumerate(targets) if item.pk == target.pk)
    other = index + step
    if 0 <= other < len(targets):
        targets[index], targets[other] = targets[other], targets[index]
    for order, item in enumerate(targets):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


@transaction.atomic
def target_delete(*, report: TermReport, target: Target) -> None:
    target = report.targets.select_for_update().get(pk=target.pk)
    target.delete()
