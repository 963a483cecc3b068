"""Short-lived keys with a time to live: "have we seen this message id?" and "did this
sender write in the last 24 hours?".

In a SQLite file under var/ (`channels.db`) for the Rasa processes of one machine, so that
a restart forgets no message id (Meta re-delivers, and a parent would be answered twice);
in Redis when the lock store is Redis (LOCK_STORE_TYPE=redis), so that several Rasa
processes behind a load balancer share it. Keys are hashed: no phone number or message id
is stored in clear.
"""

import hashlib
import sqlite3
from pathlib import Path
from typing import Protocol

from bot.shared import clock
from bot.shared.config import Storage

PRUNE_EVERY = 1000  # writes between two deletions of expired keys


class TtlStore(Protocol):
    async def add_if_new(self, key: str, ttl_seconds: float) -> bool:
        """Store `key`; True if it was not there yet (or had expired)."""

    async def touch(self, key: str, ttl_seconds: float) -> None:
        """Store `key`, or extend its life."""

    async def contains(self, key: str) -> bool: ...

    async def discard(self, key: str) -> None:
        """Forget `key` before its time (a parent who stopped typing: sent the message)."""


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SqliteTtlStore:
    """One table of (hashed key, expiry in epoch seconds); each call is one short
    statement, atomic across the processes that share the file."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path), timeout=5, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS ttl_keys (key TEXT PRIMARY KEY, expiry REAL)")
        self._writes = 0

    def _written(self) -> None:
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self._db.execute("DELETE FROM ttl_keys WHERE expiry <= ?", (clock.timestamp(),))

    async def add_if_new(self, key: str, ttl_seconds: float) -> bool:
        now = clock.timestamp()
        cursor = self._db.execute(
            "INSERT INTO ttl_keys (key, expiry) VALUES (?, ?) ON CONFLICT (key) "
            "DO UPDATE SET expiry = excluded.expiry WHERE ttl_keys.expiry <= ?",
            (_hashed(key), now + ttl_seconds, now),
        )
        self._written()
        return cursor.rowcount == 1

    async def touch(self, key: str, ttl_seconds: float) -> None:
        self._db.execute(
            "INSERT INTO ttl_keys (key, expiry) VALUES (?, ?) ON CONFLICT (key) "
            "DO UPDATE SET expiry = excluded.expiry",
            (_hashed(key), clock.timestamp() + ttl_seconds),
        )
        self._written()

    async def contains(self, key: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM ttl_keys WHERE key = ? AND expiry > ?",
            (_hashed(key), clock.timestamp()),
        ).fetchone()
        return row is not None

    async def discard(self, key: str) -> None:
        self._db.execute("DELETE FROM ttl_keys WHERE key = ?", (_hashed(key),))


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

    async def discard(self, key: str) -> None:
        await self._redis.delete(self._key(key))


def ttl_store(storage: Storage) -> TtlStore:
    """In Redis when the lock store is (`lock_store_type` redis), else in var/channels.db."""
    if storage.lock_store_type == "redis":
        return RedisTtlStore(storage.redis_host, storage.redis_port, storage.redis_db)
    return SqliteTtlStore(storage.var_dir / "channels.db")
