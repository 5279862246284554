"""Reads from a replica (core/replica.py): only marked pages, never right after a write.

The replica is a test mirror of the primary: the same test database under another connection,
so each query can be counted on the connection it ran on. Mirrors see only committed data:
these tests run outside a transaction (transaction=True).
"""

import contextvars
import json
import os
import subprocess
import sys
import time

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations.models import Union
from core.replica import PIN_COOKIE, REPLICA, read_from_replica
from members.selectors import VersionedReads
from tests.conftest import make_user
from tests.factories import (
    MembershipFactory,
    ReportVersionFactory,
    SocietyFactory,
    TermReportFactory,
    UnionFactory,
)
from tests.reports.datasets import decrease_dataset

both = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup, django_db_blocker):
    """A "replica" alias mirroring the test database, for this module only (set up before the
    test's database access, which checks the aliases it may use)."""
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union)
    MembershipFactory(society=society, member__union=union)
    return {"union": union, "staff": make_user("staff", union)}


def _get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return len(primary), len(replica)


def _fresh(function):
    """Run `function` as a new request would: no write seen yet in this context."""
    return contextvars.Context().run(function)


@both
@pytest.mark.parametrize(
    "url",
    [reverse("members:directory"), reverse("home"), reverse("reports:dashboard")],
)
def test_a_marked_page_reads_from_the_replica(client, world, url):
    client.force_login(world["staff"])

    on_primary, on_replica = _get(client, url)

    assert (on_primary, on_replica > 0) == (0, True)


@both
def test_the_figures_compared_with_a_version_are_read_from_the_replica(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    version = ReportVersionFactory(report=report, figures={"members": {"end": 0}})
    client.force_login(make_user("leadership", union))

    on_primary, on_replica = _get(client, reverse("reports:compare", args=[version.pk]))

    assert (on_primary, on_replica > 0) == (0, True)


@both
def test_an_unmarked_page_reads_from_the_primary(client, world):
    client.force_login(world["staff"])

    on_primary, on_replica = _get(client, reverse("reports:list"))

    assert (on_primary > 0, on_replica) == (True, 0)


@both
def test_a_post_and_the_pages_right_after_it_stay_on_the_primary(client, world):
    client.force_login(world["staff"])
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert response.status_code == 302
    assert len(replica) == 0
    assert PIN_COOKIE in response.cookies

    on_primary, on_replica = _get(client, reverse("members:directory"))

    assert (on_primary > 0, on_replica) == (True, 0)


@both
def test_the_pin_lapses_after_replica_pin_seconds(client, world, settings):
    settings.REPLICA_PIN_SECONDS = 1
    client.force_login(world["staff"])
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    time.sleep(2.1)  # the signed cookie's timestamp has a resolution of one second
    on_primary, on_replica = _get(client, reverse("members:directory"))

    assert (on_primary, on_replica > 0) == (0, True)


@both
def test_a_forged_pin_cookie_counts_for_nothing_but_never_breaks_the_page(client, world):
    client.force_login(world["staff"])
    client.cookies[PIN_COOKIE] = "1:forged"

    on_primary, on_replica = _get(client, reverse("members:directory"))

    assert (on_primary, on_replica > 0) == (0, True)


@both
def test_reads_after_a_write_stay_on_the_primary(world):
    def read_write_read():
        with (
            read_from_replica(),
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            Union.objects.count()
            before = (len(primary), len(replica))
            UnionFactory()
            writes = len(primary)
            Union.objects.count()
        return before, len(primary) - writes, len(replica)

    before, reads_after_on_primary, on_replica = _fresh(read_write_read)

    assert (before, reads_after_on_primary, on_replica) == ((0, 1), 1, 1)


@both
def test_transactions_and_locking_reads_stay_on_the_primary(world):
    def routes():
        with read_from_replica():
            outside = router.db_for_read(Union)
            locking = Union.objects.select_for_update().db
            with transaction.atomic():
                inside = router.db_for_read(Union)
        return outside, locking, inside

    assert _fresh(routes) == (REPLICA, "default", "default")


@both
def test_the_directory_cache_version_comes_from_where_the_values_come_from(world):
    def using():
        with read_from_replica():
            return VersionedReads().using

    assert (_fresh(using), VersionedReads().using) == (REPLICA, "default")


def _marked_read_route() -> str:
    with read_from_replica():
        return router.db_for_read(Union)


@pytest.mark.django_db(transaction=True)
def test_without_a_replica_everything_reads_from_the_primary(client, world):
    replica = connections.settings.pop(REPLICA)
    try:
        client.force_login(world["staff"])
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(reverse("members:directory"))
        on_primary = len(primary)  # the next request empties the log
        post = client.post(reverse("set_language"), {"language": "vi", "next": "/"})
        routed = _fresh(_marked_read_route)
    finally:
        connections.settings[REPLICA] = replica

    assert (response.status_code, on_primary > 0) == (200, True)
    assert PIN_COOKIE not in post.cookies
    assert routed == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "members") is True
    assert router.allow_migrate(REPLICA, "members") is False


def _settings_databases(**env) -> dict:
    """settings.DATABASES as a process started with `env` sees it."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES, default=str))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    environment.pop("DATABASE_REPLICA_URL", None)
    environment.pop("CONN_MAX_AGE", None)
    environment.update(env)
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_behind_pgbouncer_no_server_side_cursors_and_no_persistent_connections():
    databases = _settings_databases(
        DATABASE_URL="postgres://portal@pgbouncer.internal:6432/portal",
        DATABASE_POOLER="pgbouncer",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/portal",
    )

    primary, replica = databases["default"], databases[REPLICA]
    assert (primary["DISABLE_SERVER_SIDE_CURSORS"], primary["CONN_MAX_AGE"]) == (True, 0)
    assert (replica["DISABLE_SERVER_SIDE_CURSORS"], replica["CONN_MAX_AGE"]) == (True, 0)
    assert (replica["HOST"], replica["TEST"]["MIRROR"]) == ("replica.internal", "default")
    assert replica["OPTIONS"]["connect_timeout"] == 3  # fails fast when unreachable


def test_without_a_pooler_connections_are_kept_and_checked():
    databases = _settings_databases(DATABASE_URL="postgres://portal@db.internal:5432/portal")

    primary = databases["default"]
    assert (primary["CONN_MAX_AGE"], primary["CONN_HEALTH_CHECKS"]) == (60, True)
    assert primary["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert REPLICA not in databases


@pytest.fixture
def unreachable_replica():
    """The replica alias pointed at a database that cannot be opened."""
    mirror = connections.settings[REPLICA]
    broken = {**mirror}
    if connections["default"].vendor == "postgresql":
        broken.update(HOST="127.0.0.1", PORT=1, OPTIONS={"connect_timeout": 1})
    else:
        broken["NAME"] = "/nonexistent/directory/replica.sqlite3"
    del connections[REPLICA]
    connections.settings[REPLICA] = broken
    yield
    del connections[REPLICA]
    connections.settings[REPLICA] = mirror


@both
def test_a_marked_page_whose_replica_is_down_is_read_from_the_primary(
    client, world, unreachable_replica, caplog
):
    client.force_login(world["staff"])
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("members:directory"))

    assert response.status_code == 200
    assert len(primary) > 0
    assert "Replica unavailable" in caplog.text
