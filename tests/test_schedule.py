"""The launcher's scheduled job runs its command again and again until stopped."""

import os
import sys
import time
from pathlib import Path

from bot.launcher.schedule import Every


def runs(log: Path) -> int:
    return log.read_text().count("ran") if log.exists() else 0


def test_the_command_runs_every_interval_and_stops(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    command = [sys.executable, "-c", "print('ran')"]
    job = Every(command, 0.005, log, dict(os.environ), tmp_path)  # every 0.3 s
    job.start()
    deadline = time.monotonic() + 20
    while runs(log) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    job.stop()
    stopped_at = runs(log)
    time.sleep(1)

    assert stopped_at >= 2
    assert runs(log) <= stopped_at + 1  # at most the run under way when it was stopped
