import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_clean_in_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-secret-from-the-environment-1234567890",
        ALLOWED_HOSTS="portal.example.vn",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _generated_secret_key(tmp_path: Path) -> str:
    """The SECRET_KEY written by `make env`, produced by the Makefile's own recipe."""
    for name in ("Makefile", ".env.example"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    subprocess.run(["make", "-s", ".env"], cwd=tmp_path, check=True, capture_output=True)
    lines = (tmp_path / ".env").read_text().splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith("SECRET_KEY="))


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_check_deploy_clean_with_the_key_make_generates(tmp_path):
    secret_key = _generated_secret_key(tmp_path)

    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="portal.example.vn",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert len(secret_key) >= 50


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", ALLOWED_HOSTS="portal.example.vn")
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
         "'config.settings'; import environ; environ.Env.read_env = lambda *a, **k: None; "
         "django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_collectstatic_succeeds_with_production_storage(tmp_path):
    """Hashed, compressed static files: every url() in our CSS must resolve."""
    result = _manage(
        "collectstatic",
        "--no-input",
        "-v",
        "0",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-secret-from-the-environment-1234567890",
        ALLOWED_HOSTS="portal.example.vn",
        STATIC_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_language_cookie_is_secure_and_http_only_in_production():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 20 + "-production-secret-from-the-environment-1234567890",
            "ALLOWED_HOSTS": "portal.example.vn",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == ["True", "True", "Lax"], result.stderr
