"""Backups that restore: the database and every stored file, with checksums, and back again.

A backup is one folder named by its UTC time (`YYYYMMDD-HHMMSS`), written as `<name>.partial` and
renamed when complete:

    database.dump   PostgreSQL: `pg_dump -Fc`; SQLite: a copy made by SQLite's online backup
    files/<key>     every object of the default storage (the disk or the bucket), by its key
    manifest.json   the dump's and every file's size and sha256, the migration state, the time,
                    the Django and portal versions

A restore checks the whole folder against its manifest, that the database is empty and that the
storage holds none of the keys with other content before it changes anything; then it loads the
dump, puts every file back under its own key and verifies: every key with its sha256, and every
row's stored checksum against its file (`checksum_columns`: any model's `<x>file` FileField next to
a `<x>checksum` field, such as a report version's PDF and DOCX or a consultation document).

Files are streamed in chunks; no whole object is held in memory. PostgreSQL's password goes to
pg_dump / pg_restore through PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from core.storage import digest, stored_chunks, uses_bucket

from .database import dump_database, load_database, migration_state, our_tables
from .files import (
    checksum_columns,
    checksum_problems,
    file_digest,
    referenced_keys,
    safe_key,
    storage_keys,
)
from .problems import BackupError, Problem, RestoreIncomplete, VerificationError, fail

__all__ = [
    "BackupError",
    "Problem",
    "RestoreIncomplete",
    "Summary",
    "VerificationError",
    "backup_create",
    "checksum_columns",
    "read_manifest",
    "restore_run",
    "storage_keys",
]

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
PARTIAL = ".partial"
STAMP = "%Y%m%d-%H%M%S"


@dataclass
class Summary:
    folder: Path
    files: int = 0
    bytes: int = 0
    skipped: int = 0  # restore: keys already in the storage with the same content
    rows_checked: int = 0
    warnings: list[Problem] = field(default_factory=list)


def _versions() -> dict:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except FileNotFoundError:
        commit = ""
    return {"django": django.get_version(), "app": project["version"], "commit": commit or None}


# --- backup ---------------------------------------------------------------------------------


def backup_create(*, out: Path, storage: Storage | None = None) -> Summary:
    """Write a complete backup folder under `out`. On failure the `.partial` folder is removed;
    only a killed run leaves one behind, and restore refuses it."""
    storage = storage or default_storage
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    out.mkdir(parents=True, exist_ok=True)
    final = out / now.strftime(STAMP)
    partial = final.with_name(final.name + PARTIAL)
    if final.exists() or partial.exists():
        raise fail("exists", str(final), "đã có một bản sao lưu cùng tên: chạy lại sau một giây")
    partial.mkdir(mode=0o700)
    try:
        summary = _write(partial, storage=storage, now=now)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(final)
    summary.folder = final
    return summary


def _write(folder: Path, *, storage: Storage, now: datetime.datetime) -> Summary:
    connection = connections["default"]
    dump_database(folder / DUMP)
    dump_size, dump_sha = file_digest(folder / DUMP)
    summary = Summary(folder=folder)
    entries = []
    for key in storage_keys(storage):
        if not safe_key(key):
            raise fail("key", key, "tên tệp không an toàn trong kho tệp")
        target = folder / FILES / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            size, sha = digest(stored_chunks(storage, key), out)
        entries.append({"key": key, "size": size, "sha256": sha})
        summary.files += 1
        summary.bytes += size
    digests = {entry["key"]: entry["sha256"] for entry in entries}
    for key, row in referenced_keys().items():
        if key not in digests:
            summary.warnings.append(Problem("missing_file", row, f"không có tệp {key}"))
    summary.rows_checked, problems = checksum_problems(digests)
    summary.warnings += [p for p in problems if p.code != "missing_file"]
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat().replace("+00:00", "Z"),
        **_versions(),
        "database": {
            "vendor": connection.vendor,
            "file": DUMP,
            "size": dump_size,
            "sha256": dump_sha,
        },
        "migrations": migration_state(),
        "storage": "bucket" if uses_bucket(storage) else "disk",
        "files": entries,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return summary


# --- restore --------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    if folder.name.endswith(PARTIAL):
        raise fail("partial", str(folder), "bản sao lưu dở dang (.partial), không dùng được")
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise fail("manifest", str(folder / MANIFEST), f"không đọc được: {error}") from None
    if manifest.get("format") != FORMAT:
        raise fail("manifest", MANIFEST, f"định dạng {manifest.get('format')} không được hỗ trợ")
    return manifest


def restore_problems(folder: Path, manifest: dict, *, storage: Storage) -> tuple[list, set]:
    """Everything that stops the restore, and the keys the storage already has (same content)."""
    problems: list[Problem] = []
    database = manifest["database"]
    vendor = connections["default"].vendor
    if database["vendor"] != vendor:
        problems.append(
            Problem("database", DUMP, f"bản sao lưu là {database['vendor']}, đích là {vendor}")
        )
    dump = folder / DUMP
    if not dump.is_file() or file_digest(dump) != (database["size"], database["sha256"]):
        problems.append(Problem("file_checksum", DUMP, "kích thước hoặc sha256 không khớp"))
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in manifest["migrations"].items():
        if (app, name) not in known:
            problems.append(
                Problem("migration", f"{app}.{name}", "mã nguồn này không có migration đó")
            )
    tables = our_tables()
    if tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        problems.append(
            Problem(
                "not_empty",
                str(connections["default"].settings_dict["NAME"]),
                f"cơ sở dữ liệu đã có {len(tables)} bảng của cổng ({shown}): "
                "chỉ khôi phục vào một cơ sở dữ liệu trống",
            )
        )
    present = set()
    for entry in manifest["files"]:
        key = entry["key"]
        path = folder / FILES / key
        if not safe_key(key):
            problems.append(Problem("key", key, "tên tệp không an toàn"))
        elif not path.is_file() or file_digest(path) != (entry["size"], entry["sha256"]):
            problems.append(Problem("file_checksum", key, "kích thước hoặc sha256 không khớp"))
        elif storage.exists(key):
            if digest(stored_chunks(storage, key))[1] != entry["sha256"]:
                problems.append(
                    Problem("storage_conflict", key, "kho tệp đã có tệp này với nội dung khác")
                )
            else:
                present.add(key)
    return problems, present


def restore_run(
    folder: Path, *, storage: Storage | None = None, confirm: Callable[[dict], bool] = bool
) -> Summary | None:
    """Check everything, ask `confirm(manifest)`, then load the database and the files.

    BackupError (nothing changed) when a check fails; None when `confirm` says no;
    RestoreIncomplete when it stopped after it began writing; VerificationError when the restored
    data does not match the backup afterwards.
    """
    storage = storage or default_storage
    manifest = read_manifest(folder)
    problems, present = restore_problems(folder, manifest, storage=storage)
    if problems:
        raise BackupError(problems)
    if not confirm(manifest):
        return None
    summary = Summary(folder=folder)
    try:
        load_database(folder / DUMP)
        _put_files(folder, manifest, storage=storage, present=present, summary=summary)
    except Exception as error:
        problems = error.problems if isinstance(error, BackupError) else []
        raise RestoreIncomplete(
            problems or [Problem("interrupted", type(error).__name__, str(error))]
        ) from error
    digests = {}
    for entry in manifest["files"]:
        key = entry["key"]
        digests[key] = digest(stored_chunks(storage, key))[1] if storage.exists(key) else ""
        if digests[key] != entry["sha256"]:
            problems.append(Problem("file_checksum", key, "tệp trong kho khác với bản sao lưu"))
    summary.rows_checked, row_problems = checksum_problems(digests)
    if problems or row_problems:
        raise VerificationError(problems + row_problems)
    return summary


def _put_files(folder: Path, manifest: dict, *, storage: Storage, present: set, summary) -> None:
    """Every file back under its own key (the storage was checked to have none of them)."""
    for entry in manifest["files"]:
        key = entry["key"]
        if key in present:
            summary.skipped += 1
            continue
        with (folder / FILES / key).open("rb") as handle:
            saved = storage.save(key, File(handle, name=key))
        if saved != key:
            raise fail("key", key, f"kho tệp đã lưu dưới tên khác ({saved})")
        summary.files += 1
        summary.bytes += entry["size"]
