"""The score sheet as page rows and as a spreadsheet: pure functions of `ScoreSheet`.

Files are written by core.spreadsheets like every export (formulas neutralised). One line per
entry and judge: every judge × criterion × entry, with the judge's total and the entry's scores
and ranks repeated on each of its lines so that the file sorts and filters as it stands.
"""

from __future__ import annotations

from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import spreadsheets

from .judging import vn_decimal
from .judging_selectors import ScoreSheet

_DASH = "—"


def _comments(sheet: ScoreSheet, comments: list[str]) -> str:
    return "; ".join(
        f"{criterion['name']}: {comment}"
        for criterion, comment in zip(sheet.criteria, comments, strict=True)
        if comment
    )


def sheet_display_rows(sheet: ScoreSheet) -> list[dict]:
    """What the page shows, formatted once here so that the template only loops."""
    rows = []
    for row in sheet.rows:
        rank = row.normalised_rank if sheet.normalise else row.raw_rank
        lines = [
            {
                "assignment_id": line.assignment_id,
                "judge": line.judge,
                "submitted": line.submitted,
                "cells": [vn_decimal(value) for value in line.values],
                # The criteria's cells as HTML (numbers or "—"), joined once here.
                "cells_html": format_html_join(
                    "", '<td class="num">{}</td>', ((vn_decimal(value),) for value in line.values)
                ),
                "comments": _comments(sheet, line.comments),
                "total": vn_decimal(line.total, 2),
            }
            for line in row.lines
        ]
        rows.append(
            {
                "code": row.code,
                "title": row.title,
                "society": row.society,
                "unit": row.unit,
                "rank": rank if rank is not None else _DASH,
                "raw": vn_decimal(row.raw, 2),
                "normalised": vn_decimal(row.normalised, 2),
                "submitted": row.submitted,
                "short": row.submitted < sheet.per_entry,
                "lines": lines,
                "span": max(1, len(lines)),
            }
        )
    return rows


def score_sheet_header(sheet: ScoreSheet) -> list[str]:
    criteria = [
        _("%(name)s (max %(max)s)") % {"name": c["name"], "max": vn_decimal(c["max_score"])}
        for c in sheet.criteria
    ]
    return [
        pgettext("judging", "Code"),
        pgettext("judging", "Title"),
        _("Society"),
        pgettext("judging", "Unit"),
        pgettext("judging", "Judge"),
        *criteria,
        _("Judge's total (of 100)"),
        pgettext("judging", "Submitted"),
        pgettext("judging", "Comments"),
        pgettext("judging", "Mean score"),
        pgettext("judging", "Rank"),
        pgettext("judging", "Normalised score"),
        pgettext("judging", "Rank (normalised)"),
    ]


def score_sheet_rows(sheet: ScoreSheet):
    yes, no = _("yes"), pgettext("judging", "no")
    blank = [None] * len(sheet.criteria)
    for row in sheet.rows:
        tail = [row.raw, row.raw_rank, row.normalised, row.normalised_rank]
        head = [row.code, row.title, row.society, row.unit]
        if not row.lines:
            yield [*head, None, *blank, None, None, None, *tail]
            continue
        for line in row.lines:
            total = None if line.total is None else round(line.total, 2)
            yield [
                *head,
                line.judge,
                *[None if v is None else float(v) for v in line.values],
                total,
                yes if line.submitted else no,
                _comments(sheet, line.comments),
                *tail,
            ]


def score_sheet_file(sheet: ScoreSheet, *, fmt: str) -> tuple[bytes, str]:
    header = score_sheet_header(sheet)
    rows = score_sheet_rows(sheet)
    if fmt == "xlsx":
        body = spreadsheets.write_xlsx(header, rows, title=pgettext("judging", "Score sheet"))
        return body, spreadsheets.XLSX_CONTENT_TYPE
    return spreadsheets.write_csv(header, rows), spreadsheets.CSV_CONTENT_TYPE
