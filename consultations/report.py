"""Section 2.2 of the term report (tư vấn, phản biện và giám định xã hội) and its annex.

`consultation_term_figures` is plain JSON data, frozen with the report's other figures, computed
in ONE query whatever the number of tasks: the term's tasks with their recommendations counted
per adoption, everything else worked out from those rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from core.text import sort_key

from .models import Adoption, ConsultationTask, TaskStatus, TaskType

__all__ = ["TYPE_LABELS", "consultation_term_figures"]

# The annex's "Loại" column, as the report prints it.
TYPE_LABELS = {
    TaskType.CONSULTATION: "Tư vấn",
    TaskType.CRITIQUE: "Phản biện",
    TaskType.SOCIAL_ASSESSMENT: "Giám định xã hội",
}


def consultation_term_figures(
    *,
    start: datetime.date,
    end: datetime.date,
    union_id: int | None = None,
    union_ids: Iterable[int] | None = None,
) -> dict:
    """The union's tasks received in [start, end] (cancelled ones aside), in one query.

    One union (`union_id`) or several summed (`union_ids`: a parent union's roll-up).

    - `by_type`: tasks per type (every type present, 0 included);
    - `requesting_bodies`: the bodies that asked, the most frequent first, then in Vietnamese
      order;
    - `recommendations`: total, adopted, partly adopted — counted from the itemised
      recommendations, or for a task without any, from the counts imported with it;
    - `programmes`: the titles reviewed, in the order received;
    - `annex`: one row per task for the annex table.
    """
    rows = (
        ConsultationTask.objects.filter(
            union_id__in=[union_id] if union_ids is None else list(union_ids),
            received_on__gte=start,
            received_on__lte=end,
        )
        .exclude(status=TaskStatus.CANCELLED)
        .annotate(
            items=Count("recommendations"),
            items_adopted=Count(
                "recommendations", filter=Q(recommendations__adoption=Adoption.ADOPTED)
            ),
            items_partly=Count(
                "recommendations", filter=Q(recommendations__adoption=Adoption.PARTLY)
            ),
        )
        .order_by("received_on", "id")
        .values(
            "id",
            "title",
            "type",
            "requesting_body",
            "received_on",
            "delivered_on",
            "status",
            "imported_recommendations",
            "imported_adopted",
            "items",
            "items_adopted",
            "items_partly",
        )
    )
    by_type = dict.fromkeys(TaskType.values, 0)
    bodies: dict[str, int] = {}
    totals = {"total": 0, "adopted": 0, "partly": 0}
    annex = []
    delivered = 0
    for row in rows:
        by_type[row["type"]] = by_type.get(row["type"], 0) + 1
        body = row["requesting_body"].strip()
        if body:
            bodies[body] = bodies.get(body, 0) + 1
        if row["items"]:
            counts = (row["items"], row["items_adopted"], row["items_partly"])
        else:
            counts = (row["imported_recommendations"] or 0, row["imported_adopted"] or 0, 0)
        totals["total"] += counts[0]
        totals["adopted"] += counts[1]
        totals["partly"] += counts[2]
        done = row["delivered_on"] is not None or row["status"] in (
            TaskStatus.DELIVERED,
            TaskStatus.CLOSED,
        )
        delivered += done
        annex.append(
            {
                "title": row["title"],
                "type": row["type"],
                "type_label": TYPE_LABELS.get(row["type"], row["type"]),
                "requesting_body": body,
                "received_on": row["received_on"].isoformat(),
                "delivered_on": row["delivered_on"].isoformat() if row["delivered_on"] else None,
                "recommendations": counts[0],
                "adopted": counts[1],
                "partly": counts[2],
            }
        )
    return {
        "total": len(annex),
        "delivered": delivered,
        "by_type": by_type,
        "requesting_bodies": sorted(bodies, key=lambda name: (-bodies[name], sort_key(name))),
        "recommendations": totals,
        "programmes": [row["title"] for row in annex],
        "annex": annex,
    }
