"""Load on a running stack through its front door (nginx in the production profile): parents'
conversations over the REST channel, closed-loop (each conversation sends its next message
as soon as the answer is in: the maximum throughput) and open-loop (messages arrive as a
Poisson process at a fixed rate, whether or not earlier ones were answered, as parents
typing produce them).

Each conversation starts verified (the identity check is not what is measured) and goes
round a mix of a status question (NLU → action server → database), an availability
question, small talk and a goodbye (Rasa's own response, no custom action: the baseline).
"""

import asyncio
import random
import statistics
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

from bot.shared import clock

# (kind, message, a word the answer must hold)
MIX = (
    ("status", "hoe staat het met mijn inschrijving?", "wachtlijst"),
    ("availability", "is er plek op woensdag in Utrecht?", ""),
    ("small talk", "dank je wel!", ""),
    ("baseline", "doei", "Fijne dag"),
)
TIMEOUT_SECONDS = 30


@dataclass
class Outcome:
    """Turn latencies (ms) per kind, failures, and the run's wall time."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_per_turn: dict[str, float] = field(default_factory=dict)  # ms per part (benchmarks/cpu.py)

    @property
    def turns(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    @property
    def throughput(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]


def summary(values: list[float]) -> str:
    """p50 / p95 / p99 in milliseconds."""
    return " | ".join(f"{percentile(values, share):.0f} ms" for share in (0.5, 0.95, 0.99))


def verified_session(number: str) -> list[dict[str, object]]:
    """The events of a new session whose parent has passed the identity check for
    `number`. They start the session too: without them Rasa would run
    action_session_start for an API call, whose greeting has no channel."""
    slots = {
        "registration_number": number,
        "identity_verified": True,
        "verified_registration": number,
        "verified_at": clock.now().timestamp(),
    }
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
        *({"event": "slot", "name": k, "value": v} for k, v in slots.items()),
    ]


class Parents:
    """Conversations on one stack: `url` is its front door, `token` Rasa's API token (to
    start conversations as verified), `numbers` registrations in its database,
    `rest_token` the REST channel's token (REST_TOKEN)."""

    def __init__(self, url: str, token: str, numbers: list[str], rest_token: str = "") -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.numbers = numbers
        # behind nginx no caller counts as this machine: the REST channel wants its token
        self.rest_headers = {"Authorization": f"Bearer {rest_token}"} if rest_token else {}
        self.client = httpx.AsyncClient(
            timeout=TIMEOUT_SECONDS, limits=httpx.Limits(max_connections=200)
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def verified_conversation(self, number: str) -> str:
        sender = f"load-{uuid.uuid4().hex}"
        answer = await self.client.post(
            f"{self.url}/conversations/{sender}/tracker/events",
            params={"token": self.token},
            json=verified_session(number),
        )
        answer.raise_for_status()
        return sender

    async def turn(self, sender: str, step: int, outcome: Outcome) -> None:
        kind, text, expected = MIX[step % len(MIX)]
        started = time.perf_counter()
        try:
            answer = await self.client.post(
                f"{self.url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                headers=self.rest_headers,
            )
            elapsed = (time.perf_counter() - started) * 1000
            said = " ".join(m.get("text", "") for m in answer.json())
            if answer.status_code != 200 or not said or expected not in said:
                outcome.errors.append(f"{kind}: HTTP {answer.status_code} {said[:60]!r}")
            else:
                outcome.latencies[kind].append(elapsed)
        except (httpx.HTTPError, ValueError) as error:
            outcome.errors.append(f"{kind}: {type(error).__name__}")

    async def conversations(self, count: int) -> list[str]:
        numbers = (self.numbers[i % len(self.numbers)] for i in range(count))
        return list(await asyncio.gather(*map(self.verified_conversation, numbers)))

    async def closed_loop(self, conversations: int, seconds: float) -> Outcome:
        """`conversations` parents each sending back to back for `seconds`."""
        senders = await self.conversations(conversations)
        outcome = Outcome()
        deadline = time.perf_counter() + seconds

        async def parent(sender: str, offset: int) -> None:
            step = offset
            while time.perf_counter() < deadline:
                await self.turn(sender, step, outcome)
                step += 1

        started = time.perf_counter()
        await asyncio.gather(*(parent(s, i) for i, s in enumerate(senders)))
        outcome.seconds = time.perf_counter() - started
        return outcome

    async def open_loop(self, rate: float, seconds: float, seed: int = 7) -> Outcome:
        """Messages arriving at `rate` per second (Poisson) for `seconds`, each from a
        parent who is not waiting for an answer (a new one when all are)."""
        rng = random.Random(seed)
        idle = await self.conversations(max(10, int(rate * 3)))
        steps: dict[str, int] = {sender: i for i, sender in enumerate(idle)}
        outcome = Outcome()
        running: set[asyncio.Task[None]] = set()

        async def message(sender: str) -> None:
            await self.turn(sender, steps[sender], outcome)
            steps[sender] += 1
            idle.append(sender)

        started = time.perf_counter()
        arrival = started
        while arrival - started < seconds:
            arrival += rng.expovariate(rate)
            await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
            if not idle:
                sender = await self.verified_conversation(rng.choice(self.numbers))
                steps[sender] = 0
                idle.append(sender)
            task = asyncio.create_task(message(idle.pop(rng.randrange(len(idle)))))
            running.add(task)
            task.add_done_callback(running.discard)
        await asyncio.gather(*running)
        outcome.seconds = time.perf_counter() - started
        return outcome


def ratio(outcome: Outcome) -> float:
    """The status turn's p95 over the baseline turn's p95."""
    status, baseline = outcome.latencies["status"], outcome.latencies["baseline"]
    if not status or not baseline:
        return float("nan")
    return percentile(status, 0.95) / percentile(baseline, 0.95)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
