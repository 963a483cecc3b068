"""The standard library's profiler in a running server, switched by a signal (issue 32).

With TURN_PROFILE_DIR set, the Rasa server (bot/rasa_side/server.py) and the action server
(bot/action_side/server.py) start cProfile on their event loop's thread at the first SIGUSR1
and write what it saw to `TURN_PROFILE_DIR/<name>-<pid>.prof` at the next, so a
benchmark profiles exactly the turns it sends in between (benchmarks/turn_profile.py,
docs/benchmarks.md). Without the variable nothing changes. Nothing is installed: the
Rasa environment is shared and pinned.
"""

import cProfile
import os
import signal
from pathlib import Path
from types import FrameType

VARIABLE = "TURN_PROFILE_DIR"


def install(name: str) -> None:
    """Let SIGUSR1 start and stop a profile of this process's main thread."""
    folder = os.environ.get(VARIABLE)
    if not folder:
        return
    running: list[cProfile.Profile] = []

    def toggle(_signum: int, _frame: FrameType | None) -> None:
        if running:
            profile = running.pop()
            profile.disable()
            profile.dump_stats(str(Path(folder) / f"{name}-{os.getpid()}.prof"))
        else:
            running.append(cProfile.Profile())
            running[0].enable()

    signal.signal(signal.SIGUSR1, toggle)
