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
import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from core.storage import uses_bucket

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
PARTIAL = ".partial"
CHUNK = 1024 * 1024
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Problem:
    """One thing that stops a restore (or that a verification found): a code, what, a message."""

    code: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}" if self.subject else self.message


class BackupError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class VerificationError(BackupError):
    """The restore ran, but what is now stored does not match the backup."""


def _fail(code: str, subject: str, message: str) -> BackupError:
    return BackupError([Problem(code, subject, message)])


@dataclass
class Summary:
    folder: Path
    files: int = 0
    bytes: int = 0
    skipped: int = 0  # restore: keys already in the storage with the same content
    rows_checked: int = 0
    warnings: list[Problem] = field(default_factory=list)


# --- files and checksums ------------------------------------------------------------------


def _chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def _stored_chunks(storage: Storage, key: str) -> Iterator[bytes]:
    """The object's bytes in chunks. The bucket's own file object would first download the whole
    object into memory, so a bucket is read from boto3's streaming body."""
    if uses_bucket(storage):
        yield from storage.bucket.Object(key).get()["Body"].iter_chunks(CHUNK)
        return
    with storage.open(key, "rb") as handle:
        yield from _chunks(handle)


def _digest(chunks: Iterable[bytes], out=None) -> tuple[int, str]:
    """(size, sha256) of the chunks, written to `out` on the way when given."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        return _digest(_chunks(handle))


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


def _safe_key(key: str) -> bool:
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


# --- the database ---------------------------------------------------------------------------


def _connection():
    return connections["default"]


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    db = _connection().settings_dict
    command = [program]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    command += ["--no-password", *args, "--dbname", str(db["NAME"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return command, env


def _run(program: str, *args: str) -> None:
    command, env = _pg_command(program, *args)
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise _fail(
            "tool", program, "không tìm thấy chương trình (cài gói Debian postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise _fail("tool", program, result.stderr.strip() or f"mã thoát {result.returncode}")


def dump_database(path: Path) -> None:
    connection = _connection()
    if connection.vendor == "postgresql":
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path))
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise _fail("database", connection.vendor, "chỉ sao lưu được PostgreSQL và SQLite")


def load_database(path: Path) -> None:
    connection = _connection()
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(path),
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema from a fresh connection


def migration_state() -> dict[str, str]:
    """The latest applied migration of each app."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(_connection()).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def our_tables() -> list[str]:
    """The portal's tables (models, migrations, the database cache) this database already has."""
    connection = _connection()
    ours = set(connection.introspection.django_table_names())
    ours.add(MigrationRecorder.Migration._meta.db_table)
    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("db.DatabaseCache"):
            ours.add(cache["LOCATION"])
    return sorted(ours & set(connection.introspection.table_names()))


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
    """Write a complete backup folder under `out`; nothing but a `.partial` folder on failure."""
    storage = storage or default_storage
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    out.mkdir(parents=True, exist_ok=True)
    final = out / now.strftime(STAMP)
    partial = final.with_name(final.name + PARTIAL)
    if final.exists() or partial.exists():
        raise _fail("exists", str(final), "đã có một bản sao lưu cùng tên: chạy lại sau một giây")
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
    connection = _connection()
    dump_database(folder / DUMP)
    dump_size, dump_sha = file_digest(folder / DUMP)
    summary = Summary(folder=folder)
    entries = []
    for key in storage_keys(storage):
        if not _safe_key(key):
            raise _fail("key", key, "tên tệp không an toàn trong kho tệp")
        target = folder / FILES / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            size, sha = _digest(_stored_chunks(storage, key), out)
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
        raise _fail("partial", str(folder), "bản sao lưu dở dang (.partial), không dùng được")
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise _fail("manifest", str(folder / MANIFEST), f"không đọc được: {error}") from None
    if manifest.get("format") != FORMAT:
        raise _fail("manifest", MANIFEST, f"định dạng {manifest.get('format')} không được hỗ trợ")
    return manifest


def restore_problems(folder: Path, manifest: dict, *, storage: Storage) -> tuple[list, set]:
    """Everything that stops the restore, and the keys the storage already has (same content)."""
    problems: list[Problem] = []
    database = manifest["database"]
    vendor = _connection().vendor
    if database["vendor"] != vendor:
        problems.append(
            Problem("database", DUMP, f"bản sao lưu là {database['vendor']}, đích là {vendor}")
        )
    dump = folder / database["file"]
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
                str(_connection().settings_dict["NAME"]),
                f"cơ sở dữ liệu đã có {len(tables)} bảng của cổng ({shown}): "
                "chỉ khôi phục vào một cơ sở dữ liệu trống",
            )
        )
    present = set()
    for entry in manifest["files"]:
        key = entry["key"]
        path = folder / FILES / key
        if not _safe_key(key):
            problems.append(Problem("key", key, "tên tệp không an toàn"))
        elif not path.is_file() or file_digest(path) != (entry["size"], entry["sha256"]):
            problems.append(Problem("file_checksum", key, "kích thước hoặc sha256 không khớp"))
        elif storage.exists(key):
            if _digest(_stored_chunks(storage, key))[1] != entry["sha256"]:
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
    VerificationError when the restored data does not match the backup afterwards.
    """
    storage = storage or default_storage
    manifest = read_manifest(folder)
    problems, present = restore_problems(folder, manifest, storage=storage)
    if problems:
        raise BackupError(problems)
    if not confirm(manifest):
        return None
    load_database(folder / manifest["database"]["file"])
    summary = Summary(folder=folder)
    for entry in manifest["files"]:
        key = entry["key"]
        if key in present:
            summary.skipped += 1
            continue
        with (folder / FILES / key).open("rb") as handle:
            saved = storage.save(key, File(handle, name=key))
        if saved != key:
            raise _fail("key", key, f"kho tệp đã lưu dưới tên khác ({saved})")
        summary.files += 1
        summary.bytes += entry["size"]
    digests = {}
    for entry in manifest["files"]:
        key = entry["key"]
        digests[key] = _digest(_stored_chunks(storage, key))[1] if storage.exists(key) else ""
        if digests[key] != entry["sha256"]:
            problems.append(Problem("file_checksum", key, "tệp trong kho khác với bản sao lưu"))
    summary.rows_checked, row_problems = checksum_problems(digests)
    if problems or row_problems:
        raise VerificationError(problems + row_problems)
    return summary
