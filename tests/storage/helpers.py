"""What every bucket test checks: the object is there, private, and nowhere on a page."""

from __future__ import annotations

import hashlib

# Grantees that would make an object readable by anyone (or by any AWS account).
PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def public_grants(bucket, key: str) -> list[dict]:
    """The grants of `key` that open it to everyone; [] for a private object."""
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GRANTEES]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def shows_bucket(html: str | bytes, bucket) -> list[str]:
    """What of the bucket's address a page shows: [] when it names neither bucket nor server."""
    text = html.decode() if isinstance(html, bytes) else html
    host = bucket.endpoint.split("//", 1)[1]
    return [part for part in (bucket.name, host, "X-Amz-") if part in text]


def on_disk(settings) -> list[str]:
    """The files under MEDIA_ROOT: [] when everything went to the bucket."""
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []
