"""Route × role rows of erasure, the retention review and the processing record: staff only,
another union's person is not found (the person to erase is the records' member)."""

from __future__ import annotations

from ..route_matrix import Row, answers, fixed, named

STAFF_ONLY = answers("login 200 403 403 403 403 200")
ERASE_OWN = answers("login 200 403 403 403 403 404")
ERASE_FORGED = answers("login 404 403 403 403 403 200")

ROWS: dict[str, Row] = {
    "members:privacy_erase_confirm": Row(
        named("members:privacy_erase_confirm", pk="member.pk"), ERASE_OWN, ERASE_FORGED
    ),
    "members:privacy_retention_review": Row(fixed("/privacy/retention/"), STAFF_ONLY),
    "members:privacy_record": Row(fixed("/privacy/record/"), STAFF_ONLY),
}

# A forged erasure (staff of union A posting union B's person) must change nothing.
FORGED_POSTS: dict[str, tuple] = {"members:privacy_erase_confirm": (404, 403, 403, 403, 403)}
