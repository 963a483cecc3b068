"""Load through nginx on `make run-prod`, with one and then two Rasa processes, in one run.

    .venv/app/bin/python -m benchmarks.load_test [--seconds 40] [--rate 10] [--parents 20]

For each process count the profile starts with its own PostgreSQL database, Redis
database and ports (two action servers either way), and gets 20 registrations. Then:

- closed-loop: `--parents` conversations each sending back to back for `--seconds`: the
  maximum throughput, and the status turn's p95 over the baseline turn's (goodbye: Rasa's
  own response and `action_ask_bot_rating`, which reads only the tracker) when everything queues;
- open-loop: messages arrive as a Poisson process at `--rate` per second for `--seconds`,
  each from a parent not waiting for an answer (a mix of status, availability, small talk
  and goodbye).

Prints p50/p95/p99 turn latency, throughput and errors per run as a Markdown table (the
figures in docs/benchmarks.md); targets: two processes ≥ 1.5 times one process's maximum
throughput; at 10 messages/s open-loop p95 ≤ 500 ms and no errors; status/baseline p95
ratio back to back ≤ 1.5.
"""

import argparse
import asyncio
import secrets
import subprocess
import tempfile
from pathlib import Path

from benchmarks.cpu import cpu_seconds, per_turn
from benchmarks.load import Outcome, Parents, percentile, ratio, summary
from tests.support.ports import free_port
from tests.support.postgres import temporary_database
from tests.support.rabbitmq import own_broker
from tests.support.stack import ROOT, RunningStack, start_make_run

REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)
NUMBERS = [f"INS-96{i:04d}" for i in range(20)]


def import_registrations(stack: RunningStack, folder: Path) -> None:
    folder.mkdir()
    (folder / "registrations.csv").write_text(
        REGISTRATIONS
        + "".join(
            f"{n},Kind{i},2025-03-01,Ouder,o{i}@example.nl,,kdv,UTR-ZON,ma|wo,"
            "2026-09-01,2025-01-01,none,waiting\n"
            for i, n in enumerate(NUMBERS)
        )
    )
    subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "import", str(folder)],
        cwd=ROOT, env=stack.env, check=True, capture_output=True,
    )  # fmt: skip


async def measure(stack: RunningStack, args: argparse.Namespace) -> dict[str, Outcome]:
    parents = Parents(
        stack.rasa_url, stack.env["RASA_TOKEN"], NUMBERS, rest_token=stack.env["REST_TOKEN"]
    )
    try:
        await parents.closed_loop(4, 5)  # warm-up: first model use, connections
        outcomes = {}
        for name, run in (
            ("closed-loop", lambda: parents.closed_loop(args.parents, args.seconds)),
            ("open-loop", lambda: parents.open_loop(args.rate, args.seconds)),
        ):
            before = cpu_seconds()
            outcome = await run()
            outcome.cpu_per_turn = per_turn(before, cpu_seconds(), outcome.turns)
            outcomes[name] = outcome
        return outcomes
    finally:
        await parents.close()


def run_with(processes: int, args: argparse.Namespace, scratch: Path) -> dict[str, Outcome]:
    var_dir = scratch / f"var-{processes}"
    var_dir.mkdir()
    with temporary_database(f"placement_load{processes}") as url, own_broker() as broker:
        stack = start_make_run(
            var_dir,
            {
                "DATABASE_URL": url,
                "EVENT_BROKER_URL": broker.url,
                "EVENT_BROKER_QUEUE": broker.queue,
                "EVENT_BROKER_EXCHANGE": broker.exchange,
                "REDIS_DB": str(9 + processes),
                "RASA_PROCESS_PORTS": ",".join(str(free_port()) for _ in range(processes)),
                "ACTION_PROCESS_PORTS": f"{free_port()},{free_port()}",
                "RASA_TOKEN": secrets.token_urlsafe(24),
                "REST_TOKEN": secrets.token_urlsafe(24),
            },
            target="run-prod",
        )
        try:
            import_registrations(stack, scratch / f"export-{processes}")
            return asyncio.run(measure(stack, args))
        finally:
            stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--rate", type=float, default=10, help="open-loop messages per second")
    parser.add_argument("--parents", type=int, default=20, help="closed-loop conversations")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = {n: run_with(n, args, Path(scratch)) for n in (1, 2)}
    print(
        "| Rasa processes | load | turns/s | p50 | p95 | p99 | errors | status/baseline p95 |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for processes, outcomes in results.items():
        for name, outcome in outcomes.items():
            load = (
                f"closed-loop, {args.parents} parents"
                if name == "closed-loop"
                else f"open-loop, {args.rate:g} msg/s"
            )
            print(
                f"| {processes} | {load} | {outcome.throughput:.1f} | "
                f"{summary(outcome.all_latencies())} | {len(outcome.errors)} | "
                f"{ratio(outcome):.2f} |"
            )
    one, two = results[1]["closed-loop"], results[2]["closed-loop"]
    print(f"\nMaximum throughput, two processes over one: {two.throughput / one.throughput:.2f}×")
    open_two = results[2]["open-loop"]
    print(
        f"Open-loop at {args.rate:g} msg/s with two processes: p95 "
        f"{percentile(open_two.all_latencies(), 0.95):.0f} ms, {len(open_two.errors)} errors"
    )
    parts = sorted({part for o in results.values() for part in o["closed-loop"].cpu_per_turn})
    print("\nCPU per turn, closed-loop (ms; the machine has 2000 ms per second):\n")
    print("| part | " + " | ".join(f"{n} process(es)" for n in results) + " |")
    print("|---|" + "---|" * len(results))
    for part in parts:
        cells = " | ".join(
            f"{o['closed-loop'].cpu_per_turn.get(part, 0.0):.1f}" for o in results.values()
        )
        print(f"| {part} | {cells} |")
    for processes, outcomes in results.items():
        for name, outcome in outcomes.items():
            for error in sorted(set(outcome.errors))[:3]:
                print(f"  {processes} process(es), {name}: {error}")


if __name__ == "__main__":
    main()
