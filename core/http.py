"""Downloads: one way to name a file in Content-Disposition (RFC 6266, RFC 5987 / 8187)."""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

# Characters that cut or confuse a file name in a header or on a disk.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def safe_filename(name: str) -> str:
    """The name without separators, quotes or control characters: "2018/2023" -> "2018-2023"."""
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", name or "")).strip(" .-")
    return cleaned or "download"


def ascii_filename(name: str) -> str:
    """An ASCII fallback for old clients: accents dropped (đ -> d), anything else -> "_"."""
    name = safe_filename(name).replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[^A-Za-z0-9._() -]", "_", folded).strip() or "download"
    return folded


def content_disposition(name: str, *, attachment: bool = True) -> str:
    """`attachment; filename="ascii"; filename*=utf-8''percent-encoded`."""
    kind = "attachment" if attachment else "inline"
    safe = safe_filename(name)
    value = f'{kind}; filename="{ascii_filename(safe)}"'
    if not safe.isascii() or safe != ascii_filename(safe):
        value += f"; filename*=utf-8''{quote(safe, safe='')}"
    return value


def attachment_response(handle, *, filename: str, content_type: str | None = None) -> FileResponse:
    """A private file as a download, named safely, streamed block by block and closed at the end.

    `handle` is what `field.open("rb")` returns; from a bucket it is a forward-only stream (see
    core/s3.py) whose size the storage already knows.
    """
    response = FileResponse(handle, content_type=content_type)
    if not response.has_header("Content-Length"):
        # A FieldFile's own size would ask the storage again; the file it holds knows it.
        size = getattr(getattr(handle, "file", None), "size", None) or getattr(handle, "size", None)
        if isinstance(size, int):
            response["Content-Length"] = size
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response
