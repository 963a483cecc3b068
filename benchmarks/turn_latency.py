"""A full status turn against Rasa's own turn, at 10 concurrent conversations, in one run.

    .venv/app/bin/python -m benchmarks.turn_latency [--turns 20] [--pause 3] [--train]

Starts the stack with `make run` (own var/ and ports) and imports one registration per
thread. Each of 10 threads then opens conversations one after another: it marks one as
verified through Rasa's tracker API, asks for the status (REST → NLU → action server →
database) and says goodbye (REST → NLU → `utter_goodbye`, then `action_ask_bot_rating`,
which reads only the tracker and asks "Heeft dit u geholpen?": the baseline; before issue
29 it had no custom action, so the results in docs/benchmarks.md predate that call). It
does so twice: as parents chat, taking `--pause` seconds (on average) before each message,
and back to back, which keeps Rasa's one event loop saturated: there every turn waits
for the other nine, and a turn that waits for the action server waits twice.
Reports p50/p95 of both turns and their ratio (target ≤ 1.5), the Rasa server's peak
resident memory (target ≤ 1.5 GB) and, with --train, a forced training's wall time
(target ≤ 5 minutes)."""

import argparse
import random
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

from benchmarks.load import verified_session
from tests.support.stack import ROOT, start_make_run

CONVERSATIONS = 10
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)


def rasa_rss_mb() -> float:
    """Resident memory of the Rasa server (`python -m bot.rasa_side.server run`)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"bot.rasa_side.server run" not in cmdline:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=20, help="conversations per thread")
    parser.add_argument(
        "--pause", type=float, default=3.0, help="seconds a parent takes before a message"
    )
    parser.add_argument("--train", action="store_true", help="also time a forced training")
    args = parser.parse_args()
    token = uuid.uuid4().hex
    with tempfile.TemporaryDirectory() as scratch:
        stack = start_make_run(Path(scratch) / "var", {"RASA_TOKEN": token})
        try:
            export = Path(scratch) / "export"
            export.mkdir()
            numbers = [f"INS-97{i:04d}" for i in range(CONVERSATIONS)]
            (export / "registrations.csv").write_text(
                REGISTRATIONS
                + "".join(
                    f"{n},Kind{i},2025-03-01,Ouder,o{i}@example.nl,,kdv,UTR-ZON,ma|wo,"
                    f"2026-09-01,2025-01-01,none,waiting\n"
                    for i, n in enumerate(numbers)
                )
            )
            subprocess.run(
                [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "import", str(export)],
                cwd=ROOT, env=stack.env, check=True, capture_output=True,
            )  # fmt: skip
            phases: dict[str, tuple[float, list[float], list[float]]] = {}
            status: list[float] = []
            baseline: list[float] = []
            peak = [0.0]
            failures: list[str] = []

            def verified_conversation(number: str) -> str:
                """A new conversation whose parent has passed the identity check."""
                sender = uuid.uuid4().hex
                requests.post(
                    f"{stack.rasa_url}/conversations/{sender}/tracker/events",
                    params={"token": token},
                    json=verified_session(number),
                    timeout=30,
                ).raise_for_status()
                return sender

            def turn(sender: str, text: str) -> tuple[float, str]:
                started = time.perf_counter()
                reply = requests.post(
                    f"{stack.rasa_url}/webhooks/rest/webhook",
                    json={"sender": sender, "message": text},
                    timeout=30,
                ).json()
                elapsed = (time.perf_counter() - started) * 1000
                return elapsed, " ".join(m.get("text", "") for m in reply)

            def converse(number: str, pause: float) -> None:
                """Conversations of a realistic length: a status question, then goodbye,
                with `pause` seconds (on average) of reading and typing before each."""
                rng = random.Random(number)
                for _ in range(args.turns):
                    sender = verified_conversation(number)
                    time.sleep(pause * rng.uniform(0.5, 1.5))
                    elapsed, answer = turn(sender, "hoe staat het met mijn inschrijving?")
                    status.append(elapsed)
                    if "wachtlijst" not in answer:
                        failures.append(answer[:80])
                    time.sleep(pause * rng.uniform(0.5, 1.5))
                    baseline.append(turn(sender, "doei")[0])

            def watch_memory(stop: threading.Event) -> None:
                while not stop.is_set():
                    peak[0] = max(peak[0], rasa_rss_mb())
                    stop.wait(0.5)

            converse(numbers[0], 0)  # warm-up: first model use, connections
            stop = threading.Event()
            threading.Thread(target=watch_memory, args=(stop,), daemon=True).start()
            for label, pause in (("parents typing", args.pause), ("back to back", 0.0)):
                status.clear()
                baseline.clear()
                threads = [threading.Thread(target=converse, args=(n, pause)) for n in numbers]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                phases[label] = (pause, list(status), list(baseline))
            stop.set()
        finally:
            stack.stop()
    training = None
    if args.train:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run(
                [str(ROOT / ".venv/rasa/bin/rasa"), "train", "--force", "--quiet", "--out", out],
                cwd=ROOT, check=True, capture_output=True,
            )  # fmt: skip
            training = time.perf_counter() - started
    print(f"{CONVERSATIONS} conversations at once, {args.turns} after one another each\n")
    print("| conversations | turn | p50 | p95 | p95 ratio (target ≤ 1.5) |")
    print("|---|---|---|---|---|")
    for label, (pause, status, baseline) in phases.items():
        p95_status, p95_base = percentile(status, 0.95), percentile(baseline, 0.95)
        name = f"{label} ({pause:g} s between messages)"
        print(f"| {name} | status (NLU → actions → database) | "
              f"{statistics.median(status):.0f} ms | {p95_status:.0f} ms | "
              f"{p95_status / p95_base:.2f} |")  # fmt: skip
        print(f"| {name} | baseline (goodbye, no custom action) | "
              f"{statistics.median(baseline):.0f} ms | {p95_base:.0f} ms | |")  # fmt: skip
    print(f"\nRasa server peak resident memory: {peak[0]:.0f} MB (target ≤ 1536 MB)")
    if training is not None:
        print(f"Forced training: {training / 60:.1f} minutes (target ≤ 5)")
    if failures:
        print(f"\n{len(failures)} status turns did not answer the status, e.g.: {failures[0]}")


if __name__ == "__main__":
    main()
