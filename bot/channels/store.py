"""Short-lived keys with a time to live: "have we seen this message id?" and "did this
sender write in the last 24 hours?".

In memory (bounded) for one Rasa process; in Redis when the lock store is Redis
(LOCK_STORE_TYPE=redis), so that several Rasa processes behind a load balancer share it.
Keys are hashed: no phone number or message id is stored in clear.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from typing import Protocol

from bot.config import Storage

log = logging.getLogger(__name__)


class TtlStore(Protocol):
    async def add_if_new(self, key: str, ttl_seconds: float) -> bool:
        """Store `key`; True if it was not there yet (or had expired)."""

    async def touch(self, key: str, ttl_seconds: float) -> None:
        """Store `key`, or extend its life."""

    async def contains(self, key: str) -> bool: ...


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class MemoryTtlStore:
    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._expiry: OrderedDict[str, float] = OrderedDict()

    def _live(self, key: str) -> bool:
        expiry = self._expiry.get(key)
        return expiry is not None and expiry > time.monotonic()

    def _put(self, key: str, ttl_seconds: float) -> None:
        self._expiry[key] = time.monotonic() + ttl_seconds
        self._expiry.move_to_end(key)
        while len(self._expiry) > self.max_keys:
            self._expiry.popitem(last=False)

    async def add_if_new(self, key: str, ttl_seconds: float) -> bool:
        key = _hashed(key)
        if self._live(key):
            return False
        self._put(key, ttl_seconds)
        return True

    async def touch(self, key: str, ttl_seconds: float) -> None:
        self._put(_hashed(key), ttl_seconds)

    async def contains(self, key: str) -> bool:
        return self._live(_hashed(key))


class RedisTtlStore:
    def __init__(self, host: str, port: int, db: int, prefix: str = "placement:channels:") -> None:
        from redis import asyncio as redis

        self.prefix = prefix
        self._redis = redis.Redis(host=host, port=port, db=db)

    def _key(self, key: str) -> str:
        return self.prefix + _hashed(key)

    async def add_if_new(self, key: str, ttl_seconds: float) -> bool:
        return bool(await self._redis.set(self._key(key), 1, nx=True, px=int(ttl_seconds * 1000)))

    async def touch(self, key: str, ttl_seconds: float) -> None:
        await self._redis.set(self._key(key), 1, px=int(ttl_seconds * 1000))

    async def contains(self, key: str) -> bool:
        return bool(await self._redis.exists(self._key(key)))


def ttl_store(storage: Storage) -> TtlStore:
    """In Redis when the lock store is (`lock_store_type` redis), else in memory."""
    if storage.lock_store_type == "redis":
        return RedisTtlStore(storage.redis_host, storage.redis_port, storage.redis_db)
    return MemoryTtlStore()
