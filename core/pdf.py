"""PDF rendering shared by every generated document (term report, opinion letters, a person's
own data).

WeasyPrint may fetch only the project's own static files: no file://, no network. Templates
name static files as `portal-static:<path>` (`static_url`), e.g. the shipped fonts, declared once
in templates/core/_pdf_fonts.css.
"""

import mimetypes
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "portal-static:"


def static_url(path: str) -> str:
    """The URL a document template uses for a static file: fonts/LiberationSerif-Regular.ttf."""
    return f"{SCHEME}{path}"


class StaticOnlyFetcher(URLFetcher):
    """Serves `portal-static:<path>` from the static files finders; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=["portal-static"], fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith(SCHEME):
            raise ValueError(
                f"Refused to fetch {url!r}: only the portal's static files are allowed"
            )
        relative = url[len(SCHEME) :].split("?")[0].split("#")[0]
        parts = PurePosixPath(relative).parts
        if not relative or relative.startswith("/") or ".." in parts:
            raise ValueError(f"Refused static path {relative!r}")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"Static file not found: {relative!r}")
        with open(found, "rb") as fh:
            body = fh.read()
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`, its resources fetched only from our static files."""
    return HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher()).write_pdf()


def header_name(value: str) -> str:
    """Body names as document headers print them: "Khoa học và Kỹ thuật" → "KH&KT"."""
    return (
        (value or "")
        .replace("Khoa học và Kỹ thuật", "KH&KT")
        .replace("Khoa học - Kỹ thuật", "KH&KT")
    )
