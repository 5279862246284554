"""Reminders by e-mail that are sent once per step, whoever and however often asks.

Periodic tasks (Celery beat) call `reminder_send_once` on every run with the key of the step
that is due; the first call sends and records, later ones do nothing. Two beats at once can't
both send: the key is unique and the second insert waits for the first to commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import SentReminder


def reminder_send_once(
    *,
    key: str,
    recipients: Iterable[str],
    subject: str,
    body: str,
    sent_by_id: int | None = None,
) -> bool:
    """Send `body` to `recipients` unless the step `key` was sent before; True when sent now.

    The record and the e-mail go together: if sending fails, nothing is recorded and the next
    run tries again (a reminder may, rarely, arrive twice; it is never silently lost).
    """
    to = sorted({address for address in recipients if address})
    if not to:
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                key=key, recipients="\n".join(to), subject=subject[:255], sent_by_id=sent_by_id
            )
            send_mail(subject, body, None, to)
    except IntegrityError:
        return False
    return True


def reminders_for(prefix: str) -> list[SentReminder]:
    """The reminders recorded under a key prefix ("contests.assignment:12:"), newest first."""
    return list(SentReminder.objects.filter(key__startswith=prefix))
