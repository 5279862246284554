"""The member list's floor and peer for the benchmark (members/bench.py), served only by the
benchmark's server (core.bench_urls): the same search, page and order as the directory.

- `floor_list`: raw SQL returning the page (its rows, their active societies, the total);
- `PeerList`: a plain ListView filtering with Django's `__unaccent__icontains` (PostgreSQL).
"""

from __future__ import annotations

import functools
from html import escape

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.models import CharField
from django.http import HttpResponse
from django.template import engines
from django.utils import timezone
from django.views.generic import ListView

from associations.models import Union
from core.text import fold

from .models import Member

PAGE_SIZE = 50
BENCH_SLUG = "bench-province"

if connection.vendor == "postgresql":
    from django.contrib.postgres.lookups import Unaccent

    CharField.register_lookup(Unaccent)  # what django.contrib.postgres does when installed


@functools.cache
def _union_id() -> int:
    return Union.objects.get(slug=BENCH_SLUG).id


_WHERE = (
    " FROM members_member m WHERE m.union_id = %s AND m.search_text LIKE %s ESCAPE '\\'"
    " AND EXISTS (SELECT 1 FROM members_membership s WHERE s.member_id = m.id"
    " AND s.joined_on <= %s AND (s.left_on IS NULL OR s.left_on > %s))"
)


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def floor_list(request):
    today = timezone.localdate()
    folded = fold(request.GET.get("q", ""))
    pattern = "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    params = [_union_id(), pattern, today, today]
    offset = (_page(request) - 1) * PAGE_SIZE
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*)" + _WHERE, params)  # noqa: S608 - constant SQL
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT m.id, m.full_name, m.member_code, m.gender, m.birth_year, m.qualification,"  # noqa: S608
            " m.field, m.workplace" + _WHERE + " ORDER BY m.sort_name, m.id LIMIT %s OFFSET %s",
            [*params, PAGE_SIZE, offset],
        )
        rows = cursor.fetchall()
        societies: dict[int, list[str]] = {row[0]: [] for row in rows}
        if rows:
            marks = ", ".join(["%s"] * len(rows))
            cursor.execute(
                "SELECT s.member_id, o.name FROM members_membership s"  # noqa: S608
                " JOIN associations_society o ON o.id = s.society_id"
                f" WHERE s.member_id IN ({marks}) AND s.joined_on <= %s"
                " AND (s.left_on IS NULL OR s.left_on > %s) ORDER BY o.name",
                [*societies, today, today],
            )
            for member_id, name in cursor.fetchall():
                societies[member_id].append(name)
    body = [f"<p>{total}</p><table>"]
    for row in rows:
        cells = "".join(f"<td>{escape(str(v or '—'))}</td>" for v in row[1:])
        body.append(f"<tr>{cells}<td>{escape('; '.join(societies[row[0]]))}</td></tr>")
    body.append("</table>")
    return HttpResponse("".join(body))


PEER_TEMPLATE = engines["django"].from_string(
    "<p>{{ paginator.count }}</p><table>{% for m in object_list %}<tr><td>{{ m.full_name }}</td>"
    "<td>{{ m.member_code|default:'—' }}</td><td>{{ m.get_gender_display }}</td>"
    "<td>{{ m.birth_year|default_if_none:'—' }}</td><td>{{ m.get_qualification_display }}</td>"
    "<td>{{ m.field }}</td><td>{{ m.workplace }}</td></tr>{% endfor %}</table>"
)


class PeerList(LoginRequiredMixin, ListView):
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        members = Member.objects.filter(union_id=_union_id()).order_by("sort_name", "id")
        query = fold(self.request.GET.get("q", ""))
        return members.filter(full_name__unaccent__icontains=query) if query else members

    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(PEER_TEMPLATE.render(context, self.request))
