"""Cost and accuracy of the language detection (bot/conversation/language.py) and the
sensitive-topic check (bot/handoff/topics.py): import time and memory of each in a fresh
process, time per message, and the detection's accuracy on the sample messages
(tests/support/language_samples.py), beside an earlier version's with --against.

    .venv/app/bin/python -m benchmarks.language [--against REV]

REV is a git revision whose bot/conversation/language.py is compared (e.g. the word-list
detection before issue 26). Prints Markdown for docs/nlu.md."""

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

from tests.support.language_samples import LATER_SAMPLES, SAMPLES

ROOT = Path(__file__).resolve().parent.parent
# Run in a fresh interpreter: seconds to import the module (its models and dictionaries
# included) and the growth of the resident memory in MB
IMPORT_COST = """
import time
def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20
before = rss_mb()
started = time.perf_counter()
import {module}
print(time.perf_counter() - started, rss_mb() - before)
"""
MESSAGES = [text for text, _ in SAMPLES + LATER_SAMPLES]


def import_cost(module: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_COST.format(module=module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def per_message_ms(check: Callable[[str], object], rounds: int = 20) -> float:
    check(MESSAGES[0])
    started = time.perf_counter()
    for _ in range(rounds):
        for text in MESSAGES:
            check(text)
    return (time.perf_counter() - started) / (rounds * len(MESSAGES)) * 1000


def accuracy(detect: Callable[[str], str | None], samples: list) -> str:
    right = sum(detect(text) == want for text, want in samples)
    return f"{right / len(samples):.3f} ({right}/{len(samples)})"


def language_module_at(revision: str, folder: Path) -> types.ModuleType:
    """bot/conversation/language.py as it was at `revision`, imported from `folder`."""
    git = shutil.which("git") or "git"
    path = folder / "language_at_revision.py"
    path.write_bytes(
        subprocess.run(
            [git, "show", f"{revision}:bot/conversation/language.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    )
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", help="git revision of an earlier language.py")
    args = parser.parse_args()

    from bot.conversation import language
    from bot.handoff import topics

    print("| module | import (s) | memory (MB) | per message (ms) |")
    print("|---|---|---|---|")
    for name, check in [
        ("bot.conversation.language", language.detect),
        ("bot.handoff.topics", topics.sensitive_topic),
    ]:
        seconds, megabytes = import_cost(name)
        print(f"| `{name}` | {seconds:.2f} | {megabytes:.0f} | {per_message_ms(check):.3f} |")
    print()
    versions = [("this version", language.detect)]
    if args.against:
        with tempfile.TemporaryDirectory() as folder:
            earlier = language_module_at(args.against, Path(folder))
        versions.insert(0, (f"`{args.against}`", earlier.detect))
    print("| detection | samples | later samples |")
    print("|---|---|---|")
    for name, detect in versions:
        print(f"| {name} | {accuracy(detect, SAMPLES)} | {accuracy(detect, LATER_SAMPLES)} |")


if __name__ == "__main__":
    main()
