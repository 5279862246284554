"""Reads from a replica for read-heavy pages, when DATABASE_REPLICA_URL names one.

Everything stays on the primary ("default") unless all of these hold:
- the code is marked read-only: a view with `ReplicaReadMixin` (or `replica_reads = True`; the
  middleware marks the whole request, template rendering included), or a block or function
  under `read_from_replica()`;
- nothing was written in this request yet (`db_for_write` pins the rest of it to the primary);
- this browser wrote nothing in the last REPLICA_PIN_SECONDS (`ReplicaPinMiddleware` sets a
  signed cookie on every POST, PUT, PATCH or DELETE), so a page right after a save shows it;
- no transaction is open on the primary (`transaction.atomic`), and the query is not a
  `select_for_update` or another read-for-write (Django sends those to `db_for_write`).

Without a replica the router answers "default" to everything and the middleware does nothing.
A read-only page whose replica cannot be reached is served again from the primary (logged).
Migrations run on the primary only. docs/database.md says what reaches the replica and why.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "lhh_primary"
_PIN_SALT = "core.replica.pin"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Reads may go to the replica (a marked view or block).
_marked: ContextVar[bool] = ContextVar("replica_marked", default=False)
# Reads must stay on the primary: a write happened, or this browser wrote a moment ago.
_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_database(url: str, primary: dict, *, env) -> dict:
    """The DATABASES entry of the replica: the primary's options, the replica's address; in
    tests a mirror of the primary (the same test database under another connection)."""
    replica = env.db_url_config(url)
    for option in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS"):
        if option in primary:
            replica[option] = primary[option]
    if replica["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable replica must fail fast: its pages are then read from the primary.
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    replica["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
    return replica


def reads_go_to_replica() -> bool:
    """Whether a read made now would go to the replica."""
    return (
        _marked.get()
        and not _pinned.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


@contextmanager
def read_from_replica():
    """Reads inside may go to the replica (a `with` block, or `@read_from_replica()`)."""
    token = _marked.set(True)
    try:
        yield
    finally:
        _marked.reset(token)


@contextmanager
def on_primary():
    """Reads inside stay on the primary, as after a write."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """DATABASE_ROUTERS: marked reads to the replica, everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if reads_go_to_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _pinned.set(True)  # what this request reads next must see what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects read from either may point at each other.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadMixin:
    """A read-heavy view: its reads may go to the replica (see the module's rules)."""

    replica_reads = True


def _view_reads_replica(view_func) -> bool:
    view_class = getattr(view_func, "view_class", None)
    return bool(getattr(view_class or view_func, "replica_reads", False))


def _pin_seconds() -> int:
    return settings.REPLICA_PIN_SECONDS


class ReplicaPinMiddleware:
    """Scopes the replica's rules to one request: marks it when its view is read-heavy, keeps
    its reads on the primary after a write, and pins this browser to the primary for
    REPLICA_PIN_SECONDS after any request that may write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in _SAFE_METHODS
        pinned = writes or self._recently_wrote(request)
        tokens = (_marked.set(False), _pinned.set(pinned))
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(tokens[1])
            _marked.reset(tokens[0])
        if writes and replica_configured():
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=_pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _view_reads_replica(view_func):
            _marked.set(True)  # undone when the request ends (__call__)
            request.replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        """A read-only page whose replica is unreachable is served again from the primary."""
        view = getattr(request, "replica_view", None)
        if view is None or not isinstance(exception, OperationalError) or _pinned.get():
            return None
        del request.replica_view  # once: if the primary fails too, the error stands
        logger.warning(
            "Replica unavailable (%s): %s read from the primary", exception, request.path
        )
        with suppress(DatabaseError):
            connections[REPLICA].close()
        _pinned.set(True)  # undone when the request ends (__call__)
        view_func, args, kwargs = view
        response = view_func(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response

    @staticmethod
    def _recently_wrote(request) -> bool:
        if PIN_COOKIE not in request.COOKIES:
            return False
        try:
            request.get_signed_cookie(PIN_COOKIE, salt=_PIN_SALT, max_age=_pin_seconds())
        except (KeyError, signing.BadSignature):
            return False
        return True
