"""Where the CPU goes during a load run: the CPU seconds of the machine's processes by
part (Rasa processes, action servers, PostgreSQL, RabbitMQ, …), read from /proc before
and after. A part's processes must live through the run to be counted (the stack's do;
PostgreSQL's backends are pooled)."""

import os
from collections import defaultdict
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
# (part, what its command line holds), first match wins
PARTS = (
    ("Rasa processes", "bot.rasa_side.server"),
    ("action servers", "bot.action_side.server"),
    ("event consumer", "events\0consume"),
    ("staff console", "bot.console.app"),
    ("nginx", "nginx"),
    ("PostgreSQL", "postgres"),
    ("RabbitMQ", "beam.smp"),
    ("Redis", "redis-server"),
)


def part_of(pid: int, command: str) -> str:
    if pid == os.getpid():
        return "load generator"
    return next((part for part, mark in PARTS if mark in command), "other")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far, per part, by the processes running now."""
    used: dict[str, float] = defaultdict(float)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        used[part_of(int(entry.name), command)] += (int(fields[11]) + int(fields[12])) / TICKS
    return dict(used)


def per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> dict[str, float]:
    """Milliseconds of CPU per turn for each part, between two readings."""
    return {
        part: (after.get(part, 0.0) - before.get(part, 0.0)) * 1000 / max(turns, 1)
        for part in after
    }
