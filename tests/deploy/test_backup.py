"""Backups that restore (core/backup.py): the manifest, the refusals, and the round trip.

The round trip runs on the suite's own database: SQLite here, PostgreSQL in CI (pg_dump and
pg_restore into a database made for the test); with the files on disk and in a bucket. Restores
run as a separate process pointed at an empty database and an empty storage, as on a new server.
"""

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from associations.services import attachment_add
from consultations.services import document_upload
from core.backup import BackupError, backup_create, restore_run, storage_keys
from reports import services as reports
from tests.consultations.factories import PDF, ConsultationTaskFactory
from tests.factories import ActivityFactory, ReportVersionFactory, TermReportFactory
from tests.reports.datasets import decrease_dataset

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    "associations_union",
    "associations_society",
    "associations_user",
    "associations_activity",
    "associations_activityattachment",
    "members_member",
    "members_membership",
    "consultations_consultationtask",
    "consultations_taskdocument",
    "reports_termreport",
    "reports_reportversion",
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dataset(*, generate: bool):
    """A union with members, a term report version, an activity attachment and a consultation
    document. `generate`: the version is rendered by reports.services (PDF and DOCX)."""
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    if generate:
        reports.term_report_generate(report=report)
    else:
        content = b"%PDF-1.7 stand-in"
        ReportVersionFactory(report=report, checksum=sha256(content), figures={"members": 9})
    activity = ActivityFactory(society=union.societies.first())
    attachment_add(activity=activity, upload=SimpleUploadedFile("anh.pdf", PDF))
    task = ConsultationTaskFactory(union=union)
    document_upload(task=task, title="Dự thảo", upload=SimpleUploadedFile("du-thao.pdf", PDF))
    return union


def stored_files(storage) -> dict[str, str]:
    """key → sha256 of every object, read back from the storage itself."""
    found = {}
    for key in storage_keys(storage):
        with storage.open(key, "rb") as handle:
            found[key] = sha256(handle.read())
    return found


def snapshot(db) -> dict:
    """Row counts of the main tables, every version's figures and checksums, every document's."""
    cursor = db.cursor()
    counts = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names from TABLES
        counts[table] = cursor.fetchone()[0]
    cursor.execute(
        "SELECT number, figures, file, checksum, docx_file, docx_checksum "
        "FROM reports_reportversion ORDER BY id"
    )
    versions = [
        (number, json.loads(figures) if isinstance(figures, str) else figures, *rest)
        for number, figures, *rest in cursor.fetchall()
    ]
    cursor.execute("SELECT file, checksum FROM consultations_taskdocument ORDER BY id")
    return {"counts": counts, "versions": versions, "documents": cursor.fetchall()}


def our_table_count(db) -> int:
    cursor = db.cursor()
    if isinstance(db, sqlite3.Connection):
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    return cursor.fetchone()[0]


@contextmanager
def empty_database(tmp_path: Path):
    """(DATABASE_URL, connect) of a new empty database of the suite's own kind; dropped after."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg2  # only here: the suite also runs on SQLite without it

    db = connection.settings_dict
    params = {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }
    name = f"{db['NAME']}_restored"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    opened = []

    def connect():
        opened.append(psycopg2.connect(dbname=name, **params))
        return opened[-1]

    try:
        yield url, connect
    finally:
        for db_connection in opened:
            db_connection.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def restore(folder: Path, *, database_url: str, media: Path, bucket=None, extra=()):
    """`manage.py restore` as a new server runs it: its own database and storage."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "backup-test-" + "k" * 50,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "REDIS_URL": "",
        "AWS_STORAGE_BUCKET_NAME": "",
        **(bucket.env if bucket else {}),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder), *extra],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # no one to answer the confirmation: it counts as "no"
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- the backup folder ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_manifest_lists_every_file_the_dump_and_the_migrations(tmp_path):
    dataset(generate=False)
    before = stored_files(default_storage)

    summary = backup_create(out=tmp_path / "backups")

    folder = summary.folder
    manifest = json.loads((folder / "manifest.json").read_text())
    dump = (folder / "database.dump").read_bytes()
    applied = MigrationRecorder(connection).applied_migrations()
    assert re.fullmatch(r"\d{8}-\d{6}", folder.name)
    assert os.listdir(tmp_path / "backups") == [folder.name]
    assert {e["key"]: e["sha256"] for e in manifest["files"]} == before
    assert [e["size"] for e in manifest["files"]] == [
        (folder / "files" / e["key"]).stat().st_size for e in manifest["files"]
    ]
    assert {k: sha256((folder / "files" / k).read_bytes()) for k in before} == before
    assert manifest["database"] == {
        "vendor": connection.vendor,
        "file": "database.dump",
        "size": len(dump),
        "sha256": sha256(dump),
    }
    assert manifest["migrations"]["reports"] == max(n for a, n in applied if a == "reports")
    assert manifest["storage"] == "disk"
    assert summary.rows_checked == 2  # the version's PDF and the consultation document
    assert summary.warnings == []


class FailingStorage(FileSystemStorage):
    def open(self, name, mode="rb"):
        raise OSError(f"read error on {name}")


@pytest.mark.django_db(transaction=True)
def test_backup_that_fails_leaves_no_folder(tmp_path, settings):
    dataset(generate=False)
    storage = FailingStorage(location=settings.MEDIA_ROOT)

    with pytest.raises(OSError, match="read error"):
        backup_create(out=tmp_path / "backups", storage=storage)

    assert os.listdir(tmp_path / "backups") == []


@pytest.mark.django_db(transaction=True)
def test_backup_command_warns_of_a_row_whose_checksum_does_not_match(tmp_path, capsys):
    ReportVersionFactory(checksum="0" * 64)

    call_command("backup", "--out", str(tmp_path))

    out, err = capsys.readouterr()
    assert err.count("reports.ReportVersion") == 1
    assert Path(out.splitlines()[-1]).parent == tmp_path


# --- refusals: nothing is changed -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    dataset(generate=False)
    folder = backup_create(out=tmp_path).folder
    before = snapshot(connection)

    with pytest.raises(BackupError) as refused:
        restore_run(folder)

    assert [p.code for p in refused.value.problems] == ["not_empty"]
    assert "associations_activity, " in refused.value.problems[0].message
    assert snapshot(connection) == before


def _change_dump(folder: Path) -> None:
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"x")


def _newer_migration(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["reports"] = "9999_from_a_newer_portal"
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change, problem",
    [
        (_change_dump, ("file_checksum", "database.dump")),
        (_newer_migration, ("migration", "reports.9999_from_a_newer_portal")),
    ],
)
def test_restore_refuses_a_changed_dump_or_a_backup_newer_than_the_code(tmp_path, change, problem):
    dataset(generate=False)
    folder = backup_create(out=tmp_path).folder
    change(folder)
    before = snapshot(connection)

    with pytest.raises(BackupError) as refused:
        restore_run(folder)

    found = [(p.code, p.subject) for p in refused.value.problems]
    assert found == [problem, ("not_empty", connection.settings_dict["NAME"])]
    assert snapshot(connection) == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_changed_file_and_changes_nothing(tmp_path):
    dataset(generate=False)
    folder = backup_create(out=tmp_path / "backups").folder
    changed = next((folder / "files").rglob("*.pdf"))
    changed.write_bytes(changed.read_bytes() + b"x")
    media = tmp_path / "new-media"

    with empty_database(tmp_path) as (url, connect):
        result = restore(folder, database_url=url, media=media, extra=["--yes"])
        tables = our_table_count(connect())

    assert result.returncode == 1, result.stdout + result.stderr
    assert str(changed.relative_to(folder / "files")) in result.stderr
    assert tables == 0
    assert not media.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_key_the_storage_holds_with_other_content(tmp_path):
    dataset(generate=False)
    folder = backup_create(out=tmp_path / "backups").folder
    key = next(iter(stored_files(default_storage)))
    media = tmp_path / "new-media"
    (media / key).parent.mkdir(parents=True)
    (media / key).write_bytes(b"another file")

    with empty_database(tmp_path) as (url, connect):
        result = restore(folder, database_url=url, media=media, extra=["--yes"])
        tables = our_table_count(connect())

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{key}: " in result.stderr
    assert tables == 0
    assert stored_files(FileSystemStorage(location=media)) == {key: sha256(b"another file")}


@pytest.mark.django_db(transaction=True)
def test_restore_without_yes_and_no_answer_changes_nothing(tmp_path):
    dataset(generate=False)
    folder = backup_create(out=tmp_path / "backups").folder
    media = tmp_path / "new-media"

    with empty_database(tmp_path) as (url, connect):
        result = restore(folder, database_url=url, media=media)
        tables = our_table_count(connect())

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines()[-1] == "CommandError: Đã hủy: chưa thay đổi gì."
    assert tables == 0
    assert not media.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_that_cannot_write_a_file_says_it_stopped_midway(tmp_path):
    dataset(generate=False)
    folder = backup_create(out=tmp_path / "backups").folder
    media = tmp_path / "new-media"
    media.write_bytes(b"a file where the storage's folder should be")

    with empty_database(tmp_path) as (url, _connect):
        result = restore(folder, database_url=url, media=media, extra=["--yes"])

    assert result.returncode == 1, result.stdout + result.stderr
    assert "CommandError: Khôi phục dừng giữa chừng:" in result.stderr


def test_restore_refuses_a_partial_folder(tmp_path):
    folder = tmp_path / "20260101-000000.partial"
    folder.mkdir()

    with pytest.raises(BackupError) as refused:
        restore_run(folder)

    assert [p.code for p in refused.value.problems] == ["partial"]


# --- the round trip ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["disk", "bucket"])
def test_round_trip_restores_every_frozen_figure_and_file(where, tmp_path, request):
    source = request.getfixturevalue("s3_bucket") if where == "bucket" else None
    dataset(generate=True)
    before = snapshot(connection)
    files_before = stored_files(default_storage)

    call_command("backup", "--out", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    target = request.getfixturevalue("new_bucket")() if source else None
    media = tmp_path / "new-media"
    with empty_database(tmp_path) as (url, connect):
        result = restore(folder, database_url=url, media=media, bucket=target, extra=["--yes"])
        after = snapshot(connect())

    if target:
        keys = target.keys()  # the bucket's objects, listed with boto3
        files_after = {key: sha256(target.read(key)) for key in keys}
    else:
        files_after = stored_files(FileSystemStorage(location=media))
    assert result.returncode == 0, result.stdout + result.stderr
    assert after == before
    assert files_after == files_before
    assert len(files_before) == 4  # the version's PDF and DOCX, the attachment, the document
    assert before["versions"][0][1] != {}
    assert [v[3] for v in before["versions"]] == [files_before[v[2]] for v in before["versions"]]
