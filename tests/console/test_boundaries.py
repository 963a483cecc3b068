"""The domain does not import the web console: staff accounts live in bot/staff, which the
handoff tables and the console both use."""

import subprocess
import sys

from tests.support.stack import ROOT

DOMAIN = [
    "bot.handoff.models",
    "bot.handoff.queue",
    "bot.handoff.context",
    "bot.conversation.models",
    "bot.staff.accounts",
]


def test_the_domain_imports_no_console() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {DOMAIN!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('bot.console', 'fastapi'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
