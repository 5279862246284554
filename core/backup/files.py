"""Stored files for backups: walking the storage, streaming, sha256, the checksum columns."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models

from core.storage import CHUNK, digest

from .problems import Problem


def _chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def file_digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        return digest(_chunks(handle))


def storage_keys(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every key of the storage, walked through `listdir`."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:  # a disk storage whose folder was never made holds nothing
        return
    for name in sorted(files):
        yield posixpath.join(prefix, name)
    for name in sorted(directories):
        yield from storage_keys(storage, posixpath.join(prefix, name))


def safe_key(key: str) -> bool:
    parts = key.split("/")
    return bool(key) and not key.startswith("/") and ".." not in parts and "" not in parts


def checksum_columns() -> list[tuple[type[models.Model], str, str]]:
    """(model, file field, checksum field): every FileField `<x>file` with a `<x>checksum`."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and f.name.endswith("file"):
                checksum = f.name.removesuffix("file") + "checksum"
                if checksum in names:
                    found.append((model, f.name, checksum))
    return found


def checksum_problems(digests: dict[str, str]) -> tuple[int, list[Problem]]:
    """Rows whose stored checksum differs from their file's sha256 (`digests`: key → sha256)."""
    rows, problems = 0, []
    for model, file_field, checksum_field in checksum_columns():
        pairs = (
            model._default_manager.exclude(**{file_field: ""})
            .exclude(**{checksum_field: ""})
            .values_list("pk", file_field, checksum_field)
        )
        for pk, key, checksum in pairs.iterator():
            rows += 1
            subject = f"{model._meta.label} #{pk} {file_field}"
            if key not in digests:
                problems.append(Problem("missing_file", subject, f"không có tệp {key}"))
            elif digests[key] != checksum:
                problems.append(
                    Problem("row_checksum", subject, f"sha256 của {key} khác với {checksum_field}")
                )
    return rows, problems


def referenced_keys() -> dict[str, str]:
    """key → "app.Model #pk field" for every file a row names."""
    found = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                rows = model._default_manager.exclude(**{f.name: ""}).values_list("pk", f.name)
                for pk, key in rows.iterator():
                    found[key] = f"{model._meta.label} #{pk} {f.name}"
    return found
