"""Failure counters shared by every process: per account and per address, in the database.

A per-process store (a local-memory cache) lets each worker count on its own, and Redis may be
down; the counters therefore live in a database cache table (settings.RATELIMIT_CACHE), created by
`manage.py createcachetable`. Counts are kept in fixed windows: a limit of N per W seconds allows N
failures in the current window of W seconds.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    amount: int
    seconds: int


def _store():
    return caches[settings.RATELIMIT_CACHE]


def _key(scope: str, ident: str, limit: Limit) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:40]
    window = int(time.time() // limit.seconds)
    return f"rl:{scope}:{limit.amount}/{limit.seconds}:{digest}:{window}"


def _guarded(operation, fallback):
    """Run a store operation; a broken store must never turn a login into a server error."""
    try:
        with transaction.atomic():
            return operation()
    except DatabaseError:
        logger.exception("Rate-limit store unavailable; the limit is not applied")
        return fallback


def count(*, scope: str, ident: str, limit: Limit) -> int:
    return _guarded(lambda: _store().get(_key(scope, ident, limit), 0), 0)


def exceeded(*, scope: str, ident: str, limit: Limit) -> bool:
    return count(scope=scope, ident=ident, limit=limit) >= limit.amount


def hit(*, scope: str, ident: str, limit: Limit) -> None:
    key = _key(scope, ident, limit)

    def increment():
        store = _store()
        if not store.add(key, 1, timeout=limit.seconds + 1):
            store.incr(key)

    _guarded(increment, None)


def clear(*, scope: str, ident: str, limit: Limit) -> None:
    _guarded(lambda: _store().delete(_key(scope, ident, limit)), None)
