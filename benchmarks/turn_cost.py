"""A turn of this project against a turn of plain Rasa (issue 32), measured in one run.

    .venv/app/bin/python -m benchmarks.turn_cost [--moodbot DIR] [--open-seconds 20]

Creates Rasa's own example assistant, moodbot, with `rasa init --no-prompt` in the Rasa
environment (in a temporary folder, trained there; `--moodbot DIR` reuses one made
earlier), starts it with `rasa run --enable-api` and `make run`'s stack on free ports
beside it, and drives both over the REST channel with the same client, one phase of
moodbot then the same phase of the project, so a change in the machine's load falls on
both alike:

- 1 conversation x 30 turns, one after another: p50 / p95;
- 10 conversations x 30 turns, each sending as soon as it has its answer: turns per second;
- open loop, messages arriving at 10 per second (Poisson): p95 and errors;
- the project's kinds of turn: small talk, status after the identity check, availability,
  a turn inside a form (against moodbot's turn);
- a turn-length series: turns 1-5 against turns 46-50 of 50-turn conversations;
- the Rasa process's resident memory.

It prints the issue's table with the ratios. The conversations are moodbot's greeting,
mood and goodbye, and for the project a greeting, an availability question that reads the
database, a thank-you and a goodbye.
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.load import verified_session
from benchmarks.turn_latency import REGISTRATIONS, rasa_rss_mb
from tests.support.ports import free_port
from tests.support.stack import ROOT, start_make_run

RASA = ROOT / ".venv" / "rasa" / "bin" / "rasa"
TIMEOUT_SECONDS = 60
REGISTRATION = "INS-970001"

# what a parent of moodbot says, round and round
MOODBOT_TURNS = ("hello", "I am sad", "yes", "bye")
# a greeting, an availability question that reads the database, small talk, a goodbye
PROJECT_TURNS = (
    "hallo",
    "is er plek bij het kinderdagverblijf in Utrecht voor mijn kind van 1 jaar?",
    "dank je wel!",
    "doei",
)
# the project's kinds of turn: (kind, messages before it, the measured message)
KINDS = (
    ("small talk", (), "dank je wel!"),
    ("status, identity checked", (), "hoe staat het met mijn inschrijving?"),
    ("availability", (), PROJECT_TURNS[1]),
    ("inside a form", ("is er plek in Utrecht?",), "kinderdagverblijf"),
)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]


@dataclass
class Bot:
    """One assistant's REST channel, and how to start a conversation on it."""

    name: str
    url: str
    turns: tuple[str, ...]
    rss_mb: Callable[[], float]
    token: str = ""
    errors: list[str] = field(default_factory=list)

    async def conversation(self, client: httpx.AsyncClient, verified: bool = False) -> str:
        sender = f"bench-{uuid.uuid4().hex}"
        if verified and self.token:  # moodbot has no identity check
            answer = await client.post(
                f"{self.url}/conversations/{sender}/tracker/events",
                params={"token": self.token},
                json=verified_session(REGISTRATION),
            )
            answer.raise_for_status()
        return sender

    async def say(self, client: httpx.AsyncClient, sender: str, text: str) -> float | None:
        """One turn's milliseconds, None when it failed (kept in `errors`)."""
        started = time.perf_counter()
        try:
            answer = await client.post(
                f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
            elapsed = (time.perf_counter() - started) * 1000
            said = [m for m in answer.json() if m.get("text")]
        except (httpx.HTTPError, ValueError) as error:
            self.errors.append(type(error).__name__)
            return None
        if answer.status_code != 200 or not said:
            self.errors.append(f"HTTP {answer.status_code}, {len(said)} messages")
            return None
        return elapsed

    async def talk(self, client: httpx.AsyncClient, sender: str, count: int, offset: int = 0):
        """`count` turns of the bot's conversation, one after another; their latencies."""
        latencies = []
        for step in range(offset, offset + count):
            elapsed = await self.say(client, sender, self.turns[step % len(self.turns)])
            if elapsed is not None:
                latencies.append(elapsed)
        return latencies


async def one_conversation(bot: Bot, client: httpx.AsyncClient) -> list[float]:
    return await bot.talk(client, await bot.conversation(client), 30)


async def throughput(bot: Bot, client: httpx.AsyncClient) -> float:
    """Turns per second of 10 conversations x 30 turns, each back to back."""
    senders = [await bot.conversation(client) for _ in range(10)]
    started = time.perf_counter()
    done = await asyncio.gather(*(bot.talk(client, s, 30, i) for i, s in enumerate(senders)))
    return sum(map(len, done)) / (time.perf_counter() - started)


async def open_loop(bot: Bot, client: httpx.AsyncClient, rate: float, seconds: float):
    """Messages arriving at `rate` per second (Poisson) for `seconds`, each from a parent
    not waiting for an answer; their latencies and the number of failed turns."""
    rng = random.Random(7)
    idle = [await bot.conversation(client) for _ in range(30)]
    steps = {sender: i for i, sender in enumerate(idle)}
    latencies: list[float] = []
    errors_before = len(bot.errors)

    async def message(sender: str) -> None:
        elapsed = await bot.say(client, sender, bot.turns[steps[sender] % len(bot.turns)])
        if elapsed is not None:
            latencies.append(elapsed)
        steps[sender] += 1
        idle.append(sender)

    tasks = []
    started = arrival = time.perf_counter()
    while arrival - started < seconds:
        arrival += rng.expovariate(rate)
        await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
        if not idle:
            sender = await bot.conversation(client)
            steps[sender] = 0
            idle.append(sender)
        tasks.append(asyncio.create_task(message(idle.pop(rng.randrange(len(idle))))))
    await asyncio.gather(*tasks)
    return latencies, len(bot.errors) - errors_before


async def kind_of_turn(
    bot: Bot, client: httpx.AsyncClient, before: tuple[str, ...], text: str, times: int
) -> list[float]:
    """`text` in `times` new conversations (the project's verified ones), after `before`."""
    latencies = []
    for _ in range(times):
        sender = await bot.conversation(client, verified=True)
        for earlier in before:
            await bot.say(client, sender, earlier)
        elapsed = await bot.say(client, sender, text)
        if elapsed is not None:
            latencies.append(elapsed)
    return latencies


async def length_series(bot: Bot, client: httpx.AsyncClient, conversations: int = 3):
    """Turn latencies by position, over `conversations` conversations of 50 turns."""
    series: list[list[float]] = [[] for _ in range(50)]
    for _ in range(conversations):
        sender = await bot.conversation(client)
        for step in range(50):
            elapsed = await bot.say(client, sender, bot.turns[step % len(bot.turns)])
            if elapsed is not None:
                series[step].append(elapsed)
    return series


def start_moodbot(folder: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(RASA), "run", "--enable-api", "--port", str(port), "--interface", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("moodbot did not start")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(1)
    process.kill()
    raise RuntimeError("moodbot did not answer within 300 s")


def create_moodbot(folder: Path) -> None:
    """`rasa init --no-prompt` (writes the example and trains it) in `folder`."""
    subprocess.run(
        [str(RASA), "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip


def rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def measure(moodbot: Bot, project: Bot, open_seconds: float) -> dict[str, object]:
    """Every phase, moodbot first then the project; the figures by name."""
    figures: dict[str, object] = {"load before": load_average()}
    async with httpx.AsyncClient(
        timeout=TIMEOUT_SECONDS, limits=httpx.Limits(max_connections=200)
    ) as client:
        for bot in (moodbot, project):  # warm up: first model use, connections
            await bot.talk(client, await bot.conversation(client), 8)
            bot.errors.clear()
        for bot in (moodbot, project):
            figures[f"{bot.name} one"] = await one_conversation(bot, client)
        for bot in (moodbot, project):
            figures[f"{bot.name} throughput"] = await throughput(bot, client)
        for bot in (moodbot, project):
            figures[f"{bot.name} open"] = await open_loop(bot, client, 10.0, open_seconds)
        figures["moodbot kind"] = await kind_of_turn(moodbot, client, (), "I am sad", 20)
        for kind, before, text in KINDS:
            figures[kind] = await kind_of_turn(project, client, before, text, 20)
        for bot in (moodbot, project):
            figures[f"{bot.name} series"] = await length_series(bot, client)
        for bot in (moodbot, project):
            figures[f"{bot.name} rss"] = bot.rss_mb()
            figures[f"{bot.name} errors"] = list(bot.errors)
    figures["load after"] = load_average()
    return figures


def report(figures: dict[str, object]) -> None:
    def p(name: str, share: float) -> float:
        return percentile(figures[name], share)  # type: ignore[arg-type]

    def window(name: str, start: int, stop: int) -> float:
        series = figures[name]
        return statistics.median(v for turn in series[start:stop] for v in turn)  # type: ignore[index]

    m_open, m_open_errors = figures["moodbot open"]  # type: ignore[misc]
    r_open, r_open_errors = figures["make run open"]  # type: ignore[misc]
    print(f"load average before {figures['load before']}, after {figures['load after']}\n")
    print("| | moodbot | this project (`make run`) | ratio |")
    print("|---|---|---|---|")
    m1, r1 = p("moodbot one", 0.95), p("make run one", 0.95)
    print(
        f"| 1 conversation × 30 turns, p50 / p95 | {p('moodbot one', 0.5):.0f} / {m1:.0f} ms "
        f"| {p('make run one', 0.5):.0f} / {r1:.0f} ms | {r1 / m1:.2f}× at p95 |"
    )
    m_tp, r_tp = figures["moodbot throughput"], figures["make run throughput"]
    print(
        f"| 10 conversations × 30 turns, throughput | {m_tp:.1f} turns/s | {r_tp:.1f} turns/s "
        f"| {r_tp / m_tp:.2f}× (target ≥ 1.0) |"  # type: ignore[operator]
    )
    m95, r95 = percentile(m_open, 0.95), percentile(r_open, 0.95)
    print(
        f"| open loop 10 msg/s, p95 (errors) | {m95:.0f} ms ({m_open_errors}) | {r95:.0f} ms "
        f"({r_open_errors}) | {r95 / m95:.2f}× (target ≤ 300 ms, no errors) |"
    )
    base = p("moodbot kind", 0.95)
    for kind, _, _ in KINDS:
        target = " (target ≤ 1.5×)" if kind.startswith("status") else ""
        print(
            f'| {kind}, p50 / p95 (moodbot: "I am sad") | {p("moodbot kind", 0.5):.0f} / '
            f"{base:.0f} ms | {p(kind, 0.5):.0f} / {p(kind, 0.95):.0f} ms | "
            f"{p(kind, 0.95) / base:.2f}× at p95{target} |"
        )
    cells = []
    for name in ("moodbot", "make run"):
        first, late = window(f"{name} series", 0, 5), window(f"{name} series", 45, 50)
        cells.append((first, late))
    (mf, ml), (rf, rl) = cells
    print(
        f"| turns 1–5 / 46–50 of a conversation, median | {mf:.0f} / {ml:.0f} ms "
        f"({ml / mf:.2f}×) | {rf:.0f} / {rl:.0f} ms ({rl / rf:.2f}×) | "
        f"turn 50 at {rl / rf:.2f}× turn 1 (target ≤ 1.2×) |"
    )
    m_rss, r_rss = figures["moodbot rss"], figures["make run rss"]
    print(
        f"| Rasa process RSS | {m_rss:.0f} MB | {r_rss:.0f} MB | "
        f"{r_rss / m_rss:.2f}× (target ≤ 1229 MB) |"  # type: ignore[operator]
    )
    for name in ("moodbot", "make run"):
        errors = figures[f"{name} errors"]
        if errors:
            print(f"\n{name}: {len(errors)} failed turns, e.g. {errors[0]}")  # type: ignore[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moodbot", type=Path, help="a moodbot made earlier by `rasa init`")
    parser.add_argument("--open-seconds", type=float, default=20.0)
    args = parser.parse_args()
    token = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="turn-cost-") as scratch:
        folder = args.moodbot
        if folder is None:
            folder = Path(scratch) / "moodbot"
            folder.mkdir()
            create_moodbot(folder)
        port = free_port()
        mood = start_moodbot(folder, port)
        try:
            stack = start_make_run(Path(scratch) / "var", {"RASA_TOKEN": token})
            try:
                import_registration(Path(scratch) / "export", stack.env)
                moodbot = Bot(
                    "moodbot", f"http://127.0.0.1:{port}", MOODBOT_TURNS, lambda: rss_of(mood.pid)
                )
                project = Bot("make run", stack.rasa_url, PROJECT_TURNS, rasa_rss_mb, token)
                figures = asyncio.run(measure(moodbot, project, args.open_seconds))
            finally:
                stack.stop()
        finally:
            os.killpg(mood.pid, 2)
            mood.wait(timeout=60)
    report(figures)


def import_registration(export: Path, env: dict[str, str]) -> None:
    """The registration the status turns ask about."""
    export.mkdir()
    (export / "registrations.csv").write_text(
        REGISTRATIONS + f"{REGISTRATION},Kind,2025-03-01,Ouder,o@example.nl,,kdv,UTR-ZON,ma|wo,"
        "2026-09-01,2025-01-01,none,waiting\n"
    )
    subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "import", str(export)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
