"""Route × role rows of the opinion letter's pages (merged into tests/consultations/matrix.py).

They use the records that file creates in each union: a task in review (`consultationtask`)
and a generated letter (`opinionletter`). Staff write, generate and deliver letters, leadership
read and download them; experts, officers and judges have no business here.
"""

from __future__ import annotations

from tests.route_matrix import Row, answers, named

# Columns: anonymous staff leadership officer expert judge other_staff.
READ = answers("login 200 200 403 403 403 404")
READ_FORGED = answers("login 404 404 403 403 403 200")
WRITE = answers("login 200 403 403 403 403 404")
WRITE_FORGED = answers("login 404 404 403 403 403 200")


def task_page(name: str, own, forged) -> Row:
    return Row(named(f"consultations:{name}", task_pk="consultationtask.pk"), own, forged)


def letter_page(name: str, own, forged) -> Row:
    return Row(named(f"consultations:{name}", pk="opinionletter.pk"), own, forged)


ROWS: dict = {
    "consultations:letter_detail": task_page("letter_detail", READ, READ_FORGED),
    "consultations:letter_edit": task_page("letter_edit", WRITE, WRITE_FORGED),
    "consultations:letter_generate": task_page("letter_generate", WRITE, WRITE_FORGED),
    "consultations:letter_download": letter_page("letter_download", READ, READ_FORGED),
    "consultations:letter_deliver": letter_page("letter_deliver", WRITE, WRITE_FORGED),
}

# POSTs of union A's roles to union B's records (staff leadership officer expert judge).
LETTER_FORGED_POST = (404, 404, 403, 403, 403)
FORGED_POSTS: dict = {
    "consultations:letter_edit": LETTER_FORGED_POST,
    "consultations:letter_generate": LETTER_FORGED_POST,
    "consultations:letter_deliver": LETTER_FORGED_POST,
}
