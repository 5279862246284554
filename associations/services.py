"""Writes on society records: activities and their attachments."""

import os
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.concurrency import Version, lock_and_check

from .models import Activity, ActivityAttachment, Society
from .uploads import extension_of, validate_attachment

ACTIVITY_FIELDS = ("kind", "title", "held_on", "partners", "participants", "amount_vnd", "notes")


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])


@transaction.atomic
def attachment_add(*, activity: Activity, upload: UploadedFile, user=None) -> ActivityAttachment:
    """Store one checked upload under a random name; the original name is kept for downloads."""
    validate_attachment(upload)
    original_name = os.path.basename(upload.name or "")[-255:]
    upload.name = f"{uuid.uuid4().hex}{extension_of(original_name)}"
    attachment = ActivityAttachment(
        activity=activity, original_name=original_name, size=upload.size, uploaded_by=user
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def _activity_save(
    *, activity: Activity, data: dict[str, Any], uploads: Iterable[UploadedFile], user
) -> Activity:
    """Apply the form's data, validate, save, then store each upload as an attachment."""
    _apply(activity, data)
    activity.full_clean()
    activity.save()
    for upload in uploads:
        attachment_add(activity=activity, upload=upload, user=user)
    return activity


@transaction.atomic
def activity_create(
    *,
    society: Society,
    data: dict[str, Any],
    uploads: Iterable[UploadedFile] = (),
    user=None,
) -> Activity:
    activity = Activity(union_id=society.union_id, society=society)
    return _activity_save(activity=activity, data=data, uploads=uploads, user=user)


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: dict[str, Any],
    version: Version | None,
    uploads: Iterable[UploadedFile] = (),
    user=None,
) -> Activity:
    """Save an edited activity; a stale `version` (someone else saved meanwhile) is refused."""
    activity = lock_and_check(Activity.objects.all(), activity.pk, version)
    return _activity_save(activity=activity, data=data, uploads=uploads, user=user)


@transaction.atomic
def attachment_delete(*, attachment: ActivityAttachment) -> None:
    """Remove the attachment from the activity.

    The stored file is kept: the audit history still points at it (design §2, "the record of a
    change survives the deletion of the thing changed").
    """
    attachment.delete()
