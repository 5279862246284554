import pytest

from members.privacy.anonymise import member_anonymise
from tests.conftest import make_user
from tests.factories import MemberFactory, SocietyFactory, UnionFactory

from .factories import EntryFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_person_scrubs_their_name_from_entries_and_initiatives_of_their_union():
    society = SocietyFactory()
    member = MemberFactory(union=society.union, full_name="Trần Thị Hoà Bình")
    entry = EntryFactory(
        society=society, union=society.union, author_names="Trần Thị Hoà Bình\nLê Văn Nam"
    )
    initiative = InitiativeFactory(
        society=society, union=society.union, authors="Trần Thị Hoà Bình, Lê Văn Nam"
    )
    elsewhere = SocietyFactory(union=UnionFactory())
    namesake = EntryFactory(
        society=elsewhere, union=elsewhere.union, author_names="Trần Thị Hoà Bình"
    )

    member = member_anonymise(member=member, user=make_user("staff", society.union))

    entry.refresh_from_db()
    initiative.refresh_from_db()
    namesake.refresh_from_db()
    history = [row.author_names for row in entry.history.all()]
    assert (entry.author_names, initiative.authors, namesake.author_names) == (
        f"{member.full_name}\nLê Văn Nam",
        f"{member.full_name}, Lê Văn Nam",
        "Trần Thị Hoà Bình",
    )
    assert [text for text in history if "Hoà Bình" in text] == []
