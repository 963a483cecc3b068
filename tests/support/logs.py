"""What the running stack logged: circuit breakers and failed custom actions.

`make run` prints only where to go; each service writes its own output to
`var/log/<service>.log` (bot/launcher/stack.py): Rasa's to `rasa.log`, the action server's to
`actions.log`. Both log at INFO, so the warnings and errors looked for here get there:
Rasa's `Circuit breaker tripped` (a warning from rasa.core.processor), its
`Failed to run custom action` / `Encountered an exception while running action` errors, and
our `action <name> failed: <Error>` (an error from actions/base.py, through the action
server's root handler; a raising action also leaves rasa_sdk's `Exception occurred during
execution of request` and the traceback). With LOG_LEVEL=ERROR in the environment Rasa would
drop the circuit-breaker warning: leave it unset (INFO) for these checks. A `LogMark`
remembers how far each source had got, so a test can look at its own window only.
"""

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.stack import RunningStack

ANSI = re.compile(r"\x1b\[[0-9;]*m")

PROBLEMS: dict[str, re.Pattern[str]] = {
    "circuit breaker": re.compile(r"Circuit breaker tripped"),
    "custom action failed": re.compile(
        r"\baction \S+ failed: "
        r"|Failed to run custom action"
        r"|Failed to execute custom action"
        r"|Encountered an exception while running action"
        r"|Exception occurred during execution of request"  # rasa_sdk: the action raised
    ),
    # the last line of a traceback: what was raised
    "exception": re.compile(r"^(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception): "),
}
# The guard (bot/channels/guard.py) answered with the apology because the turn was slow.
SLOW_TURN: dict[str, re.Pattern[str]] = {
    "slow turn": re.compile(r"turn on channel \S+ exceeded"),
}
OUTPUT = "make run"


@dataclass(frozen=True)
class LogMark:
    """How much of `make run`'s output and of each log file existed at one moment."""

    output_lines: int
    file_offsets: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LogProblem:
    kind: str
    source: str
    line: str

    def __str__(self) -> str:
        return f"[{self.source}] {self.line}"


def logged(path: Path, text: str, timeout: float = 10) -> str:
    """The log file's text once it holds `text` (or after `timeout`): the launcher copies
    each service's output into its file from a pipe, a moment after it is written."""
    deadline = time.monotonic() + timeout
    while True:
        content = path.read_text(errors="replace") if path.exists() else ""
        if text in content or time.monotonic() > deadline:
            return content
        time.sleep(0.1)


def log_files(stack: RunningStack) -> list[Path]:
    return sorted((stack.var_dir / "log").glob("*.log"))


def mark(stack: RunningStack) -> LogMark:
    """The point from which `new_lines` and `problems` read."""
    offsets = {path.name: path.stat().st_size for path in log_files(stack)}
    return LogMark(len(stack.output), offsets)


def new_lines(stack: RunningStack, since: LogMark | None = None) -> list[tuple[str, str]]:
    """(source, line) for everything logged after `since` (everything when None)."""
    start = since or LogMark(0)
    lines = [(OUTPUT, line) for line in "".join(stack.output[start.output_lines :]).splitlines()]
    for path in log_files(stack):
        with path.open("rb") as handle:
            handle.seek(start.file_offsets.get(path.name, 0))
            text = handle.read().decode("utf-8", errors="replace")
        lines += [(path.name, line) for line in text.splitlines()]
    return [(source, ANSI.sub("", line).rstrip()) for source, line in lines]


def problems(
    stack: RunningStack,
    since: LogMark | None = None,
    patterns: Mapping[str, re.Pattern[str]] = PROBLEMS,
) -> list[LogProblem]:
    """The lines after `since` that match one of `patterns`, with the pattern's name."""
    found = []
    for source, line in new_lines(stack, since):
        for kind, pattern in patterns.items():
            if pattern.search(line):
                found.append(LogProblem(kind, source, line))
                break
    return found


def describe(found: Iterable[LogProblem]) -> str:
    return "\n".join(str(problem) for problem in found)


@dataclass
class LogWindow:
    """The logs from one moment on; `assert_clean` fails on any circuit breaker or failed
    custom action in that window."""

    stack: RunningStack
    start: LogMark

    def problems(self, patterns: Mapping[str, re.Pattern[str]] = PROBLEMS) -> list[LogProblem]:
        return problems(self.stack, self.start, patterns)

    def assert_clean(self) -> None:
        assert_no_problems(self.problems())


def assert_no_problems(found: list[LogProblem]) -> None:
    """Fail with the offending lines (not a repr of them) when there are any."""
    if found:
        pytest.fail(f"the stack logged {len(found)} problem(s):\n{describe(found)}", pytrace=False)
