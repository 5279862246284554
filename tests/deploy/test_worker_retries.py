"""Workers on other hosts, retried safely: every periodic task may run twice (a second beat,
a redelivered message), a task cut off half-way is run again, and nothing is done twice.

The clock and the mail server are the edges faked here; the rest runs as in a worker."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.utils import timezone

import core.reminders
from config.celery import app as celery_app
from consultations.models import TaskStatus
from core.models import SentReminder
from members.imports import people
from members.models import Membership
from members.privacy import requests
from reports import rendering, services
from reports.models import ReportVersion
from reports.tasks import task_generate_term_report
from submissions import services as submission_services
from tests.associations.import_helpers import snapshot
from tests.conftest import make_user
from tests.consultations.factories import ConsultationTaskFactory
from tests.contests.judging_factories import assign, judging_world
from tests.factories import MembershipFactory, SocietyFactory, TermReportFactory, UnionFactory
from tests.members.test_import_members import HEADER, run
from tests.reports.datasets import decrease_dataset

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """A worker killed mid-task: no `except Exception` runs, nothing is marked failed."""


# --- every periodic task, run twice ---------------------------------------------------------


def _members_world() -> datetime.date:
    union = UnionFactory()
    membership = MembershipFactory(society=SocietyFactory(union=union), member__union=union)
    make_user("staff", union)
    requests.request_record(
        member=membership.member, kind="access", received_on=datetime.date(2026, 3, 2)
    )
    return datetime.date(2026, 3, 16)  # the request's due date


def _contests_world() -> datetime.date:
    world = judging_world(judges=2, entries=2)
    for judge in world.judges:
        for entry in world.entries:
            assign(world, judge, entry)
    return world.contest.scoring_due_on - datetime.timedelta(days=3)


def _consultations_world() -> datetime.date:
    union = UnionFactory()
    make_user("staff", union)
    task = ConsultationTaskFactory(union=union, status=TaskStatus.DRAFTING)
    return task.due_on - datetime.timedelta(days=3)


def _submissions_world() -> datetime.date:
    union = UnionFactory()
    for name in ("Hội Y học", "Hội Nông nghiệp"):
        make_user("officer", union, societies=[SocietyFactory(union=union, name=name)])
    submission_services.round_open(
        union=union,
        data={
            "title": "Báo cáo năm 2024",
            "period_kind": "year",
            "year": 2024,
            "deadline": datetime.date(2025, 1, 15),
        },
        user=make_user("staff", union),
        today=datetime.date(2024, 12, 1),
    )
    return datetime.date(2025, 1, 15)


WORLDS = {
    "members-data-request-reminders": _members_world,
    "contests-reminders": _contests_world,
    "consultation-reminders": _consultations_world,
    "submission-reminders": _submissions_world,
}


def test_every_periodic_task_has_a_world_here():
    assert sorted(settings.CELERY_BEAT_SCHEDULE) == sorted(WORLDS)


def _run(name: str):
    """Run a beat entry's task by its name, as a worker finds it."""
    celery_app.loader.import_default_modules()  # what a worker does when it starts
    task = celery_app.tasks[settings.CELERY_BEAT_SCHEDULE[name]["task"]]
    return task.delay().get()


@pytest.mark.parametrize("name", sorted(WORLDS))
def test_a_periodic_task_run_twice_sends_each_email_once(name, monkeypatch):
    today = WORLDS[name]()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)

    first = _run(name)
    sent = [(m.to, m.subject) for m in mail.outbox]
    again = _run(name)

    assert first > 0
    assert (again, [(m.to, m.subject) for m in mail.outbox]) == (0, sent)
    assert len(sent) == SentReminder.objects.count()


def test_reminders_cut_off_half_way_are_finished_by_the_next_run(monkeypatch):
    today = _submissions_world()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    real_send_mail = core.reminders.send_mail
    calls = []

    def mail_server_drops_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise ConnectionResetError("SMTP connection lost")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(core.reminders, "send_mail", mail_server_drops_the_second)
    with pytest.raises(ConnectionResetError):
        _run("submission-reminders")
    assert len(mail.outbox) == 1

    _run("submission-reminders")  # the next run (or the redelivered task)
    _run("submission-reminders")

    sent = Counter((tuple(m.to), m.subject) for m in mail.outbox)
    assert len(sent) == SentReminder.objects.count() > 1
    assert set(sent.values()) == {1}


# --- report generation ----------------------------------------------------------------------


def _queued_report():
    _union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    return report, services.term_report_generation_request(report_id=report.pk)


def test_a_generation_killed_while_rendering_is_done_once_when_redelivered(monkeypatch):
    report, token = _queued_report()
    real_render = rendering.term_report_pdf

    def killed_once(context):
        monkeypatch.setattr(rendering, "term_report_pdf", real_render)
        raise WorkerDied

    monkeypatch.setattr(rendering, "term_report_pdf", killed_once)
    with pytest.raises(WorkerDied):
        task_generate_term_report(report.pk, None, token)
    assert report.versions.count() == 0

    done = task_generate_term_report(report.pk, None, token)  # redelivered after the kill
    again = task_generate_term_report(report.pk, None, token)  # finished, but not acked

    report.refresh_from_db()
    assert (again, list(report.versions.values_list("pk", "number"))) == (None, [(done, 1)])
    assert report.generation_status == "idle"


def test_a_generation_killed_while_storing_leaves_no_version_and_redelivered_makes_one(
    monkeypatch,
):
    report, token = _queued_report()
    real_save = ReportVersion.save

    def killed_once(self, *args, **kwargs):
        monkeypatch.setattr(ReportVersion, "save", real_save)
        raise WorkerDied

    monkeypatch.setattr(ReportVersion, "save", killed_once)
    with pytest.raises(WorkerDied):
        task_generate_term_report(report.pk, None, token)
    assert report.versions.count() == 0
    assert _stored(report) == []  # the files went with the row that was not written

    done = task_generate_term_report(report.pk, None, token)

    version = ReportVersion.objects.get(pk=done)
    assert (version.number, report.versions.count()) == (1, 1)
    with version.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def _stored(report) -> list[str]:
    folder = f"reports/{report.pk}"
    try:
        return sorted(default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return []


def test_files_left_by_a_worker_killed_outright_are_replaced_not_kept_beside(monkeypatch):
    """SIGKILL between storing the files and writing the row leaves files no version names; the
    redelivered generation stores its own under the same names, and nothing else is left."""
    report, token = _queued_report()
    default_storage.save(f"reports/{report.pk}/v1.pdf", ContentFile(b"%PDF- half"))
    default_storage.save(f"reports/{report.pk}/v1.docx", ContentFile(b"PK half"))

    done = task_generate_term_report(report.pk, None, token)

    version = ReportVersion.objects.get(pk=done)
    assert version.file.name == f"reports/{report.pk}/v1.pdf"
    assert _stored(report) == ["v1.docx", "v1.pdf"]
    with version.file.open("rb") as handle:
        assert handle.read() != b"%PDF- half"


# --- imports: in the web request, all or nothing ----------------------------------------------


def test_an_import_failing_half_way_through_its_writes_saves_nothing(monkeypatch):
    union = UnionFactory(slug="hong-linh")
    SocietyFactory(union=union, name="Hội KH&KT Trung tâm Y tế")
    before = snapshot()
    real_insert = people.insert_with_history

    def memberships_refused(model, records, **kwargs):
        if model is Membership:  # the members are written by now
            raise DatabaseError("connection lost")
        return real_insert(model, records, **kwargs)

    monkeypatch.setattr(people, "insert_with_history", memberships_refused)
    rows = [HEADER] + [
        [f"Người {i}", "Hội KH&KT Trung tâm Y tế", "2012-09-01", f"C{i}", "", ""] for i in range(20)
    ]

    result = run(union, rows)

    assert [issue.code for issue in result.errors] == ["database"]
    assert snapshot() == before
