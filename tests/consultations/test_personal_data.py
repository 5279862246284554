import pytest

from members.privacy.anonymise import member_anonymise
from tests.conftest import make_user
from tests.factories import MemberFactory

from .factories import ConsultationTaskFactory, OpinionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_person_scrubs_their_name_from_opinions_and_recommendations():
    task = ConsultationTaskFactory()
    member = MemberFactory(union=task.union, full_name="Phan Đình Quế")
    opinion = OpinionFactory(assignment__task=task, text="Theo ý kiến của ông Phan Đình Quế, …")
    recommendation = RecommendationFactory(task=task, text="Đề nghị Phan Đình Quế rà soát.")
    other = RecommendationFactory(text="Đề nghị Phan Đình Quế rà soát.")

    member = member_anonymise(member=member, user=make_user("staff", task.union))

    opinion.refresh_from_db()
    recommendation.refresh_from_db()
    other.refresh_from_db()
    assert (opinion.text, recommendation.text, other.text) == (
        f"Theo ý kiến của ông {member.full_name}, …",
        f"Đề nghị {member.full_name} rà soát.",
        "Đề nghị Phan Đình Quế rà soát.",
    )
