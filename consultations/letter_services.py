"""Writes for the official opinion letter: its draft, its generated versions, its delivery.

A task's letter is typed once (`LetterDraft`, version-checked like every edit form) and
generated as many times as needed: each generation renders the draft, the task's itemised
recommendations and the issuing union into a PDF and keeps it as the task's next
`OpinionLetter` version, with its frozen content (`figures`), checksum, who and when — like the
term report's versions. Delivery records the date on the version sent and moves the task to
"delivered" through the one transition table (`consultations.services.task_transition`).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from core.concurrency import Version, lock_and_check

from . import letters
from .models import (
    AccessWhat,
    ConsultationTask,
    LetterDraft,
    OpinionLetter,
    TaskStatus,
    TaskType,
)
from .services import document_access_log, task_transition


class LetterNotReady(Exception):
    """The letter cannot take this step; the message says why, for the user."""


# The number's suffix by task type ("Số: 12/LHH-PB"), the excerpt's verb ("V/v phản biện …").
NUMBER_SUFFIX = {
    TaskType.CONSULTATION: "TV",
    TaskType.CRITIQUE: "PB",
    TaskType.SOCIAL_ASSESSMENT: "GĐ",
}
TYPE_VERB = {
    TaskType.CONSULTATION: "tư vấn",
    TaskType.CRITIQUE: "phản biện",
    TaskType.SOCIAL_ASSESSMENT: "giám định xã hội",
}
# A letter is generated while the consolidated opinion is being written or approved; once the
# task is delivered, closed or cancelled its letters are what was sent.
GENERATABLE_STATUSES = (
    TaskStatus.ASSIGNED,
    TaskStatus.IN_REVIEW,
    TaskStatus.DRAFTING,
    TaskStatus.APPROVED,
)
DELIVERABLE_STATUSES = (TaskStatus.APPROVED,)
DRAFT_FIELDS = (
    "document_number",
    "addressee",
    "place",
    "issued_on",
    "signer_on_behalf",
    "signer_title",
    "signer_name",
    "recipients_text",
    "body",
)
_LEADING_NUMBER = re.compile(r"(?:s[ốo]\s*:?\s*)?(\d+)", re.IGNORECASE)
_LOCALITY_PREFIX = re.compile(r"^(thị xã|thành phố|huyện|quận|tỉnh)\s+", re.IGNORECASE)


def letter_number_default(*, task: ConsultationTask, on: datetime.date) -> str:
    """The union's next letter number of the year, with the task type's suffix: "12/LHH-PB"."""
    used = OpinionLetter.objects.filter(
        task__union_id=task.union_id, issued_on__year=on.year
    ).values_list("document_number", flat=True)
    drafts = LetterDraft.objects.filter(
        task__union_id=task.union_id, issued_on__year=on.year
    ).exclude(task=task)
    numbers = [
        int(match[1])
        for text in [*used, *drafts.values_list("document_number", flat=True)]
        if (match := _LEADING_NUMBER.match(text.strip()))
    ]
    return f"{max(numbers, default=0) + 1:02d}/LHH-{NUMBER_SUFFIX.get(task.type, 'TV')}"


def _previous_letter(task: ConsultationTask) -> OpinionLetter | None:
    """The union's latest letter, whose place and signer a new letter starts from."""
    return (
        OpinionLetter.objects.filter(task__union_id=task.union_id)
        .order_by("-created_at", "-id")
        .first()
    )


def letter_draft_initial(*, task: ConsultationTask) -> LetterDraft:
    """A new, unsaved draft for the task, started from the task and the union's last letter."""
    today = timezone.localdate()
    previous = _previous_letter(task)
    place = previous.place if previous else _LOCALITY_PREFIX.sub("", task.union.district or "")
    return LetterDraft(
        task=task,
        document_number=letter_number_default(task=task, on=today),
        addressee=task.requesting_body,
        place=place,
        issued_on=today,
        signer_title=previous.signer_title if previous else "CHỦ TỊCH",
        signer_name=previous.signer_name if previous else "",
        recipients_text="Như trên\nLưu: VT, LHH",
        body=task.summary,
    )


def letter_draft_get_or_create(*, task: ConsultationTask) -> LetterDraft:
    """The task's letter draft, saved as first started when there was none."""
    draft = LetterDraft.objects.filter(task=task).first()
    if draft is not None:
        return draft
    initial = letter_draft_initial(task=task)
    defaults = {name: getattr(initial, name) for name in DRAFT_FIELDS}
    draft, _created = LetterDraft.objects.get_or_create(task=task, defaults=defaults)
    return draft


@transaction.atomic
def letter_draft_update(
    *, task: ConsultationTask, user, data: dict[str, Any], version: Version | None
) -> LetterDraft:
    """Save what staff typed; StaleVersion (nothing written) when someone else saved first.

    The first save creates the draft (the form then had no version); if someone created it in
    the meantime, that save is stale like any other.
    """
    if not permissions.can_edit_letter(user, task):
        raise PermissionDenied
    ConsultationTask.objects.select_for_update().filter(pk=task.pk).first()
    existing = LetterDraft.objects.filter(task=task).values_list("pk", flat=True).first()
    if existing is None and version is None:
        draft = letter_draft_initial(task=task)
    else:
        draft = lock_and_check(LetterDraft.objects.all(), existing, version)
    for name in DRAFT_FIELDS:
        if name in data:
            setattr(draft, name, data[name])
    draft.save()
    return draft


def letter_context(*, task: ConsultationTask, draft: LetterDraft) -> dict:
    """Everything the letter prints, as plain data (frozen in the version's `figures`)."""
    union = task.union
    verb = TYPE_VERB.get(task.type, "tư vấn")
    recommendations = [
        {"number": number, "text": text}
        for number, text in task.recommendations.order_by("number").values_list("number", "text")
    ]
    request = f"Thực hiện đề nghị của {task.requesting_body}"
    if task.legal_basis:
        request = f"Căn cứ {task.legal_basis}; thực hiện đề nghị của {task.requesting_body}"
    opening = (
        f"{request} về việc {verb} {task.title}, {union.name} đã tổ chức lấy ý kiến của các "
        "chuyên gia. Trên cơ sở tổng hợp ý kiến các chuyên gia, Liên hiệp hội có ý kiến như sau:"
    )
    addressees = [line.strip() for line in draft.addressee.splitlines() if line.strip()]
    closing = (
        f"Trên đây là ý kiến {verb} của Liên hiệp hội đối với {task.title}, "
        f"kính gửi {_join(addressees) or task.requesting_body} xem xét./."
    )
    return {
        "task_id": task.pk,
        "title": task.title,
        "type": task.type,
        "issuer": {
            "name": union.name,
            "superior_body": union.header_superior_body,
            "uses_national_motto": union.uses_national_motto,
        },
        "document_number": draft.document_number,
        "excerpt": f"V/v {verb} {task.title}",
        "place": draft.place,
        "issued_on": draft.issued_on.isoformat() if draft.issued_on else None,
        "addressees": addressees,
        "opening": opening,
        "paragraphs": [line.strip() for line in draft.body.splitlines() if line.strip()],
        "recommendations_intro": (
            "Liên hiệp hội kiến nghị một số nội dung sau:" if recommendations else ""
        ),
        "recommendations": recommendations,
        "closing": closing,
        "signer_on_behalf": draft.signer_on_behalf,
        "signer_title": draft.signer_title,
        "signer_name": draft.signer_name,
        "recipients": [line for line in draft.recipients_text.splitlines() if line.strip()],
    }


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def letter_generate(*, task: ConsultationTask, user) -> OpinionLetter:
    """Render the draft and keep it as the task's next version (1, 2, …).

    The file is rendered first; the version is written in one transaction at the end, under a
    lock on the task, so two generations at once get distinct numbers and an interrupted one
    leaves the earlier versions as they were.
    """
    if not permissions.can_edit_letter(user, task):
        raise PermissionDenied
    task = ConsultationTask.objects.select_related("union__parent").get(pk=task.pk)
    if task.status not in GENERATABLE_STATUSES:
        raise LetterNotReady(
            _("A letter can no longer be generated: the task is %(status)s.")
            % {"status": task.get_status_display()}
        )
    draft = letter_draft_get_or_create(task=task)
    missing = [
        str(LetterDraft._meta.get_field(name).verbose_name)
        for name in ("document_number", "addressee", "place", "signer_title", "signer_name")
        if not getattr(draft, name).strip()
    ]
    if missing:
        raise LetterNotReady(
            _("Fill in the letter's %(fields)s before generating it.")
            % {"fields": ", ".join(missing)}
        )
    context = letter_context(task=task, draft=draft)
    content = letters.letter_pdf(context)
    with transaction.atomic():
        ConsultationTask.objects.select_for_update().filter(pk=task.pk).first()
        number = (task.letters.aggregate(n=Max("number"))["n"] or 0) + 1
        letter = OpinionLetter(
            task=task,
            number=number,
            document_number=draft.document_number,
            addressee=draft.addressee,
            place=draft.place,
            issued_on=draft.issued_on,
            signer_title=draft.signer_title,
            signer_name=draft.signer_name,
            recipients_text=draft.recipients_text,
            body=draft.body,
            size=len(content),
            checksum=hashlib.sha256(content).hexdigest(),
            figures=context,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        letter.file.save(f"v{number}.pdf", ContentFile(content), save=False)
        letter.save()
    return letter


def letter_download_log(*, letter: OpinionLetter, user, path: str, ip: str | None) -> None:
    """A letter is a confidential document of its task: its downloads go in the task's log."""
    document_access_log(
        task_id=letter.task_id, document=None, user=user, what=AccessWhat.DOWNLOAD, path=path, ip=ip
    )


def letter_mark_delivered(
    *, letter: OpinionLetter, user, delivered_on: datetime.date
) -> OpinionLetter:
    """Record that the task's latest letter was sent on `delivered_on`; the task becomes delivered.

    The move itself (who may, from which status) is the one transition table's
    (`services.task_transition`); if it refuses, nothing is written here either.
    """
    if not permissions.can_edit_letter(user, letter.task):
        raise PermissionDenied
    if delivered_on > timezone.localdate():
        raise LetterNotReady(_("The delivery date cannot be in the future."))
    with transaction.atomic():
        task = ConsultationTask.objects.select_for_update().get(pk=letter.task_id)
        letter = OpinionLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.delivered_on is not None:
            raise LetterNotReady(_("This letter has already been recorded as delivered."))
        latest = task.letters.order_by("-number").values_list("pk", flat=True).first()
        if latest != letter.pk:
            raise LetterNotReady(
                _("Only the latest version of the letter can be recorded as delivered.")
            )
        if delivered_on < task.received_on:
            raise LetterNotReady(_("The delivery date cannot be before the task was received."))
        task = task_transition(task=task, to_status=TaskStatus.DELIVERED, user=user)
        # The transition dates the delivery today; the date staff gave is the one that counts.
        letter.delivered_on = delivered_on
        letter.save(update_fields=["delivered_on"])
        if task.delivered_on != delivered_on:
            task.delivered_on = delivered_on
            task.save(update_fields=["delivered_on"])
    return letter
