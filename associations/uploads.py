"""Checks on uploaded documents: the extension, the content and the size must all agree.

An extension alone proves nothing (a renamed .exe is still an .exe), so each accepted type is also
recognised by its first bytes, and Office files by the parts inside their ZIP container.
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> (type label, content type sent on download)
ACCEPTED_TYPES = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": ("JPG", "image/jpeg"),
    ".jpeg": ("JPG", "image/jpeg"),
    ".png": ("PNG", "image/png"),
}
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED_TYPES)

# Parts an Office file of each kind must contain; macro projects are refused.
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_MACRO_PARTS = ("word/vbaProject.bin", "xl/vbaProject.bin")


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def content_type_for(name: str) -> str:
    return ACCEPTED_TYPES.get(extension_of(name), ("", "application/octet-stream"))[1]


def _head(upload: UploadedFile, size: int = 1024) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_office(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    required = {"[Content_Types].xml", _OFFICE_PARTS[extension]}
    return required <= names and not names.intersection(_MACRO_PARTS)


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    head = _head(upload)
    if extension == ".pdf":
        return b"%PDF-" in head
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in _OFFICE_PARTS:
        return head.startswith(b"PK\x03\x04") and _is_office(upload, extension)
    return False


def validate_attachment(upload: UploadedFile) -> None:
    """Raise ValidationError naming the file when its type, content or size is not accepted."""
    name = os.path.basename(upload.name or "")
    extension = extension_of(name)
    if extension not in ACCEPTED_TYPES:
        raise ValidationError(
            _("“%(name)s”: this type of file is not accepted. Accepted types: %(types)s.")
            % {"name": name, "types": "PDF, DOCX, XLSX, JPG, PNG"},
            code="file_type",
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            _(
                "“%(name)s” is not a valid %(type)s file: its content does not match its "
                "extension. Save it again as %(type)s and upload the new file."
            )
            % {"name": name, "type": ACCEPTED_TYPES[extension][0]},
            code="file_content",
        )
