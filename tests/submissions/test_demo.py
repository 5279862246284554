"""The rounds demo: a past round all accepted with one society late and reminded, an open one."""

import datetime

import pytest

from associations.models import Union
from core.demo import load_demo
from core.reminders import reminders_for
from submissions.demo import LATE_SOCIETY, PAST_YEAR
from submissions.models import Round, SubmissionStatus
from submissions.selectors import reminder_prefix, submission_figures

pytestmark = pytest.mark.django_db


def test_demo_past_round_all_accepted_one_late_and_reminded():
    load_demo()
    union = Union.objects.get(slug="hong-linh")
    past = Round.objects.get(union=union, year=PAST_YEAR)
    submissions = list(past.submissions.select_related("round", "society"))
    late = [s for s in submissions if not s.on_time()]

    assert {s.status for s in submissions} == {SubmissionStatus.ACCEPTED}
    assert [s.society.name for s in late] == [LATE_SOCIETY]
    keys = [r.key.rsplit(":", 2)[-2:] for r in reminders_for(reminder_prefix(late[0]))]
    assert len(keys) == 3
    figures = submission_figures(
        union_ids=[union.pk],
        start=datetime.date(PAST_YEAR, 1, 1),
        end=datetime.date(PAST_YEAR, 12, 31),
    )
    assert (figures["accepted"], figures["on_time"]) == (len(submissions), len(submissions) - 1)


def test_demo_has_an_open_round_and_loads_once():
    load_demo()
    load_demo()
    union = Union.objects.get(slug="hong-linh")
    open_round = Round.objects.get(union=union, year__gt=PAST_YEAR)

    statuses = sorted(set(open_round.submissions.values_list("status", flat=True)))
    assert statuses == sorted(
        [SubmissionStatus.NOT_STARTED, SubmissionStatus.IN_PROGRESS, SubmissionStatus.SUBMITTED]
    )
    assert Round.objects.filter(union=union).count() == 2
