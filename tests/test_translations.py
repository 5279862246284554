"""The Vietnamese catalog (locale/vi) covers every string of the current sources."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOG = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "vi",
    "--ignore=.venv",
    "--ignore=vendor_locale",
    "--ignore=var",
    "--no-obsolete",
]
# Left out of the copy: top-level directories makemessages is told to ignore, and caches anywhere.
SKIP_TOP = {".venv", "var", ".git", "vendor_locale", ".ruff_cache", ".pytest_cache"}
SKIP_ANYWHERE = {"__pycache__", ".git"}
# Generous: the copy and makemessages take a few seconds.
TIMEOUT = 120

FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
ESCAPES = {"n": "\n", "t": "\t"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def po_entries(text: str) -> list[dict]:
    """The entries of a .po file as {"flags", "msgid", "msgstr", ...}; obsolete ones left out.

    A plural entry's "msgstr" is its msgstr[0] (Vietnamese has one form).
    """
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        entry: dict = {"flags": set()}
        current = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := FIELD.match(line):
                current = match.group(1)
                entry[current] = _unquote(match.group(2))
            elif line.startswith('"') and current is not None:
                entry[current] += _unquote(line)
        if "msgid" not in entry:
            continue
        if "msgstr" not in entry:
            entry["msgstr"] = entry.get("msgstr[0]", "")
        entries.append(entry)
    return entries


def untranslated(text: str) -> list[str]:
    """msgids with an empty translation or a fuzzy flag (the header, msgid "", is left out)."""
    return [
        entry["msgid"]
        for entry in po_entries(text)
        if entry["msgid"] and (not entry["msgstr"] or "fuzzy" in entry["flags"])
    ]


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = SKIP_ANYWHERE | (SKIP_TOP if Path(directory) == BASE_DIR else set())
    return {name for name in names if name in skip}


def test_po_parser_finds_empty_and_fuzzy_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "Home"\nmsgstr "Trang chủ"\n\n'
        '#: a.py:1\nmsgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s row"\nmsgstr "%(n)s dòng"\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] ""\n\n'
        'msgid "%(n)s page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] ""\n"%(n)s trang"\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n'
    )
    assert untranslated(text) == ["Long text", "%(n)s row", "%(n)s file"]


def test_vietnamese_catalog_is_complete(tmp_path):
    """makemessages on a copy of the current sources leaves nothing untranslated or fuzzy."""
    project = tmp_path / "project"
    shutil.copytree(BASE_DIR, project, ignore=_ignore)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    missing = untranslated((project / CATALOG).read_text(encoding="utf-8"))

    assert missing == [], (
        f"{len(missing)} msgid(s) untranslated or fuzzy in {CATALOG}; run "
        f"`manage.py {' '.join(MAKEMESSAGES)}` and translate them:\n"
        + "\n".join(f"  {msgid!r}" for msgid in missing)
    )


def test_vietnamese_is_active_for_our_strings(settings):
    if not (BASE_DIR / CATALOG).with_suffix(".mo").exists():
        call_command("compilemessages", locale=["vi"], ignore_patterns=[".venv"], verbosity=0)
        settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # drops the cached catalogs
    home = "Home"  # a variable, so that makemessages does not list this file as a source
    with translation.override("vi"):
        assert translation.gettext(home) == "Trang chủ"
