"""Checks on uploaded documents: the extension, the content and the size must all agree.

An extension alone proves nothing (a renamed .exe is still an .exe), so each accepted type is also
recognised by its first bytes, and Office files by the parts inside their ZIP container.
"""

import os
import zipfile

from django import forms
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


# Markup a browser would render or run: never accepted, whatever the extension says.
_MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<iframe")
# A PDF that runs code or carries markup a viewer might render.
_PDF_REFUSED = (b"/JavaScript", b"/Launch", b"<script", b"<html")
_SCAN_CHUNK = 1024 * 1024
# Decoding is checked pixel by pixel: a small file must not expand to gigabytes (a 50-megapixel
# photo passes).
MAX_IMAGE_PIXELS = 60_000_000


def _head(upload: UploadedFile, size: int = 1024) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _contains(upload: UploadedFile, needles: tuple[bytes, ...]) -> bool:
    """Whether any of `needles` occurs anywhere in the file (read in chunks that overlap)."""
    overlap = max(len(needle) for needle in needles) - 1
    upload.seek(0)
    tail = b""
    try:
        while chunk := upload.read(_SCAN_CHUNK):
            window = (tail + chunk).lower()
            if any(needle.lower() in window for needle in needles):
                return True
            tail = chunk[-overlap:]
    finally:
        upload.seek(0)
    return False


def _is_office(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if archive.testzip() is not None:
                return False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    required = {"[Content_Types].xml", _OFFICE_PARTS[extension]}
    return required <= names and not names.intersection(_MACRO_PARTS)


def _is_image(upload: UploadedFile, pillow_format: str) -> bool:
    """The file decodes as an image of that format (Pillow reads every pixel)."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if image.format != pillow_format or width * height > MAX_IMAGE_PIXELS:
                return False
            image.load()
    except Exception:  # noqa: BLE001 - any decoding failure means "not this image"
        return False
    finally:
        upload.seek(0)
    return True


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    head = _head(upload)
    if head.lstrip()[:1] == b"<" or any(marker in head.lower() for marker in _MARKUP):
        return False
    if extension == ".pdf":
        return head.startswith(b"%PDF-") and not _contains(upload, _PDF_REFUSED)
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff") and _is_image(upload, "JPEG")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n") and _is_image(upload, "PNG")
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
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
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


class AttachmentAdminForm(forms.ModelForm):
    """The admin's attachment inline, through the same checks and service as the portal.

    The inline sets `uploaded_by` on its form class for the request (see the inline's
    get_formset); a saved attachment's file is not replaced here: remove it and add a new one.
    """

    uploaded_by = None

    class Meta:
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_attachment(upload)
        return upload

    def has_changed(self):
        return super().has_changed() if self.instance.pk is None else False

    def save(self, commit=True):
        from .services import attachment_add

        if self.instance.pk is not None:
            return self.instance
        return attachment_add(
            activity=self.instance.activity, upload=self.cleaned_data["file"], user=self.uploaded_by
        )
