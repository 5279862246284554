import datetime

import pytest

from submissions import services
from tests.conftest import make_user
from tests.factories import SocietyFactory, UnionFactory

YEAR = 2024
DEADLINE = datetime.date(2025, 1, 15)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    """A union with two societies, each with its officer; the union's staff and leadership; a
    round of 2024 opened on 01/12/2024 (its opening e-mails wait for a commit: none here)."""
    union = UnionFactory()
    own = SocietyFactory(union=union, name="Hội Y học")
    other = SocietyFactory(union=union, name="Hội Nông nghiệp")
    users = {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "officer": make_user("officer", union, societies=[own]),
        "other_officer": make_user("officer", union, societies=[other]),
    }
    round_ = services.round_open(
        union=union,
        data={
            "title": "Báo cáo năm 2024",
            "period_kind": "year",
            "year": YEAR,
            "deadline": DEADLINE,
        },
        user=users["staff"],
        today=datetime.date(2024, 12, 1),
    )
    subs = {s.society_id: s for s in round_.submissions.all()}
    return {
        "union": union,
        "own": own,
        "other": other,
        "users": users,
        "round": round_,
        "mine": subs[own.pk],
        "theirs": subs[other.pk],
    }
