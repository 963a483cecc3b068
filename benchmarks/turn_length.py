"""What a long conversation costs Rasa, with and without the kept tracker and replay (issue 32).

    .venv/app/bin/python -m benchmarks.turn_length [--moodbot DIR] [--conversations 4]

Starts Rasa's own moodbot (`rasa init`, as benchmarks/turn_cost.py makes it) twice, each
on its own SQLite tracker store: once plain, once with this project's kept tracker
(bot/rasa_side/tracker_cache.py) and kept replay of the policies' states
(bot/rasa_side/policy_states.py), nothing else of ours. Moodbot has no custom action, so
the difference is Rasa's part of a turn alone. Then conversations of 50 turns, one on
each in turn with the same client, and the median of turns 1-5 against turns 46-50.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def serve(kind: str, port: str, folder: str, models: str) -> None:
    """`rasa run` of moodbot in this (the Rasa) environment, `kind` "kept" or "plain"."""
    if kind == "kept":
        import rasa.core.tracker_store

        from bot.rasa_side import policy_states, tracker_cache

        rasa.core.tracker_store.SQLTrackerStore = tracker_cache.CachingSQLTrackerStore  # type: ignore[misc]
        policy_states.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "run", "--enable-api", "--port", port, "--interface", "127.0.0.1"]
    sys.argv += ["--endpoints", f"{folder}/endpoints.yml", "--model", models]
    rasa_main()


def start(kind: str, moodbot: Path, scratch: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    from tests.support.ports import free_port

    folder = scratch / kind
    folder.mkdir()
    (folder / "endpoints.yml").write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {folder / 'rasa.db'}\n"
    )
    port = str(free_port())
    process = subprocess.Popen(
        [str(ROOT / ".venv/rasa/bin/python"), "-m", "benchmarks.turn_length", "--serve",
         kind, port, str(folder), str(moodbot / "models")],
        cwd=moodbot, env={**os.environ, "PYTHONPATH": str(ROOT)},  # moodbot's credentials
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moodbot ({kind}) did not start")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"moodbot ({kind}) did not answer within 600 s")


async def series(urls: dict[str, str], conversations: int) -> dict[str, list[list[float]]]:
    import httpx

    from benchmarks.turn_cost import MOODBOT_TURNS, Bot, length_series

    bots = [Bot(kind, url, MOODBOT_TURNS, lambda: 0.0) for kind, url in urls.items()]
    found: dict[str, list[list[float]]] = {bot.name: [[] for _ in range(50)] for bot in bots}
    async with httpx.AsyncClient(timeout=60) as client:
        for bot in bots:  # warm up
            await bot.talk(client, await bot.conversation(client), 8)
        for _ in range(conversations):
            for bot in bots:
                for step, latencies in enumerate(await length_series(bot, client, 1)):
                    found[bot.name][step] += latencies
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--moodbot", type=Path, help="a moodbot made earlier by `rasa init`")
    parser.add_argument("--conversations", type=int, default=4)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    from benchmarks.turn_cost import create_moodbot, load_average

    with tempfile.TemporaryDirectory(prefix="turn-length-") as scratch:
        moodbot = args.moodbot
        if moodbot is None:
            moodbot = Path(scratch) / "moodbot"
            moodbot.mkdir()
            create_moodbot(moodbot)
        started = [start(kind, moodbot, Path(scratch)) for kind in ("plain", "kept")]
        try:
            urls = dict(zip(("plain", "kept"), (url for _, url in started), strict=True))
            before = load_average()
            found = asyncio.run(series(urls, args.conversations))
        finally:
            for process, _ in started:
                os.killpg(process.pid, 2)
                process.wait(timeout=60)
    print(f"load average before {before}, after {load_average()}\n")
    print("| moodbot, SQLite tracker store | turns 1–5, median | turns 46–50 | turn 50 / turn 1 |")
    print("|---|---|---|---|")
    for kind, steps in found.items():
        first = statistics.median(v for turn in steps[:5] for v in turn)
        late = statistics.median(v for turn in steps[45:] for v in turn)
        print(f"| {kind} | {first:.0f} ms | {late:.0f} ms | {late / first:.2f}× |")


if __name__ == "__main__":
    main()
