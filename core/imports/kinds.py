"""What a kind of record is made of: rows, the plan of an import, the run's context, kinds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from .bulk import insert_with_history, update_with_history
from .columns import Column, norm
from .problems import MAX_ISSUES, ImportIssue, TooManyIssues


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    raw: list


@dataclass
class Plan:
    """What an import would do; `apply` writes it."""

    outcomes: list[tuple[Row, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    details: dict[str, int] = field(default_factory=dict)


class Context:
    """One import run: scope, the columns found, and the problems collected so far."""

    def __init__(self, *, kind: Kind, union, user, filename: str, dry_run: bool):
        self.kind = kind
        self.union = union
        self.user = user
        self.filename = filename
        self.dry_run = dry_run
        self.issues: list[ImportIssue] = []
        self.headers: dict[str, str] = {}  # column key -> header as written in the file
        self.present: set[str] = set()  # keys of the columns the file has
        self.bad_rows: set[int] = set()

    @property
    def change_reason(self) -> str:
        return (gettext("Import from %(file)s") % {"file": self.filename or "-"})[:100]

    def column_name(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self.headers.get(key, key)

    def error(self, row: int | None, key: str | None, message: str, code: str) -> None:
        self.add(ImportIssue(message, code, row, self.column_name(key)))

    def add(self, issue: ImportIssue) -> None:
        if issue.row is not None:
            self.bad_rows.add(issue.row)
        self.issues.append(issue)
        if len(self.issues) >= MAX_ISSUES:
            raise TooManyIssues


class Kind:
    """A kind of record that imports and exports (one per row of design §6's table)."""

    name: str = ""
    verbose_name: Any = None  # what the user calls it, when not the model's plural name
    model: Any = None
    columns: list[Column] = []
    # Groups of columns of which at least one must be present, e.g. member_code or full_name.
    required_any: tuple[tuple[str, ...], ...] = ()
    needs_union: bool = True
    # The kinds whose records this one refers to: a full load imports them first.
    depends_on: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return self.by_key[key]

    @property
    def by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @property
    def header_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for column in self.columns:
            for name in (column.key, column.label, *column.aliases):
                lookup.setdefault(norm(name), column.key)
        return lookup

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        raise NotImplementedError

    def apply(self, ctx: Context, plan: Plan) -> None:
        raise NotImplementedError

    def export_queryset(self, union):
        raise NotImplementedError

    def export_rows(self, queryset) -> Iterable[dict[str, Any]]:
        raise NotImplementedError


# --- kinds keyed by a natural key ------------------------------------------------------------


def save_bulk(ctx: Context, model, creates: list, updates: list[tuple[Any, list[str]]]) -> None:
    """Write with history records (who, when, why) in bulk."""
    insert_with_history(model, creates, user=ctx.user, reason=ctx.change_reason)
    if updates:
        fields = sorted({name for _, changed in updates for name in changed})
        update_with_history(
            model,
            [instance for instance, _ in updates],
            fields,
            user=ctx.user,
            reason=ctx.change_reason,
        )


def duplicate_error(ctx: Context, row: int, key: str, first: int) -> None:
    ctx.error(
        row,
        key,
        gettext("duplicate row: the same record as row %(row)d") % {"row": first},
        "duplicate_row",
    )


class KeyedKind(Kind):
    """A kind whose rows map one-to-one to records found by a natural key.

    Subclasses implement `load` (lookups, once), `resolve` (a row to its key and field values; None
    after reporting an error), `new` (an unsaved instance) and optionally `check` (rules across
    rows). Only the columns present in the file are compared and written.
    """

    duplicate_column = ""

    def load(self, ctx: Context) -> dict[str, Any]:
        return {}

    def resolve(self, ctx: Context, row: Row, state: dict) -> tuple[Any, dict] | None:
        raise NotImplementedError

    def new(self, ctx: Context, values: dict) -> Any:
        return self.model(union=ctx.union, **values)

    def check(self, ctx: Context, row: Row, instance: Any, state: dict) -> None:
        pass

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        state = self.load(ctx)
        existing: dict = state["existing"]
        plan = Plan()
        seen: dict[Any, int] = {}
        creates, updates = [], []
        for row in rows:
            if row.number in ctx.bad_rows:
                continue
            resolved = self.resolve(ctx, row, state)
            if resolved is None:
                continue
            key, values = resolved
            if key in seen:
                duplicate_error(ctx, row.number, self.duplicate_column, seen[key])
                continue
            seen[key] = row.number
            instance = existing.get(key)
            if instance is None:
                instance = self.new(ctx, values)
                creates.append(instance)
                action = "new"
            else:
                changed = [
                    name for name, value in values.items() if getattr(instance, name) != value
                ]
                for name in changed:
                    setattr(instance, name, values[name])
                if changed:
                    updates.append((instance, changed))
                action = "update" if changed else "skip"
            self.check(ctx, row, instance, state)
            plan.outcomes.append((row, action))
        plan.data = {"creates": creates, "updates": updates, "state": state}
        return plan

    def apply(self, ctx: Context, plan: Plan) -> None:
        save_bulk(ctx, self.model, plan.data["creates"], plan.data["updates"])


def pick(values: dict, present: set[str], mapping: dict[str, str]) -> dict:
    """Model field values for the columns present in the file (column key -> field name)."""
    return {name: values[key] for key, name in mapping.items() if key in present}
