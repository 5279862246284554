import os
import subprocess
import sys
from pathlib import Path

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
