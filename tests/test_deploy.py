import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET_KEY = "x" * 20 + "-production-secret-from-the-environment-1234567890"
# A correct production environment for `check --deploy` (Redis is not connected to by checks).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": PRODUCTION_SECRET_KEY,
    "ALLOWED_HOSTS": "portal.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    "TRUSTED_PROXIES": "127.0.0.1",
}


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
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

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
        **{**PRODUCTION_ENV, "SECRET_KEY": secret_key},
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


# --- the deployment checks of core/checks.py ------------------------------------------------------


def _deploy_check_ids() -> list[str]:
    return sorted(
        m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("lhh.")
    )


@pytest.fixture
def production(settings, monkeypatch):
    """Settings of a correct multi-server deployment: the checks must say nothing."""
    settings.DEBUG = False
    redis = {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/7"}
    settings.CACHES = {**settings.CACHES, "default": redis}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.APP_SERVERS = 2
    bucket = {"BACKEND": "core.s3.PrivateS3Storage", "OPTIONS": {"bucket_name": "lhh-files"}}
    settings.STORAGES = {**settings.STORAGES, "default": bucket}
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    # Only the check reads the engine (the test database's connection is made already).
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    return settings


def test_deploy_checks_pass_a_correct_multi_server_deployment(production):
    assert _deploy_check_ids() == []


def test_deploy_check_warns_of_a_process_local_cache(production):
    production.CACHES = {
        **production.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

    assert _deploy_check_ids() == ["lhh.W001"]


def test_deploy_check_warns_of_tasks_run_in_the_web_process(production):
    production.CELERY_TASK_ALWAYS_EAGER = True

    assert _deploy_check_ids() == ["lhh.W002"]


def test_deploy_check_warns_of_files_on_disk_with_several_app_servers(production):
    production.STORAGES = {
        **production.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }

    assert _deploy_check_ids() == ["lhh.W003"]

    production.APP_SERVERS = 1
    assert _deploy_check_ids() == []


def test_deploy_check_warns_of_sqlite_with_several_app_servers(production):
    production.DATABASES["default"]["ENGINE"] = "django.db.backends.sqlite3"  # fixture restores

    assert _deploy_check_ids() == ["lhh.W004"]

    production.APP_SERVERS = 1
    assert _deploy_check_ids() == []


def test_deploy_check_warns_of_an_https_redirect_that_trusts_no_proxy(production):
    production.TRUSTED_PROXIES = []

    assert _deploy_check_ids() == ["lhh.W005"]

    production.SECURE_SSL_REDIRECT = False
    assert _deploy_check_ids() == []


def test_deploy_checks_are_quiet_in_debug(production):
    production.DEBUG = True
    production.CACHES = {
        **production.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    production.CELERY_TASK_ALWAYS_EAGER = True

    assert _deploy_check_ids() == []


def test_check_deploy_names_each_misconfiguration_of_a_multi_server_env():
    env = {**PRODUCTION_ENV, "REDIS_URL": "", "APP_SERVERS": "3", "SECRET_KEY": "k" * 49,
           "DATABASE_URL": "sqlite:///var/db.sqlite3", "AWS_STORAGE_BUCKET_NAME": ""}  # fmt: skip

    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    found = sorted(set(re.findall(r"\((lhh\.W\d+|security\.W009)\)", result.stderr)))
    assert found == ["lhh.W001", "lhh.W002", "lhh.W003", "lhh.W004", "security.W009"]


# --- .env.example names every variable the code reads -------------------------------------------

# Read from the environment by the code but not settings an installation makes.
INTERNAL_VARIABLES = {"DJANGO_SETTINGS_MODULE", "BENCH_BASE_URLCONF"}
ENV_READ = re.compile(
    r"""(?:\benv(?:\.\w+)?|os\.environ\.get|os\.getenv|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read_by_the_code() -> set[str]:
    folders = [path for path in ROOT.iterdir() if (path / "__init__.py").exists()]
    folders.remove(ROOT / "tests")
    sources = [*ROOT.glob("*.py"), *(ROOT / "deploy").glob("*.py")]
    sources += [path for folder in folders for path in folder.rglob("*.py")]
    found = {name for path in sources for name in ENV_READ.findall(path.read_text())}
    return found - INTERNAL_VARIABLES


def test_env_example_names_every_variable_the_code_reads():
    documented = set(
        re.findall(r"^#?\s?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )

    assert sorted(_variables_read_by_the_code() - documented) == []
    assert {"DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"} <= _variables_read_by_the_code()


def test_the_guides_name_only_manage_py_commands_that_exist():
    from django.core.management import get_commands

    guides = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        command
        for guide in guides
        for command in re.findall(r"manage\.py (\w+)", guide.read_text())
    }

    assert sorted(named - set(get_commands())) == []
    assert {"migrate", "createcachetable", "collectstatic", "check"} <= named
