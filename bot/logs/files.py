"""The services' log files under `var/log/`: rotated by size and by day, old ones purged.

The launcher (bot/launcher/stack.py) reads each service's output through a pipe and writes it here,
so rotation needs no cooperation from Rasa or uvicorn: `rasa.log` becomes `rasa.log.1`
when it passes the size limit or is a day old, older files move up one number, and no more
than `backups` are kept. `purge` (bot/privacy/retention.py) removes rotated files older than the
retention period: logs are redacted, but they still say who talked when.
"""

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from bot.shared import clock as real_clock

DAY_SECONDS = 24 * 3600


class RotatingLog:
    """One service's log file, written line by line from one thread."""

    def __init__(
        self,
        path: Path,
        *,
        max_bytes: int,
        backups: int,
        max_age_seconds: float = DAY_SECONDS,
        clock: Callable[[], float] = real_clock.timestamp,
    ) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups
        self.max_age_seconds = max_age_seconds
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size:
            self.rotate()  # each start begins a new file
        self.file = path.open("ab")
        self.opened_at = clock()

    def write(self, line: bytes) -> None:
        if self.file.tell() == 0:
            self.opened_at = self.clock()  # a file's day starts with its first line
        elif self._due():
            self.file.close()
            self.rotate()
            self.file = self.path.open("ab")
            self.opened_at = self.clock()
        self.file.write(line)
        self.file.flush()

    def _due(self) -> bool:
        too_old = self.clock() - self.opened_at >= self.max_age_seconds
        return self.file.tell() >= self.max_bytes or too_old

    def rotate(self) -> None:
        """`x.log` → `x.log.1` → `x.log.2` …; the oldest beyond `backups` goes."""
        self.rotated(self.backups + 1).unlink(missing_ok=True)
        for number in range(self.backups, 0, -1):
            if self.rotated(number).exists():
                self.rotated(number).replace(self.rotated(number + 1))
        if self.path.exists():
            self.path.replace(self.rotated(1))
        self.rotated(self.backups + 1).unlink(missing_ok=True)

    def rotated(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{number}")

    def close(self) -> None:
        self.file.close()


def pump(stream: IO[bytes], log: RotatingLog) -> threading.Thread:
    """Copy a service's output into its log until the service closes it."""

    def copy() -> None:
        with stream:
            for line in stream:
                log.write(line)
        log.close()

    thread = threading.Thread(target=copy, name=f"log {log.path.name}", daemon=True)
    thread.start()
    return thread


def purge_rotated(log_dir: Path, cutoff: datetime) -> int:
    """Delete rotated log files last written before the cutoff; the current ones stay."""
    if not log_dir.is_dir():
        return 0
    gone = 0
    for path in log_dir.glob("*.log.*"):
        if path.suffix.lstrip(".").isdigit() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink()
            gone += 1
    return gone
