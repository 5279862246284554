import pytest
from django.utils import translation

from associations.accounts import role_assign
from associations.models import RoleKind
from tests.conftest import make_user
from tests.factories import SocietyFactory, UnionFactory

from .factories import ConsultationTaskFactory, ExpertAssignmentFactory, TaskDocumentFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """Union A with one user per role, union B's staff, and a task of A in review with A's
    expert assigned (lead) and an input document."""
    union, other = UnionFactory(), UnionFactory()
    society = SocietyFactory(union=union)
    users = {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "officer": make_user("officer", union, societies=[society]),
        "expert": make_user("expert", union),
        "other_expert": make_user("expert", union),
        "judge": make_user("judge", union),
        "other_staff": make_user("staff", other),
    }
    task = ConsultationTaskFactory(union=union, status="in_review")
    assignment = ExpertAssignmentFactory(task=task, expert=users["expert"], lead=True)
    document = TaskDocumentFactory(task=task, title="Dự thảo kế hoạch")
    return {
        "union": union,
        "other_union": other,
        "users": users,
        "task": task,
        "assignment": assignment,
        "document": document,
    }


def expert_in(union):
    user = make_user(None)
    role_assign(user=user, union=union, kind=RoleKind.EXPERT)
    return user
