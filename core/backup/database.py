"""The database side of backups: pg_dump / pg_restore or SQLite's online backup, the migration
state, and whether a database already holds the portal's tables."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from .problems import fail


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
    command += ["--no-password", "--dbname", str(db["NAME"]), *args]
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
        raise fail(
            "tool", program, "không tìm thấy chương trình (cài gói Debian postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise fail("tool", program, result.stderr.strip() or f"mã thoát {result.returncode}")


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
        raise fail("database", connection.vendor, "chỉ sao lưu được PostgreSQL và SQLite")


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
