"""Runs `make run` as a user would, in the background, for the tests to talk to.

The stack gets its own var/ directory and free ports, so it never touches a developer's
data or a stack they have running. Stopping it sends SIGINT to the process group, as
Ctrl-C in a terminal does.
"""

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
READY = "The placement assistant is running"


@dataclass
class RunningStack:
    env: dict[str, str]
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.env['RASA_PORT']}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.env['ACTION_PORT']}"

    @property
    def process_urls(self) -> list[str]:
        """The production profile's Rasa processes, each on its own port behind nginx."""
        ports = self.env["RASA_PROCESS_PORTS"].split(",")
        return [f"http://127.0.0.1:{port}" for port in ports]

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.env['CONSOLE_PORT']}"

    @property
    def var_dir(self) -> Path:
        return Path(self.env["VAR_DIR"])

    def text(self) -> str:
        return "".join(self.output)

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=60)
        return self.process.returncode


def start_make_run(
    var_dir: Path, extra_env: dict[str, str] | None = None, target: str = "run"
) -> RunningStack:
    """`make run` (or `make run-prod` with target="run-prod") with its own var/ and ports."""
    env = dict(os.environ)
    env.update(
        VAR_DIR=str(var_dir),
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        CONSOLE_PORT=str(free_port()),
        INBOUND_MAIL_PORT=str(free_port()),
        # the updates job would mail the tests' families in the middle of a conversation;
        # tests/updates runs it directly (and tests/test_schedule.py the schedule)
        UPDATES_INTERVAL_MINUTES="0",
    )
    env.update(extra_env or {})
    return start_command(["make", "--no-print-directory", target], env, f"make {target}")


def start_command(command: list[str], env: dict[str, str], what: str) -> RunningStack:
    """`command` (a launcher) in its own process group; returns once it says it runs."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    stack = RunningStack(env, process)
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.output.append(line)
            if READY in line:
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 480  # set-up, then up to 300 s for the services
    while not ready.wait(1):
        if process.poll() is not None or time.monotonic() > deadline:
            stack.stop()
            raise RuntimeError(f"{what} did not start:\n{stack.text()}")
    return stack
