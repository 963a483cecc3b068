"""Waitlist benchmarks on the `large` demo data (100,000 registrations), on SQLite and on
the PostgreSQL server: import, full re-estimate, and status + estimate for one registration.

    .venv/app/bin/python -m benchmarks.waitlist [--lookups 300]

Prints a Markdown table for docs/benchmarks.md. Targets (issue 3): one lookup p95 <= 20 ms,
full re-estimate <= 30 s, import <= 60 s. The first lookup after a run, which loads the run
into the process's memory (bot/waitlist/stored_simulation.py), is reported on its own."""

import argparse
import multiprocessing
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.shared import clock
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Registration
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.status import registration_status
from tests.support.postgres import temporary_database


def time_lookups(url: str, numbers: list[str], today: date) -> list[float]:
    """Milliseconds for status + estimate of each registration, one session each."""
    engine = make_engine(url)
    timings = []
    for number in numbers:
        with Session(engine) as session:
            started = time.perf_counter()
            registration_status(session=session, number=number, today=today)
            estimate_offer(session=session, number=number, today=today)
            timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return timings


def measure(url: str, export: Path, lookups: int, today: date) -> dict[str, float]:
    upgrade(url, "heads")
    engine = make_engine(url)
    results: dict[str, float] = {}
    with Session(engine) as session:
        started = time.perf_counter()
        import_directory(session=session, directory=export)
        session.commit()
        results["import"] = time.perf_counter() - started
        started = time.perf_counter()
        count = run_estimates(session=session, today=today)
        session.commit()
        results["reestimate"] = time.perf_counter() - started
        results["estimated"] = count
        numbers = session.scalars(
            select(Registration.number).where(Registration.status == "waiting")
        ).all()
    sample = random.Random(1).sample(numbers, lookups + 1)
    # asked in a new process, as the action server does, not in this one full of the import
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        timings = pool.submit(time_lookups, url, sample, today).result()
    # the first question after a run loads the run into the process's memory
    results["first"] = timings.pop(0)
    timings.sort()
    results["p50"] = statistics.median(timings)
    results["p95"] = timings[int(len(timings) * 0.95) - 1]
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    today = clock.today()
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export"
        write_demo_export(export, "large", today)
        rows = {}
        rows["SQLite"] = measure(f"sqlite:///{scratch}/bench.db", export, args.lookups, today)
        with temporary_database("placement_bench") as url:
            rows["PostgreSQL"] = measure(url, export, args.lookups, today)
    print(f"Large demo data, {today}: 100,000 registrations, {args.lookups} lookups\n")
    print("| database | import 100k (target ≤ 60 s) | full re-estimate (≤ 30 s) | "
          "status + estimate p50 | p95 (≤ 20 ms) | first after a run |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['import']:.1f} s | {r['reestimate']:.1f} s "
            f"({int(r['estimated'])} waiting) | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
            f"{r['first']:.0f} ms |"
        )


if __name__ == "__main__":
    main()
