"""Erasing a person from every app: the scrubbers each app registers, and text helpers for them.

A person is erased by `members.privacy.anonymise.member_anonymise`, which rewrites the
person's own record and history, then calls every registered scrubber in the same transaction.
An app that keeps the person's identity in its own tables (free-text author names of contest
entries, experts of consultations, named recipients…) registers, in its `AppConfig.ready()`
or in a module imported by it:

    from core.personal_data import Erasure, register_scrubber, scrub_model_text

    def scrub_entries(erasure: Erasure) -> int:
        return scrub_model_text(Entry, ["authors"], erasure)

    register_scrubber("contests.entries", scrub_entries)

A scrubber receives the `Erasure`: the member (already anonymised: its fields hold the
anonymised values) and what identified the person before (`full_name`, `email`, `phone`,
`member_code`), and the code that now stands for them. It returns how many rows it changed
(for the record of the erasure). It must not write the old identity anywhere, nor add history
rows carrying it; `scrub_model_text` rewrites a model's rows and its django-simple-history rows
with `QuerySet.update()`, which makes no new history record.

Core imports no app: the registry only holds callables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

__all__ = [
    "Erasure",
    "register_scrubber",
    "run_scrubbers",
    "scrub_model_text",
    "scrub_text",
    "scrubbers",
]


@dataclass(frozen=True)
class Erasure:
    """One person being erased: who they were (to find them in free text) and their new code."""

    member: Any
    code: str
    full_name: str = ""
    email: str = ""
    phone: str = ""
    member_code: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)  # other strings that named them

    def needles(self) -> list[str]:
        """The strings to look for, longest first (so a name goes before a part of it)."""
        found = {_nfc(value).strip() for value in (self.full_name, self.email, self.phone)}
        found |= {_nfc(value).strip() for value in self.extra}
        if self.member_code:
            found.add(self.member_code.strip())
        return sorted((value for value in found if len(value) >= 3), key=len, reverse=True)


_scrubbers: dict[str, Callable[[Erasure], int]] = {}


def register_scrubber(name: str, scrubber: Callable[[Erasure], int]) -> None:
    """Register (or replace, on a second import) how app data is scrubbed of a person."""
    _scrubbers[name] = scrubber


def scrubbers() -> dict[str, Callable[[Erasure], int]]:
    return dict(_scrubbers)


def run_scrubbers(erasure: Erasure) -> dict[str, int]:
    """Every registered scrubber, in registration order: rows changed by each."""
    return {name: scrubber(erasure) for name, scrubber in _scrubbers.items()}


# --- text helpers ---------------------------------------------------------------------------


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


def _pattern(needles: Iterable[str]) -> re.Pattern | None:
    needles = [needle for needle in needles if needle]
    if not needles:
        return None
    # Whole words only: erasing "Nguyễn Văn An" leaves "Nguyễn Văn Anh" alone.
    alternatives = "|".join(re.escape(needle) for needle in needles)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub_text(text: str | None, erasure: Erasure) -> str | None:
    """`text` with every mention of the person (name, e-mail, phone, code) replaced by the code."""
    if not text:
        return text
    pattern = _pattern(erasure.needles())
    if pattern is None:
        return text
    return pattern.sub(erasure.code, _nfc(text))


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def scrub_model_text(
    model: type[models.Model],
    fields: Iterable[str],
    erasure: Erasure,
    *,
    filters: dict[str, Any] | None = None,
    queryset: models.QuerySet | None = None,
    history: bool = True,
) -> int:
    """Replace mentions of the person in `fields` of `model`'s rows (those matching `filters`,
    or `queryset`) and of its history rows (django-simple-history, when it has some; `filters`
    apply to them too: keep them to fields the history has, like `union_id`).

    Rows are found with a `contains` filter per field and needle, rewritten in Python (whole
    words, case-insensitive) and saved with `update()`: no new history row, no signal.
    Returns the number of rows changed.
    """
    fields = list(fields)
    needles = erasure.needles()
    if not fields or not needles:
        return 0
    changed = 0
    filters = filters or {}
    rows = queryset if queryset is not None else model._default_manager.all()
    targets = [(model, rows.filter(**filters))]
    history_model = _history_model(model) if history else None
    if history_model is not None:
        targets.append((history_model, history_model._default_manager.filter(**filters)))
    for target, rows in targets:
        condition = Q()
        for name in fields:
            for needle in needles:
                condition |= Q(**{f"{name}__icontains": needle})
        pk_name = target._meta.pk.attname
        for row in rows.filter(condition).values(pk_name, *fields).iterator():
            updates = {}
            for name in fields:
                new = scrub_text(row[name], erasure)
                if new != row[name]:
                    updates[name] = new
            if updates:
                target._default_manager.filter(**{pk_name: row[pk_name]}).update(**updates)
                changed += 1
    return changed
