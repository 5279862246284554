"""Browser tests: each role's day in Debian's Chromium, through Playwright's sync API.

One Chromium for all of them, a new context (cookies, downloads) per test. `portal` opens pages
as one user and checks every page it lands on (`Portal.check`): no console error, no request
leaving 127.0.0.1, no English left in the visible text, no sideways scrolling at 1280 and 390 px.

A new journey is a test taking `portal` (and `demo`, the data `make run` loads): log in with
`portal.login_as(user)` (a session cookie) or `portal.login_with_form(...)`, then move with
`portal.open(path)` and `portal.click_and_check(locator)`; find things by label, role and text.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# pytest-django's live server listens on this address ("localhost" by default).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1"}

# Tell-tale English of a page left untranslated (matched as whole words, case-sensitive), and
# Python's None / True / False printed where a value was missing.
ENGLISH_LEFTOVERS = [
    "None",
    "True",
    "False",
    "Forbidden",
    "Not Found",
    "Server Error",
    "This field is required",
    "Enter a",
    "Ensure this value",
    "Select a valid choice",
    "Home",
    "Members",
    "Societies",
    "Activities",
    "Commendations",
    "Term reports",
    "Administration",
    "Log in",
    "Log out",
    "Sign in",
    "Password",
    "Welcome",
    "Save",
    "Cancel",
    "Delete",
    "Remove",
    "Edit",
    "Search",
    "Filter",
    "Export",
    "Import",
    "Download",
    "Upload",
    "Submit",
    "Confirm",
    "Previous",
    "Next",
    "Show counts",
    "Add another",
    "History",
    "Profile",
    "Back to",
    "Go back",
]
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_LEFTOVERS) + r")\b")

OVERFLOW_JS = """() => {
  const page = document.scrollingElement;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    if (p !== document.body && p !== document.documentElement
        && getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > page.clientWidth + 1 && !scrolls(el))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll: page.scrollWidth, client: page.clientWidth, wide: wide};
}"""


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, stopped after the last of them.

    Playwright's sync API keeps an event loop running in this thread while it is started, and
    Django's ORM refuses to run in a thread with a running loop unless told it is safe: only
    for as long as the browser runs (a subprocess started by another test must not inherit it).
    """
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make debs` (or apt-get install chromium) installs it")
    catalogue = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django"
    mo, po = catalogue.with_suffix(".mo"), catalogue.with_suffix(".po")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        # Without it every page is in English and each check fails on that alone.
        pytest.fail("the Vietnamese catalogue is not compiled: run `make messages` first")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _live_server_settings():
    """Settings the live server thread reads when it starts.

    Django's live server wraps the site in a media-files handler that needs a MEDIA_URL; the
    portal has none (uploads are served only by permission-checked views), so it gets a path
    nothing links to.
    """
    from django.test import override_settings

    with override_settings(MEDIA_URL="/media-not-served/"):
        yield


@pytest.fixture(scope="session")
def live_server(_live_server_settings, live_server):
    return live_server


@pytest.fixture
def _browser_settings(settings):
    """The live server speaks plain HTTP on 127.0.0.1, whatever DEBUG says."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


@dataclass
class PageChecks:
    """What the page listeners saw since the last check."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.foreign_requests.append(request.url)


class Portal:
    """One user's browser tab on the live server, checking every page it shows."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.context = browser.new_context(
            viewport=DESKTOP, locale="vi-VN", accept_downloads=True, base_url=self.base_url
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.checks = PageChecks()
        self.checks.attach(self.page)
        self.visited: list[str] = []

    # --- logging in --------------------------------------------------------------------------

    def login_as(self, user) -> None:
        """A session cookie made by Django's test client: no login form per test."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.clear_cookies()
        self.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url + "/"}]
        )

    def login_with_form(self, email: str, password: str) -> None:
        self.open("/accounts/login/")
        self.page.get_by_label(re.compile(r"^\s*E-?mail:?\s*$", re.I)).fill(email)
        self.page.get_by_label(re.compile(r"^\s*Mật khẩu:?\s*$")).fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state()
        self.check()

    # --- navigation --------------------------------------------------------------------------

    def open(self, path: str, *, status: int = 200, allow_english: tuple[str, ...] = ()):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, (
            path,
            response and response.status,
        )
        if status >= 400:
            # The browser reports the failed document load itself; that one error is expected.
            document = f"({self.page.url})"
            self.checks.console_errors = [
                e
                for e in self.checks.console_errors
                if not (e.startswith("Failed to load resource") and e.endswith(document))
            ]
        self.check(allow_english=allow_english)
        return response

    def click_and_check(self, locator, **allowances) -> None:
        with self.page.expect_navigation():
            locator.click()
        self.check(**allowances)

    def choose(self, select, pattern: str) -> None:
        """Select the option of `select` whose visible text matches `pattern`."""
        texts = select.locator("option").all_inner_texts()
        chosen = next(text for text in texts if re.search(pattern, text))
        select.select_option(label=chosen)

    def download(self, locator):
        """Click a link or button that downloads a file; returns (file name, bytes)."""
        with self.page.expect_download() as info:
            locator.click()
        download = info.value
        path = download.path()
        with open(path, "rb") as handle:
            return download.suggested_filename, handle.read()

    # --- the checks every page goes through ------------------------------------------------

    def check(self, *, allow_english: tuple[str, ...] = (), widths=(MOBILE, DESKTOP)) -> None:
        page = self.page
        url = page.url
        self.visited.append(url)
        text = page.inner_text("body")
        leftovers = sorted({m.group(0) for m in ENGLISH_RE.finditer(text)} - set(allow_english))
        assert not leftovers, f"English left on {url}: {leftovers}"
        for viewport in widths:
            page.set_viewport_size(viewport)
            found = page.evaluate(OVERFLOW_JS)
            assert found["scroll"] <= found["client"], (
                f"{url} scrolls sideways at {viewport['width']} px: {found}"
            )
        assert not self.checks.console_errors, (
            f"console errors on {url}: {self.checks.console_errors}"
        )
        assert not self.checks.foreign_requests, (
            f"requests off 127.0.0.1 from {url}: {self.checks.foreign_requests}"
        )

    def close(self) -> None:
        try:
            assert not self.checks.console_errors, self.checks.console_errors
            assert not self.checks.foreign_requests, self.checks.foreign_requests
        finally:
            self.context.close()


@pytest.fixture
def portal(browser, live_server, _browser_settings):
    """A fresh browser context on the live server; see Portal."""
    tab = Portal(browser, live_server.url)
    yield tab
    tab.close()


@pytest.fixture
def demo(transactional_db):
    """The Hồng Lĩnh demo data and its accounts (one per role), as `make run` loads them."""
    from core.demo import load_demo

    load_demo()
    from associations.models import User

    return {user.email.split("@")[0]: user for user in User.objects.all()}
