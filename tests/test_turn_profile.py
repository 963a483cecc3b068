"""The profiler switch of the Rasa and action servers (bot/shared/turn_profile.py, issue 32)."""

import os
import pstats
import signal
from pathlib import Path

import pytest

from bot.shared import turn_profile


def work() -> int:
    return sum(range(10_000))


def test_two_signals_write_the_profile_of_what_ran_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(turn_profile.VARIABLE, str(tmp_path))
    previous = signal.getsignal(signal.SIGUSR1)
    try:
        turn_profile.install("rasa")
        os.kill(os.getpid(), signal.SIGUSR1)
        work()
        os.kill(os.getpid(), signal.SIGUSR1)
    finally:
        signal.signal(signal.SIGUSR1, previous)
    written = tmp_path / f"rasa-{os.getpid()}.prof"
    functions = {name for (_, _, name) in pstats.Stats(str(written)).stats}  # type: ignore[attr-defined]
    assert "work" in functions


def test_without_the_variable_the_signal_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(turn_profile.VARIABLE, raising=False)
    previous = signal.getsignal(signal.SIGUSR1)
    turn_profile.install("actions")
    assert signal.getsignal(signal.SIGUSR1) is previous
