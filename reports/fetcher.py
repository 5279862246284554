"""The safe fetcher lives in core.pdf (members print too); kept here for reports' imports."""

from core.pdf import SCHEME, StaticOnlyFetcher, static_url

__all__ = ["SCHEME", "StaticOnlyFetcher", "static_url"]
