"""Erasing a person without breaking the figures: their record is anonymised in place.

What stays and why (every count of every report comes from these, see docs/personal-data.md):
- the memberships (society, joined on, left on): every count of members on a date;
- gender, qualification and academic title: the term report's structure sentence and the
  breakdown by gender (`members.selectors.member_breakdown`);
- the field (a category, "Y học"): the breakdown by field;
- the year recognised as a typical intellectual: the report counts typical intellectuals of a
  term ("03 trí thức tiêu biểu", section 2.3);
- committee seats and commendations: the committee footnote and the commendation counts.

What goes: the full name (replaced by a random code, "Hội viên ẩn danh #7F3K2Q"), the member
code (an identifier of the union's paper records), e-mail, phone, workplace, position; the birth
year is coarsened to its decade (1975 → 1970). The person's history rows are rewritten to the
anonymised values (the record of who changed what and when stays, the identity does not);
mentions of the person in free text (a society's contact, a commendation's reason, the admin's
log…) are replaced by the code; pending import uploads that contain the person are deleted; every
app's registered scrubber (core.personal_data) runs in the same transaction. The erasure itself
is the last history row of the person: who, when and why, without the identity.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import unicodedata
import zipfile
from urllib.parse import quote, quote_plus

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from associations.import_admin import waiting_uploads
from associations.models import Activity, ActivityAttachment, Society
from core.concurrency import Version, lock_and_check
from core.models import SentReminder
from core.personal_data import Erasure, register_scrubber, run_scrubbers, scrub_model_text
from core.personal_data import scrub_text as _scrub_text
from core.text import fold

from ..models import Commendation, CommitteeSeat, Member, Membership
from .models import DataSubjectRequest, PersonalDataAccess

# The anonymised name: data, not interface text, so it is the registry's language.
ANONYMOUS_PREFIX = "Hội viên ẩn danh"
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud without doubt
CODE_LENGTH = 6
# Fields emptied; together with the name and the member code, what identifies or reaches a person.
CLEARED_FIELDS = ("email", "phone", "workplace", "position")
# Fields kept because the registry's figures count them (see the module's docstring).
KEPT_FIELDS = ("gender", "qualification", "academic_title", "field", "typical_intellectual_year")
REASON_MAX_LENGTH = 100  # django-simple-history's change reason


# Free-text fields of the members app and the apps below it that may mention a person by name,
# with how to find the rows of the person's union (or the person's own rows). Names of
# societies, activities' titles and such are left alone: a society named after a person
# ("Trường THPT Nguyễn Du") must not be renamed because a namesake is erased; nor is anything
# of another union.
def _text_fields(member: Member) -> list[tuple]:
    union = {"union_id": member.union_id}
    return [
        (Society, ["contact"], union),
        (Activity, ["partners", "notes"], union),
        (ActivityAttachment, ["original_name"], {"activity__union_id": member.union_id}),
        (Membership, ["leave_reason"], {"member_id": member.pk}),
        (Commendation, ["reason"], union),
        (PersonalDataAccess, ["detail", "path"], union),
        (DataSubjectRequest, ["channel", "details", "answer"], union),
        # Reminders name no union; their subject may name the person a request is about.
        (SentReminder, ["subject", "recipients"], {}),
    ]


def anonymous_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def anonymous_name(code: str) -> str:
    return f"{ANONYMOUS_PREFIX} #{code}"


def _unique_code(union_id: int) -> str:
    while True:
        code = anonymous_code()
        if not Member.objects.filter(union_id=union_id, full_name=anonymous_name(code)).exists():
            return code


def identity_variants(*values: str) -> tuple[str, ...]:
    """How a name or contact may also be written down: without accents (a search typed that
    way, the folded search text) and as it appears in a logged URL (percent-encoded)."""
    found = []
    for value in values:
        if value:
            found += [fold(value), quote(value), quote_plus(value)]
    return tuple(found)


def decade(year: int | None) -> int | None:
    """1975 → 1970."""
    return None if year is None else year - year % 10


def is_anonymised(member: Member) -> bool:
    return member.anonymised_at is not None


def _scrub_history(member: Member, erasure: Erasure) -> int:
    """Every history row of the person rewritten to the anonymised identity. The rows stay: they
    say who changed the record and when; what identified the person is gone from all of them."""
    rows = Member.history.filter(id=member.pk)
    changed = rows.update(
        full_name=member.full_name,
        member_code=None,
        birth_year=member.birth_year,
        **{name: "" for name in CLEARED_FIELDS},
    )
    # A change reason typed by someone may name the person.
    scrub_model_text(
        Member.history.model,
        ["history_change_reason"],
        erasure,
        queryset=rows,
        history=False,
    )
    return changed


def _scrub_admin_log(erasure: Erasure) -> int:
    """The admin's log keeps each object's name as it was ("Nguyễn Văn An · Hội …"): the
    entries of the person and of their memberships, seats and commendations."""
    member = erasure.member
    objects = [
        (Member, [member.pk]),
        (Membership, list(member.memberships.values_list("pk", flat=True))),
        (CommitteeSeat, list(member.committee_seats.values_list("pk", flat=True))),
        (Commendation, list(member.commendations.values_list("pk", flat=True))),
    ]
    changed = 0
    for model, pks in objects:
        if pks:
            changed += scrub_model_text(
                LogEntry,
                ["object_repr", "change_message"],
                erasure,
                filters={
                    "content_type": ContentType.objects.get_for_model(model),
                    "object_id__in": [str(pk) for pk in pks],
                },
                history=False,
            )
    return changed


def _scrub_free_text(erasure: Erasure) -> int:
    changed = sum(
        scrub_model_text(model, fields, erasure, filters=filters)
        for model, fields, filters in _text_fields(erasure.member)
    )
    # A change reason typed on the person's memberships, seats or commendations may name them.
    for model in (Membership, CommitteeSeat, Commendation):
        changed += scrub_model_text(
            model.history.model,
            ["history_change_reason"],
            erasure,
            filters={"member_id": erasure.member.pk},
            history=False,
        )
    return changed


def _mentions(data: bytes, needles: list[str]) -> bool:
    """Whether a spreadsheet or CSV file's text contains one of `needles` (case-insensitive)."""
    texts = []
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.endswith(".xml") and info.file_size < 50_000_000:
                    texts.append(archive.read(info).decode("utf-8", "ignore"))
    else:
        texts.append(data.decode("utf-8", "ignore"))
    text = unicodedata.normalize("NFC", "\n".join(texts)).casefold()
    return any(needle.casefold() in text for needle in needles)


def _scrub_pending_uploads(erasure: Erasure) -> int:
    """Import files waiting for their confirmation (associations.import_admin) that contain the
    person are deleted: the import would bring the identity back. Files the portal keeps no
    longer than that (a few hours) are the only stored spreadsheets; exports are not stored."""
    storage, paths = waiting_uploads()
    needles = erasure.needles()
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            with storage.open(path, "rb") as handle:
                data = handle.read()
            if _mentions(data, needles):
                storage.delete(path)
                removed += 1
    return removed


register_scrubber("members.admin_log", _scrub_admin_log)
register_scrubber("members.free_text", _scrub_free_text)
register_scrubber("members.pending_uploads", _scrub_pending_uploads)


def erasure_reason(reason: str, erasure: Erasure | None = None) -> str:
    """The reason kept with the erasure: without the identity, within the history's length."""
    text = " ".join((reason or "").split())
    if erasure is not None:
        text = _scrub_text(text, erasure) or ""
    label = _("Anonymised")
    text = f"{label}: {text}" if text else label
    return text[:REASON_MAX_LENGTH]


@transaction.atomic
def member_anonymise(
    *, member: Member, user, reason: str = "", version: Version | None = None
) -> Member:
    """Anonymise `member` in place, with their history and every mention of them.

    Only the union's staff may. `version` (the confirmation page's) refuses an erasure decided
    on details someone has changed since (StaleVersion). A person already anonymised is
    returned as they are: erasing twice changes nothing.
    """
    if not permissions.can_erase_member(user, member):
        raise PermissionDenied(_("Only the union's staff can erase a person's data."))
    member = lock_and_check(Member.objects.all(), member.pk, version)
    if is_anonymised(member):
        return member
    code = _unique_code(member.union_id)
    erasure = Erasure(
        member=member,
        code=anonymous_name(code),
        full_name=member.full_name,
        email=member.email,
        phone=member.phone,
        member_code=member.member_code or "",
        extra=identity_variants(member.full_name, member.email, member.phone),
    )
    member.full_name = anonymous_name(code)
    member.member_code = None
    member.birth_year = decade(member.birth_year)
    for name in CLEARED_FIELDS:
        setattr(member, name, "")
    member.anonymised_at = timezone.now()
    _scrub_history(member, erasure)
    # The erasure is the person's last history row: who, when and why, with anonymised values.
    member._history_user = user
    member._change_reason = erasure_reason(reason, erasure)
    member.save()
    member.erasure_counts = run_scrubbers(erasure)
    return member
