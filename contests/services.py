"""Writes of contests: contests and their status, entries, attachments, awards, forwardings and
initiatives. Judging's writes are in `judging_services.py`.

Every rule about valid data lives here or in the models' `clean()`, which forms, the admin and
the imports share.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from associations.uploads import extension_of, validate_attachment
from core.concurrency import Version, lock_and_check
from members.models import Member

from .models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Entry,
    EntryAttachment,
    Forwarding,
    Initiative,
)

# The usual rubric of the district technical creativity contests (weights sum to 100).
DEFAULT_CRITERIA = (
    ("Tính mới, tính sáng tạo", Decimal("30"), Decimal("30")),
    ("Khả năng áp dụng", Decimal("30"), Decimal("30")),
    ("Hiệu quả kinh tế - xã hội", Decimal("40"), Decimal("40")),
)

# Allowed moves: target → the one status it comes from.
TRANSITIONS = {
    ContestStatus.OPEN: ContestStatus.DRAFT,
    ContestStatus.JUDGING: ContestStatus.OPEN,
    ContestStatus.CLOSED: ContestStatus.JUDGING,
}

CODE_PREFIXES = {
    ContestKind.TECHNICAL_CREATIVITY: "STKT",
    ContestKind.YOUTH_CREATIVITY: "STTN",
    ContestKind.LABOUR_CREATIVITY: "LDST",
    ContestKind.OTHER: "HT",
}


def _apply(obj, data: dict[str, Any]) -> None:
    for name, value in data.items():
        setattr(obj, name, value)


# --- contests -------------------------------------------------------------------------------


@transaction.atomic
def contest_create(
    *, union_id: int, data: dict[str, Any], user=None, default_criteria: bool = True
) -> Contest:
    if user is not None and not permissions.can_manage_contests(user, union_id):
        raise PermissionDenied
    contest = Contest(union_id=union_id, status=ContestStatus.DRAFT)
    _apply(contest, data)
    contest.full_clean()
    contest.save()
    if default_criteria:
        Criterion.objects.bulk_create(
            Criterion(contest=contest, name=name, weight=weight, max_score=top, order=order)
            for order, (name, weight, top) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    return contest


@transaction.atomic
def contest_update(
    *, contest: Contest, data: dict[str, Any], version: Version | None, user=None
) -> Contest:
    if user is not None and not permissions.can_manage_contests(user, contest.union_id):
        raise PermissionDenied
    contest = lock_and_check(Contest.objects.all(), contest.pk, version)
    _apply(contest, data)
    contest.full_clean()
    contest.save()
    return contest


def entry_code(contest: Contest, number: int) -> str:
    """The entry's code (mã số): STKT-2024-001."""
    return f"{CODE_PREFIXES.get(contest.kind, 'HT')}-{contest.year}-{number:03d}"


def _assign_codes(contest: Contest) -> int:
    """Give each entry without a code the next number, in the order entries came in."""
    entries = list(contest.entries.order_by("submitted_at", "pk"))
    taken = {entry.code for entry in entries if entry.code}
    number, changed = 0, []
    for entry in entries:
        if entry.code:
            continue
        number += 1
        while entry_code(contest, number) in taken:
            number += 1
        entry.code = entry_code(contest, number)
        changed.append(entry)
    Entry.objects.bulk_update(changed, ["code"])
    return len(changed)


@transaction.atomic
def contest_transition(*, contest: Contest, to: str, user) -> Contest:
    """Move a contest on (draft → open → judging → closed); staff of its union only.

    The row is locked and its status checked inside the transaction: two clicks at once move it
    once. Starting the judging gives every entry its code.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not permissions.can_manage_contests(user, contest.union_id):
        raise PermissionDenied
    source = TRANSITIONS.get(to)
    if source is None:
        raise ValidationError(_("Unknown status."), code="status")
    if contest.status != source:
        raise ValidationError(
            _("The contest is “%(status)s”: it cannot be moved to “%(target)s”.")
            % {"status": contest.get_status_display(), "target": ContestStatus(to).label},
            code="status",
        )
    if to == ContestStatus.JUDGING:
        _assign_codes(contest)
    contest.status = to
    contest.save(update_fields=["status"])
    return contest


# --- entries --------------------------------------------------------------------------------


def entry_window_errors(*, contest: Contest, today: datetime.date) -> list[str]:
    """Why entries of `contest` cannot be submitted or changed today (empty: they can)."""
    if contest.status != ContestStatus.OPEN:
        return [
            _("The contest is “%(status)s”: entries can no longer be submitted or changed.")
            % {"status": contest.get_status_display()}
        ]
    if contest.opens_on and today < contest.opens_on:
        return [
            _("Entries are accepted from %(day)s.") % {"day": contest.opens_on.strftime("%d/%m/%Y")}
        ]
    if contest.closes_on and today > contest.closes_on:
        return [
            _("The submission window closed on %(day)s.")
            % {"day": contest.closes_on.strftime("%d/%m/%Y")}
        ]
    return []


def author_choices(*, society_id: int) -> QuerySet:
    """Members the authors of an entry of `society_id` are chosen from: its current members."""
    return (
        Member.objects.filter(memberships__society_id=society_id, memberships__left_on__isnull=True)
        .distinct()
        .order_by("sort_name", "pk")
    )


def _check_authors(society_id: int, authors: Iterable[Member]) -> list[Member]:
    authors = list(authors)
    allowed = set(
        author_choices(society_id=society_id)
        .filter(pk__in=[a.pk for a in authors])
        .values_list("pk", flat=True)
    )
    strangers = [author.full_name for author in authors if author.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "authors": _("Not members of the entry's society: %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    return authors


def entry_attachment_add(*, entry: Entry, upload: UploadedFile, user=None) -> EntryAttachment:
    """Store one checked upload (associations.uploads) under a random name."""
    validate_attachment(upload)
    original_name = os.path.basename(upload.name or "")[-255:]
    upload.name = f"{uuid.uuid4().hex}{extension_of(original_name)}"
    attachment = EntryAttachment(
        entry=entry, original_name=original_name, size=upload.size, uploaded_by=user
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def _entry_save(
    *,
    entry: Entry,
    data: dict[str, Any],
    authors: Iterable[Member] | None,
    uploads: Iterable[UploadedFile],
    user,
    today: datetime.date | None,
    check_window: bool,
) -> Entry:
    if check_window:
        errors = entry_window_errors(contest=entry.contest, today=today or timezone.localdate())
        if errors:
            raise ValidationError(errors, code="window")
    _apply(entry, data)
    if entry.society.union_id != entry.contest.union_id:
        raise ValidationError({"society": _("The society is not of the contest's union.")})
    entry.union_id = entry.contest.union_id
    checked = None if authors is None else _check_authors(entry.society_id, authors)
    entry.full_clean(exclude=["authors"])
    entry.save()
    if checked is not None:
        entry.authors.set(checked)
    for upload in uploads:
        entry_attachment_add(entry=entry, upload=upload, user=user)
    return entry


@transaction.atomic
def entry_create(
    *,
    contest: Contest,
    society,
    data: dict[str, Any],
    authors: Iterable[Member] | None = None,
    uploads: Iterable[UploadedFile] = (),
    user=None,
    today: datetime.date | None = None,
    check_window: bool = True,
) -> Entry:
    """Submit an entry of `society` to `contest`, inside the submission window."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if user is not None and not permissions.can_edit_society_records(user, society):
        raise PermissionDenied
    entry = Entry(
        contest=contest,
        society=society,
        union_id=contest.union_id,
        created_by=user,
        submitted_at=timezone.now(),
    )
    return _entry_save(
        entry=entry,
        data=data,
        authors=authors,
        uploads=uploads,
        user=user,
        today=today,
        check_window=check_window,
    )


@transaction.atomic
def entry_update(
    *,
    entry: Entry,
    data: dict[str, Any],
    version: Version | None,
    authors: Iterable[Member] | None = None,
    uploads: Iterable[UploadedFile] = (),
    user=None,
    today: datetime.date | None = None,
) -> Entry:
    """Save an edited entry: only while its contest takes entries; stale versions refused."""
    Contest.objects.select_for_update().filter(pk=entry.contest_id).get()
    entry = lock_and_check(Entry.objects.select_related("contest", "society"), entry.pk, version)
    if user is not None and not permissions.can_edit_society_records(user, entry.society):
        raise PermissionDenied
    return _entry_save(
        entry=entry,
        data=data,
        authors=authors,
        uploads=uploads,
        user=user,
        today=today,
        check_window=True,
    )


@transaction.atomic
def entry_attachment_delete(
    *, attachment: EntryAttachment, today: datetime.date | None = None
) -> None:
    """Remove an attachment while the window is open; the stored file stays for the history."""
    errors = entry_window_errors(
        contest=attachment.entry.contest, today=today or timezone.localdate()
    )
    if errors:
        raise ValidationError(errors, code="window")
    attachment.delete()


# --- awards and forwardings -----------------------------------------------------------------


@transaction.atomic
def award_create(*, entry: Entry, data: dict[str, Any], user=None) -> Award:
    if user is not None and not permissions.can_manage_contests(user, entry.union_id):
        raise PermissionDenied
    award = Award(entry=entry)
    _apply(award, data)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_update(
    *, award: Award, data: dict[str, Any], version: Version | None, user=None
) -> Award:
    award = lock_and_check(Award.objects.select_related("entry"), award.pk, version)
    if user is not None and not permissions.can_manage_contests(user, award.entry.union_id):
        raise PermissionDenied
    _apply(award, data)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def entry_forward(*, entry: Entry, data: dict[str, Any], user=None) -> Forwarding:
    """Send an entry on to the next round; earlier forwardings and awards stay."""
    if user is not None and not permissions.can_manage_contests(user, entry.union_id):
        raise PermissionDenied
    forwarding = Forwarding(entry=entry, forwarded_by=user)
    _apply(forwarding, data)
    forwarding.full_clean()
    forwarding.save()
    return forwarding


# --- initiatives ----------------------------------------------------------------------------


@transaction.atomic
def initiative_create(*, society, data: dict[str, Any], user=None) -> Initiative:
    if user is not None and not permissions.can_edit_society_records(user, society):
        raise PermissionDenied
    initiative = Initiative(society=society, union_id=society.union_id)
    _apply(initiative, data)
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, data: dict[str, Any], version: Version | None, user=None
) -> Initiative:
    initiative = lock_and_check(
        Initiative.objects.select_related("society"), initiative.pk, version
    )
    society = data.get("society", initiative.society)
    if user is not None and not (
        permissions.can_edit_society_records(user, initiative.society)
        and permissions.can_edit_society_records(user, society)
    ):
        raise PermissionDenied
    _apply(initiative, data)
    initiative.union_id = initiative.society.union_id
    initiative.full_clean()
    initiative.save()
    return initiative
