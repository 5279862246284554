import pytest

from core.models import SentReminder
from core.reminders import reminder_send_once, reminders_for

pytestmark = pytest.mark.django_db


def test_reminder_send_once_sends_a_step_once(mailoutbox):
    first = reminder_send_once(
        key="t:1:before-3", recipients=["a@x.vn", "b@x.vn", "a@x.vn"], subject="S", body="B"
    )
    again = reminder_send_once(key="t:1:before-3", recipients=["a@x.vn"], subject="S", body="B")

    assert (first, again, len(mailoutbox), mailoutbox[0].to) == (
        True,
        False,
        1,
        ["a@x.vn", "b@x.vn"],
    )


def test_reminder_send_once_records_nothing_when_sending_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("core.reminders.send_mail", broken)

    with pytest.raises(OSError):
        reminder_send_once(key="t:2:due", recipients=["a@x.vn"], subject="S", body="B")

    assert SentReminder.objects.count() == 0


def test_reminder_send_once_without_recipients_sends_nothing(mailoutbox):
    sent = reminder_send_once(key="t:3:due", recipients=["", None], subject="S", body="B")

    assert (sent, mailoutbox, SentReminder.objects.count()) == (False, [], 0)


def test_reminders_for_lists_a_things_steps_only(mailoutbox):
    for key in ("t:4:before-3", "t:4:due", "t:40:due"):
        reminder_send_once(key=key, recipients=["a@x.vn"], subject=key, body="B")

    assert sorted(r.key for r in reminders_for("t:4:")) == ["t:4:before-3", "t:4:due"]
