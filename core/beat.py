"""Celery beat that runs once, however many are started: a lock in Redis.

`celery -A config beat` uses `LockedScheduler` (CELERY_BEAT_SCHEDULER). Each beat tries on every
tick to take or renew one Redis key (`SET key token NX PX`, renewed only while it still holds
this beat's token): the beat that holds it sends the due tasks, any other sends nothing and
stands by, and takes over once the holder's lock is freed (the holder stopped) or has expired
(the holder died, or lost Redis for longer than CELERY_BEAT_LOCK_SECONDS). The periodic tasks are
safe to run twice anyway (core/reminders.py); the lock keeps the schedule from doubling.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "lhh:celery-beat-lock"

# Take the lock if it is free; renew it if it holds our token. Returns 1 when we hold it.
_HOLD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
"""
# Free the lock only if it still holds our token.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class BeatLock:
    """A Redis lock with a token: only its holder renews or frees it."""

    def __init__(self, url: str, *, key: str = LOCK_KEY, seconds: float = 60) -> None:
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.key = key
        self.seconds = seconds
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._hold = self.client.register_script(_HOLD)
        self._release = self.client.register_script(_RELEASE)

    def hold(self) -> bool:
        """Take the lock or renew ours for another `seconds`; False while another holds it."""
        ttl_ms = max(1, int(self.seconds * 1000))
        return bool(self._hold(keys=[self.key], args=[self.token, ttl_ms]))

    def release(self) -> bool:
        """Free the lock if we hold it (never another's); True when freed."""
        return bool(self._release(keys=[self.key], args=[self.token]))

    def holder(self) -> str:
        value = self.client.get(self.key)
        return value.decode() if value else ""


class LockedScheduler(PersistentScheduler):
    """PersistentScheduler that sends tasks only while it holds the beat lock.

    Without REDIS_URL there is no broker to send to either (tasks run in-process): it then
    behaves as a plain PersistentScheduler.
    """

    def __init__(
        self,
        *args,
        lock_url: str | None = None,
        lock_key: str = LOCK_KEY,
        lock_seconds: float | None = None,
        **kwargs,
    ) -> None:
        url = settings.REDIS_URL if lock_url is None else lock_url
        seconds = settings.CELERY_BEAT_LOCK_SECONDS if lock_seconds is None else lock_seconds
        self.lock = BeatLock(url, key=lock_key, seconds=seconds) if url else None
        self.holding: bool | None = None  # unknown until the first tick
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs) -> float:
        if self.lock is None:
            return super().tick(*args, **kwargs)
        # Sleep well under the lock's lifetime: the holder must renew before it expires.
        renew_every = self.lock.seconds / 3
        if not self._hold_lock():
            return min(renew_every, self.max_interval)
        return min(super().tick(*args, **kwargs), renew_every)

    def _hold_lock(self) -> bool:
        try:
            holding = self.lock.hold()
        except redis.RedisError as error:
            # Not sure we hold it: send nothing (the broker is this Redis anyway).
            if self.holding is not False:
                logger.warning("Beat %s standing by: Redis: %s", self.lock.token, error)
            self.holding = False
            return False
        if holding and not self.holding:
            logger.info("Beat %s holds the beat lock %s: sending", self.lock.token, self.lock.key)
        elif not holding and self.holding is not False:
            logger.info(
                "Beat %s standing by: the beat lock is held by %s",
                self.lock.token,
                self.lock.holder() or "another beat",
            )
        self.holding = holding
        return holding

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lock is not None and self.holding:
                try:
                    if self.lock.release():
                        logger.info("Beat %s freed the beat lock", self.lock.token)
                except redis.RedisError:
                    logger.warning("Beat %s could not free the lock: it expires", self.lock.token)
                self.holding = False
