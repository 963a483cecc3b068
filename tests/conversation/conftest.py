"""Fixtures for conversations against the default stack: the test families, a window on
its logs, and Rasa's API token (to read a conversation's tracker)."""

import itertools
from pathlib import Path

import pytest

from tests.support.families import GROUPS, LOCATIONS, PLACEMENTS, REGISTRATIONS
from tests.support.logs import LogWindow, mark
from tests.support.processes import stack_secret
from tests.support.registrations import import_export
from tests.support.stack import RunningStack


@pytest.fixture(scope="module")
def families(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder: Path = tmp_path_factory.mktemp("families")
    import_export(
        default_stack,
        folder,
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=REGISTRATIONS,
        placements=PLACEMENTS,
    )


@pytest.fixture
def log_window(default_stack: RunningStack) -> LogWindow:
    """The default stack's logs from the start of this test; `.assert_clean()` at the end."""
    return LogWindow(default_stack, mark(default_stack))


def _token_from_command_line(rasa_port: str) -> str | None:
    """`make run` makes a random token when RASA_TOKEN is unset and passes it to the Rasa
    server as `--auth-token`; the server's command line is the one place to read it."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        # `--auth-token=T` (bot/launcher/stack.py now) or `--auth-token T` (before)
        tokens = [
            arg.removeprefix("--auth-token=") for arg in args if arg.startswith("--auth-token=")
        ] + [value for flag, value in itertools.pairwise(args) if flag == "--auth-token"]
        if "bot.rasa_side.server" not in args or not tokens:
            continue
        if "--port" in args and args[args.index("--port") + 1] == rasa_port:
            return tokens[0]
    return None


@pytest.fixture(scope="session")
def rasa_token(default_stack: RunningStack) -> str | None:
    """The default stack's Rasa API token, or None when it cannot be found."""
    return (
        default_stack.env.get("RASA_TOKEN")
        or _token_from_command_line(default_stack.env["RASA_PORT"])
        or stack_secret(default_stack, "RASA_TOKEN")  # in the environment since issue 12
    )
