"""Factory-built data sets for the report tests (deliberately not the demo data)."""

import datetime

from associations.models import SocietyKind
from tests.factories import MemberFactory, MembershipFactory, SocietyFactory, TermFactory

TERM_START = datetime.date(2018, 7, 1)
TERM_END = datetime.date(2023, 12, 31)


def join(society, *, joined_on=datetime.date(2015, 1, 1), left_on=None, member=None):
    member = member or MemberFactory(union=society.union)
    return MembershipFactory(member=member, society=society, joined_on=joined_on, left_on=left_on)


def decrease_dataset():
    """7 societies active at the term's end, 12 memberships at its start and 9 at its end."""
    term = TermFactory(starts_on=TERM_START, ends_on=TERM_END)
    union = term.union
    institutional = [
        SocietyFactory(union=union, kind=kind)
        for kind in (SocietyKind.AGENCY, SocietyKind.ENTERPRISE, SocietyKind.SCHOOL)
    ] + [SocietyFactory(union=union, kind=SocietyKind.HEALTH, founded_on=datetime.date(2020, 3, 1))]
    local = [
        SocietyFactory(union=union, kind=kind)
        for kind in (SocietyKind.WARD, SocietyKind.WARD, SocietyKind.COMMUNE)
    ]
    dissolved = SocietyFactory(
        union=union, kind=SocietyKind.AGENCY, dissolved_on=datetime.date(2021, 6, 30)
    )
    founded_after = SocietyFactory(
        union=union, kind=SocietyKind.WARD, founded_on=datetime.date(2024, 3, 1)
    )
    # 8 memberships held all term long; one person is in two societies.
    doctor = MemberFactory(union=union)
    join(institutional[0], member=doctor)
    join(local[0], member=doctor)
    for society in institutional[1:3] + local:
        join(society)
    join(local[2])
    # Joined during the term: counted at the end only.
    join(institutional[3], joined_on=datetime.date(2020, 3, 1))
    # Left during the term, or went with the dissolved society: counted at the start only.
    join(institutional[0], left_on=datetime.date(2020, 5, 1))
    join(local[1], left_on=datetime.date(2022, 1, 15))
    join(dissolved, left_on=dissolved.dissolved_on)
    join(dissolved, left_on=dissolved.dissolved_on)
    # Joined after the term: not counted.
    join(founded_after, joined_on=datetime.date(2024, 3, 1))
    # Left before the term started: not counted.
    join(institutional[1], joined_on=datetime.date(2012, 1, 1), left_on=datetime.date(2017, 1, 1))
    # Another union's societies and members: never counted.
    other = SocietyFactory(kind=SocietyKind.WARD)
    for _ in range(3):
        join(other)
    return union, term


def following_term(union):
    """The term after TermFactory's default one ("2018 - 2023")."""
    return TermFactory(
        union=union,
        congress_number=5,
        label="2023 - 2028",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
