"""Where the milliseconds of a turn go, inside the Rasa process and the action server.

    .venv/app/bin/python -m benchmarks.turn_profile [--turns 15] [--stored 20000] [--keep DIR]

Starts `make run`'s stack with TURN_PROFILE_DIR set (bot/shared/turn_profile.py), so SIGUSR1
starts and stops the standard library's profiler on both servers' event-loop threads,
and profiles each kind of turn (small talk, status after the identity check,
availability, a turn inside a form) over `--turns` new conversations; then the same small
talk deep in a long conversation (after 100 turns), and again with `--stored` other
conversations in the tracker store. Prints milliseconds per turn by part. The time is
that of the event loop's thread: database work the action server does in worker threads
shows only as the action's wall time at the client.
"""

import argparse
import os
import pstats
import signal
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from benchmarks.load import verified_session
from benchmarks.turn_cost import KINDS, import_registration
from bot.shared import turn_profile
from tests.support.stack import start_make_run

REGISTRATION = "INS-970001"
# (part, where: a file's path ends with it, and the function's name); cumulative time.
RASA_PARTS = (
    ("whole turn in the processor", "rasa/core/processor.py", "handle_message"),
    ("NLU (parse_message)", "rasa/core/processor.py", "parse_message"),
    ("policies (predict next action)", "rasa/core/processor.py", "_predict_next_with_tracker"),
    ("  the session's states (states_for_tracker_history)", ".py", "states_for_tracker_history"),
    ("tracker store: read, Rasa's (_retrieve)", "rasa/core/tracker_store.py", "_retrieve"),
    ("tracker store: read, kept (tracker_cache)", "bot/rasa_side/tracker_cache.py", "retrieve"),
    ("tracker store: write (save)", "rasa/core/tracker_store.py", "save"),
    ("lock store", "rasa/core/lock_store.py", "lock"),
    ("custom action call (RemoteAction.run)", "rasa/core/actions/action.py", "run"),
    ("  the tracker it carries (current_state)", "rasa/shared/core/trackers.py", "current_state"),
    ("  checking the answer", "bot/rasa_side/server.py", "_validate_action_result"),
    ("channel guard (handle_guarded)", "bot/channels/guard.py", "handle_guarded"),
    ("  its pause check", "bot/channels/guard.py", "pause_of"),
    ("JSON (json.dumps / loads)", "json/__init__.py", "dumps"),
    ("", "json/__init__.py", "loads"),
    ("tracker replay (from_dict)", "rasa/shared/core/trackers.py", "from_dict"),
)
ACTION_PARTS = (
    ("whole request (rasa-sdk webhook)", "rasa_sdk/endpoint.py", "webhook"),
    ("request body (request.json)", "sanic/request.py", "load_json"),
    ("tracker from the body (Tracker.from_dict)", "rasa_sdk/interfaces.py", "from_dict"),
    ("SafeAction.run", "actions/base.py", "run"),
    ("  per-turn rules (SafeAction._respond without act)", "actions/base.py", "_respond"),
    ("  the action itself (act)", "actions/", "act"),
    ("  identity_is_fresh", "bot/conversation/tracker.py", "identity_is_fresh"),
    ("  language of the message (speak_language_of)", "actions/common.py", "speak_language_of"),
)


def cumulative(stats: pstats.Stats, suffix: str, function: str) -> float:
    """Seconds spent in (and below) functions named `function` in files ending with
    `suffix`, outermost calls only where they nest."""
    total = 0.0
    for (filename, _, name), (_, _, _, cum, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name != function or suffix not in filename:
            continue
        # leave out the part of calls made from the same function (recursion, wrappers)
        inner = sum(
            caller_cum
            for (cfile, _, cname), (_, _, _, caller_cum) in callers.items()
            if cname == function and suffix in cfile
        )
        total += cum - inner
    return total


def busy(stats: pstats.Stats) -> float:
    return stats.total_tt  # type: ignore[attr-defined]


def show(label: str, folder: Path, turns: int) -> None:
    print(f"\n### {label} ({turns} turns; ms per turn)\n")
    for server, parts in (("rasa", RASA_PARTS), ("actions", ACTION_PARTS)):
        files = sorted(folder.glob(f"{server}-*.prof"))
        if not files:
            continue
        stats = pstats.Stats(*map(str, files))
        print(f"| {server}: event loop busy | {busy(stats) * 1000 / turns:.1f} |")
        json_total = 0.0
        for part, suffix, function in parts:
            value = cumulative(stats, suffix, function) * 1000 / turns
            if part.startswith("JSON"):
                json_total = value
                continue
            if not part:
                value += json_total
                part = "JSON (json.dumps / loads)"
            print(f"| {server}: {part} | {value:.1f} |")
        top = sorted(
            stats.stats.items(),  # type: ignore[attr-defined]
            key=lambda item: item[1][2],
            reverse=True,
        )[:8]
        for (filename, line, name), (_, _, own, _, _) in top:
            where = "/".join(Path(filename).parts[-2:])
            print(f"|   own time: {where}:{line} {name} | {own * 1000 / turns:.1f} |")


def server_pids(marker: str) -> list[int]:
    """The Rasa server and the action server whose TURN_PROFILE_DIR is `marker`."""
    found = []
    wanted = f"{turn_profile.VARIABLE}={marker}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environment = (entry / "environ").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if wanted not in environment:
            continue
        if b"bot.rasa_side.server\0run" in command or b"bot.action_side.server" in command:
            found.append(int(entry.name))
    return found


def store_other_conversations(database: Path, count: int) -> None:
    """`count` short conversations written straight into the tracker store's table."""
    now = time.time()
    rows = []
    for number in range(count):
        sender = f"stored-{number}"
        for step, kind in enumerate(("action", "session_started", "action", "user", "bot")):
            data = f'{{"event": "{kind}", "timestamp": {now + step}}}'
            rows.append((sender, kind, now + step, None, None, data))
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, "
            "data) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=15)
    parser.add_argument("--stored", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="keep the .prof files in this folder")
    args = parser.parse_args()
    token = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="turn-profile-") as scratch:
        profiles = args.keep or Path(scratch) / "profiles"
        profiles.mkdir(parents=True, exist_ok=True)
        env = {"RASA_TOKEN": token, "TURN_PROFILE_DIR": str(profiles / "current")}
        stack = start_make_run(Path(scratch) / "var", env)
        try:
            import_registration(Path(scratch) / "export", stack.env)
            pids = server_pids(env[turn_profile.VARIABLE])
            print(f"profiling processes {pids}")
            client = httpx.Client(timeout=60)

            def say(sender: str, text: str) -> None:
                answer = client.post(
                    f"{stack.rasa_url}/webhooks/rest/webhook",
                    json={"sender": sender, "message": text},
                )
                answer.raise_for_status()

            def verified() -> str:
                sender = f"profile-{uuid.uuid4().hex}"
                client.post(
                    f"{stack.rasa_url}/conversations/{sender}/tracker/events",
                    params={"token": token},
                    json=verified_session(REGISTRATION),
                ).raise_for_status()
                return sender

            def profiled(label: str, turn: Callable[[], None], turns: int) -> None:
                current = profiles / "current"
                current.mkdir(exist_ok=True)
                for pid in pids:
                    os.kill(pid, signal.SIGUSR1)
                time.sleep(0.5)
                started = time.perf_counter()
                for _ in range(turns):
                    turn()
                wall = (time.perf_counter() - started) * 1000 / turns
                for pid in pids:
                    os.kill(pid, signal.SIGUSR1)
                time.sleep(2)
                folder = profiles / label.replace(" ", "_").replace(",", "")
                current.rename(folder)
                print(f"\n{label}: {wall:.0f} ms per turn at the client")
                show(label, folder, turns)

            for _ in range(3):  # warm up
                sender = verified()
                for text in ("hallo", "hoe staat het met mijn inschrijving?", "doei"):
                    say(sender, text)
            for kind, before, text in KINDS:
                senders = []
                for _ in range(args.turns):  # only the measured message is profiled
                    senders.append(verified())
                    for earlier in before:
                        say(senders[-1], earlier)
                queue = iter(senders)
                profiled(kind, lambda text=text, queue=queue: say(next(queue), text), args.turns)
            long = verified()
            for step in range(100):
                say(long, ("hallo", "dank je wel!", "doei")[step % 3])
            profiled("small talk after 100 turns", lambda: say(long, "dank je wel!"), args.turns)
            store_other_conversations(stack.var_dir / "rasa.db", args.stored)
            queue = iter([verified() for _ in range(args.turns)])
            label = f"small talk, {args.stored} more conversations stored"
            profiled(label, lambda: say(next(queue), "dank je wel!"), args.turns)
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
