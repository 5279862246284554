"""Route × role rows of the report narrative pages (merged into tests/reports/matrix.py).

Staff of the report's union write the narrative, its leadership read it; officers, experts and
judges have no report pages (403); another union's report is not found (404).
"""

from __future__ import annotations

from django.urls import reverse

from reports.models import ReportSection
from tests.route_matrix import Row, answers, history_id, named

# Columns: anonymous staff leadership officer expert judge other_staff.
READ = answers("login 200 200 403 403 403 404")
READ_FORGED = answers("login 404 404 403 403 403 200")
WRITE = answers("login 200 403 403 403 403 404")
WRITE_FORGED = answers("login 404 404 403 403 403 200")
POST_ONLY = answers("login 405 405 403 403 403 405")


def section_page(name: str, **extra):
    def build(records):
        kwargs = {"pk": records.termreport.pk, "key": records.reportsection.key}
        for key, attribute in extra.items():
            kwargs[key] = getattr(records, attribute)
        return reverse(f"reports:{name}", kwargs=kwargs)

    return build


def records(ns, *, users):
    """A written section (with its first revision) in each union's report."""
    ns.reportsection = ReportSection.objects.create(
        report=ns.termreport, key="ii", text="<p>Những tồn tại</p>"
    )
    ns.reportsection_revision = history_id(ns.reportsection)


ROWS: dict = {
    "reports:narrative_sections": Row(
        named("reports:narrative_sections", pk="termreport.pk"), READ, READ_FORGED
    ),
    "reports:narrative_draft": Row(
        named("reports:narrative_draft", pk="termreport.pk"), POST_ONLY, POST_ONLY
    ),
    "reports:narrative_edit": Row(section_page("narrative_edit"), WRITE, WRITE_FORGED),
    "reports:narrative_history": Row(section_page("narrative_history"), READ, READ_FORGED),
    "reports:narrative_diff": Row(
        section_page("narrative_diff", history_id="reportsection_revision"), READ, READ_FORGED
    ),
}

# POSTs of union A's roles to union B's report (staff leadership officer expert judge).
FORGED_POSTS: dict = {
    "reports:narrative_edit": (404, 404, 403, 403, 403),
    "reports:narrative_draft": (404, 404, 403, 403, 403),
}


def state(ns) -> dict:
    """Union B's narrative a forged write could touch."""
    return {
        "sections": list(
            ReportSection.objects.filter(report=ns.termreport).values_list("key", "text")
        ),
        "revisions": ReportSection.history.filter(report_id=ns.termreport.pk).count(),
    }
