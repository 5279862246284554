"""Celery beat runs once: two schedulers against one Redis, only the lock's holder sends."""

import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings

from core.beat import BeatLock, LockedScheduler
from core.loopback import redis_server, start, stop, tail
from tests.test_faults import needs_redis_server

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
pytestmark = pytest.mark.integration


@pytest.fixture
def beat_redis():
    """The Redis of REDIS_URL, with a lock key and queues of this test's own, removed after."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = f"test-beat-{uuid.uuid4().hex[:8]}"
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _scheduler(tmp_path: Path, prefix: str, name: str, *, seconds: float = 5) -> LockedScheduler:
    """A beat whose one entry (due every 0.1 s) goes to its own queue `<prefix>-<name>`."""
    app = Celery(f"beat-{name}", broker=settings.REDIS_URL, set_as_current=False)
    app.conf.beat_schedule = {
        "ping": {"task": "beat.ping", "schedule": 0.1, "options": {"queue": f"{prefix}-{name}"}}
    }
    return LockedScheduler(
        app=app,
        schedule_filename=str(tmp_path / f"schedule-{name}"),
        lock_url=settings.REDIS_URL,
        lock_key=f"{prefix}-lock",
        lock_seconds=seconds,
    )


def _sent(client, prefix: str, name: str) -> int:
    return client.llen(f"{prefix}-{name}")


def _tick_until(condition, *schedulers, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        for scheduler in schedulers:
            scheduler.tick()
        time.sleep(0.05)


@needs_redis
def test_only_the_lock_holder_sends_the_due_entries(tmp_path, beat_redis):
    client, prefix = beat_redis
    first = _scheduler(tmp_path, prefix, "first")
    second = _scheduler(tmp_path, prefix, "second")
    first.tick()  # first takes the lock

    _tick_until(lambda: _sent(client, prefix, "first") >= 3, first, second)

    assert (first.holding, second.holding) == (True, False)
    assert _sent(client, prefix, "second") == 0
    first.close()
    second.close()


@needs_redis
def test_the_second_beat_takes_over_when_the_first_stops(tmp_path, beat_redis):
    client, prefix = beat_redis
    first = _scheduler(tmp_path, prefix, "first")
    second = _scheduler(tmp_path, prefix, "second")
    first.tick()
    second.tick()

    first.close()  # frees the lock
    _tick_until(lambda: _sent(client, prefix, "second") >= 2, second)

    assert second.holding is True
    assert client.get(f"{prefix}-lock").decode() == second.lock.token
    second.close()
    assert client.get(f"{prefix}-lock") is None


@needs_redis
def test_the_second_beat_takes_over_when_the_first_lock_expires(tmp_path, beat_redis):
    client, prefix = beat_redis
    first = _scheduler(tmp_path, prefix, "first", seconds=0.5)
    second = _scheduler(tmp_path, prefix, "second", seconds=0.5)
    first.tick()
    second.tick()
    assert (first.holding, second.holding) == (True, False)

    # The first beat dies: no more ticks, no close. Its lock lapses after 0.5 s.
    _tick_until(lambda: _sent(client, prefix, "second") >= 1, second)

    assert second.holding is True
    assert client.get(f"{prefix}-lock").decode() == second.lock.token
    first.tick()  # back from the dead: it stands by
    assert first.holding is False
    second.close()


@needs_redis
def test_another_beats_lock_is_never_renewed_nor_freed(tmp_path, beat_redis):
    client, prefix = beat_redis
    client.set(f"{prefix}-lock", "other-host:1:abc", px=5000)
    beat = _scheduler(tmp_path, prefix, "first")

    for _ in range(5):
        beat.tick()
    time.sleep(0.3)  # entries are due: still nothing is sent
    beat.tick()
    beat.close()

    assert client.get(f"{prefix}-lock") == b"other-host:1:abc"
    assert client.pttl(f"{prefix}-lock") <= 4700
    assert _sent(client, prefix, "first") == 0
    assert beat.lock.release() is False


@needs_redis
def test_standing_by_is_logged_once(tmp_path, beat_redis, caplog):
    _client, prefix = beat_redis
    first = _scheduler(tmp_path, prefix, "first")
    second = _scheduler(tmp_path, prefix, "second")
    first.tick()

    with caplog.at_level(logging.INFO, logger="core.beat"):
        for _ in range(4):
            second.tick()

    standing_by = [r.getMessage() for r in caplog.records if "standing by" in r.getMessage()]
    assert standing_by == [
        f"Beat {second.lock.token} standing by: the beat lock is held by {first.lock.token}"
    ]
    first.close()
    second.close()


@needs_redis
def test_the_lock_is_only_renewed_by_its_holder(beat_redis):
    client, prefix = beat_redis
    mine = BeatLock(settings.REDIS_URL, key=f"{prefix}-lock", seconds=1)
    theirs = BeatLock(settings.REDIS_URL, key=f"{prefix}-lock", seconds=30)

    assert mine.hold() is True
    assert theirs.hold() is False
    assert theirs.release() is False
    assert client.pttl(f"{prefix}-lock") <= 1000
    assert mine.hold() is True
    assert mine.release() is True
    assert theirs.hold() is True


# --- two real `celery -A config beat` processes on a private redis-server --------------------


def _beat(tmp_path: Path, name: str, redis_url: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"beat-{name}.log"
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": redis_url,
        "CELERY_BEAT_LOCK_SECONDS": "2",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'beat.sqlite3'}",
    }
    command = [Path(sys.executable).parent / "celery", "-A", "config", "beat", "-l", "info"]
    command += ["--schedule", str(tmp_path / f"schedule-{name}")]
    return start(command, log, env), log


def _wait_for_log(log: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in (log.read_text(errors="replace") if log.exists() else ""):
        assert time.monotonic() < deadline, f"{text!r} never logged:\n{tail(log)}"
        time.sleep(0.2)


@needs_redis_server
def test_two_celery_beat_processes_one_sends(tmp_path):
    with redis_server(tmp_path) as (_redis, redis_url):
        first, first_log = _beat(tmp_path, "first", redis_url)
        try:
            _wait_for_log(first_log, "holds the beat lock")
            second, second_log = _beat(tmp_path, "second", redis_url)
            try:
                _wait_for_log(second_log, "standing by: the beat lock is held by")
                assert "holds the beat lock" not in second_log.read_text()

                stop(first)
                _wait_for_log(first_log, "freed the beat lock")
                _wait_for_log(second_log, "holds the beat lock")
            finally:
                stop(second)
        finally:
            stop(first)


def test_a_beat_that_cannot_reach_redis_sends_nothing_and_keeps_running(tmp_path, caplog):
    app = Celery("beat-dead-redis", broker="memory://", set_as_current=False)
    app.conf.beat_schedule = {"ping": {"task": "beat.ping", "schedule": 0.01}}
    beat = LockedScheduler(
        app=app,
        schedule_filename=str(tmp_path / "schedule"),
        lock_url="redis://127.0.0.1:1/0",  # nothing listens: refused at once
        lock_seconds=3,
    )
    time.sleep(0.05)

    with caplog.at_level(logging.WARNING, logger="core.beat"):
        waits = [beat.tick(), beat.tick()]
    beat.close()

    assert waits == [1.0, 1.0]  # a third of the lock's lifetime, then it tries again
    assert beat.holding is False
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 1  # once, not at every tick
    assert logged[0].startswith(f"Beat {beat.lock.token} standing by: Redis: ")
