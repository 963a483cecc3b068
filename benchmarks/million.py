"""A national chain's waitlist (issue 33): at 10k, 100k and 1M registrations, on
PostgreSQL, the time and peak memory (RSS) of every part that reads all of it.

    nice -n 10 .venv/app/bin/python -m benchmarks.million [--sizes 10000 100000 1000000]

For each size: the demo export in proportion (bot/waitlist/demo.py: 600 locations a
million) and five conversation events per registration over the last year for the
dashboard's copy (bot/reporting/demo_events.py), into a database of its own
(`million_bench_<size>` on the server, made afresh; BENCH_DATABASE_PREFIX names another).
Every step runs in a fresh process, as cron or the console would, and is timed inside it
(without Python's start-up); its peak RSS is the process's. Prints a Markdown table for
docs/benchmarks.md.

Targets at 1M (issue 33): import ≤ 10 min, full re-estimate ≤ 60 s, status + estimate p95
≤ 20 ms, updates job ≤ 10 min and ≤ 1 GB, each dashboard figure ≤ 1 s, purge ≤ 5 min, a
family's export and erasure ≤ 1 s."""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.orm import Session, configure_mappers

SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
# the databases' name before the size: two runs on one server each need their own
PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "million_bench")
EVENTS_PER_REGISTRATION = 5
REQUESTS_PER_THOUSAND = 5  # open parents' requests for the planners' CSV
STEPS = {
    "import": "import (`python -m bot import DIR`, with its re-estimate)",
    "events": "events copy: COPY of 5 per registration",
    "reestimate": "full re-estimate (`reestimate`)",
    "lookups": "status + estimate p50 / p95 (300 random waiting, fresh process)",
    "updates_dry": "`updates send --dry-run`",
    "updates": "`updates send` (into the outbox)",
    "dashboard_days": "`dashboard-days`: the year's closed days aggregated (once; nightly: one)",
    "dashboard_month": "dashboard, last month",
    "dashboard_year": "dashboard, last year",
    "planners_csv": "planners' CSV export (requests)",
    "family_export": "a family's export",
    "family_erase": "a family's erasure",
    "purge": "`purge` (90 days kept)",
}


def database(size: int) -> str:
    """A fresh database of this benchmark's own; the server's other databases are left alone."""
    name = f"{PREFIX}_{size}"
    admin = create_engine(f"{SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{SERVER}/{name}"


def analyze(url: str) -> None:
    """The planner's statistics, as autovacuum keeps them on any production server (this
    one runs without it): without them PostgreSQL guesses every table small, and the
    updates run's batches read whole tables instead of their rows' index ranges."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def step(name: str, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """Runs one step in a fresh process; its own timing plus its peak RSS in MB (also
    printed at once on stderr, so that a long run shows how far it is)."""
    command = [sys.executable, "-m", "benchmarks.million", "--step", name, *extra]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, env=env, stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        out.seek(0)
        lines = out.read().decode().strip().splitlines()
    if status != 0 or not lines:
        raise RuntimeError(f"step {name} failed ({status})")
    result = json.loads(lines[-1])
    result["rss"] = usage.ru_maxrss / 1024
    print(f"{name} {' '.join(extra[-1:])}: {json.dumps(result)}", file=sys.stderr, flush=True)
    return result


def run_size(size: int, lookups: int, skip: set[str]) -> dict[str, dict[str, Any]]:
    from bot.db.tracker_store import rasa_events
    from bot.reporting.demo_events import write_demo_events
    from bot.shared import clock
    from bot.waitlist.demo import write_demo_export

    url = database(size)
    results: dict[str, dict[str, Any] | None] = {}
    with tempfile.TemporaryDirectory(prefix="million-") as scratch:
        export, events = Path(scratch) / "export", Path(scratch) / "events.csv"
        started = time.perf_counter()
        write_demo_export(export, size, clock.today())
        write_demo_events(events, size * EVENTS_PER_REGISTRATION, size, clock.today())
        results["generate"] = {"seconds": time.perf_counter() - started}
        # the job's own cost, not the pace kept for the mail server (120 a minute)
        updates = Path(scratch) / "updates.yml"
        shipped = Path("bot/updates/updates.yml").read_text(encoding="utf-8")
        updates.write_text(shipped.replace("email: 120", "email: 1000000"), encoding="utf-8")
        env = {
            **os.environ,
            "UPDATES_FILE": str(updates),
            "DATABASE_URL": url,
            "TRACKER_STORE_URL": url,
            "VAR_DIR": str(Path(scratch) / "var"),
            "PYTHONPATH": os.getcwd(),
        }
        subprocess.run(
            [sys.executable, "-m", "bot", "migrate"], env=env, check=True, capture_output=True
        )
        tracker = create_engine(url)
        rasa_events.metadata.create_all(tracker)  # Rasa's own table, read by purge and family
        tracker.dispose()
        results["import"] = None if "import" in skip else step("import", env, str(export))
        results["events"] = None if "events" in skip else step("events", env, str(events))
        analyze(url)
        results["reestimate"] = None if "reestimate" in skip else step("reestimate", env)
        results["lookups"] = None if "lookups" in skip else step("lookups", env, str(lookups))
        results["updates_dry"] = None if "updates_dry" in skip else step("updates_dry", env)
        results["updates"] = None if "updates" in skip else step("updates", env)
        results["dashboard_days"] = (
            None if "dashboard_days" in skip else step("dashboard_days", env)
        )
        results["dashboard_month"] = (
            None if "dashboard_month" in skip else step("dashboard", env, "30")
        )
        results["dashboard_year"] = (
            None if "dashboard_year" in skip else step("dashboard", env, "365")
        )
        results["planners_csv"] = None if "planners_csv" in skip else step("planners_csv", env)
        results["family_export"] = (
            None if "family_export" in skip else step("family", env, "export")
        )
        results["family_erase"] = None if "family_erase" in skip else step("family", env, "erase")
        results["purge"] = None if "purge" in skip else step("purge", env)
    return {name: result for name, result in results.items() if result is not None}


# --- the steps, each in its own process -------------------------------------------------
# (each imports what it uses only, so that its peak RSS is its own part's)


def timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def cli(*argv: str) -> Callable[[], None]:
    """`python -m bot …` as a call, its modules imported before the clock starts (the
    command line imports every command's module: seconds on a loaded machine)."""
    from bot.commands.cli import build_parser, main

    build_parser()

    def run() -> None:
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                code = main(list(argv))
            finally:
                sys.stdout = stdout
        if code:
            raise SystemExit(f"python -m bot {' '.join(argv)}: exit {code}")

    return run


def run_step(name: str, args: list[str]) -> dict[str, Any]:
    from bot.db.session import make_engine, session_scope
    from bot.shared import clock

    url = os.environ["DATABASE_URL"]
    if name == "import":
        return {"seconds": timed(cli("import", args[0]))}
    if name == "events":
        from bot.reporting.demo_events import load_demo_events

        with session_scope() as session:
            started = time.perf_counter()
            added = load_demo_events(session, Path(args[0]))
            session.commit()
            return {"seconds": time.perf_counter() - started, "count": added}
    if name == "reestimate":
        return {"seconds": timed(cli("reestimate"))}
    if name == "updates_dry":
        return {"seconds": timed(cli("updates", "send", "--dry-run"))}
    if name == "updates":
        seconds = timed(cli("updates", "send"))
        outbox = Path(os.environ["VAR_DIR"]) / "outbox"
        return {"seconds": seconds, "mails": len(list(outbox.glob("*")))}
    if name == "lookups":
        from benchmarks.waitlist import time_lookups
        from bot.waitlist.models import Registration

        engine = make_engine(url)
        with Session(engine) as session:
            numbers = session.scalars(
                select(Registration.number).where(Registration.status == "waiting")
            ).all()
        engine.dispose()
        sample = random.Random(1).sample(numbers, int(args[0]) + 1)
        timings = time_lookups(url, sample, clock.today())
        first = timings.pop(0)
        timings.sort()
        return {
            "seconds": first / 1000,
            "p50": statistics.median(timings),
            "p95": timings[int(len(timings) * 0.95) - 1],
        }
    if name == "dashboard":
        from bot.reporting.figures import ReportFilter, dashboard
        from bot.reporting.sources import EventTableSource

        configure_mappers()  # start-up, like the imports: the console has done it once
        today = clock.today()
        wanted = ReportFilter(today - timedelta(days=int(args[0])), today)
        with session_scope() as session:
            timings = []
            for _ in range(2):  # the first in a fresh process, then as the running console
                started = time.perf_counter()
                report = dashboard(
                    session=session, conversations=EventTableSource(session), wanted=wanted
                )
                timings.append(time.perf_counter() - started)
            return {"seconds": timings[0], "again": timings[1], "count": report.conversations}
    if name == "dashboard_days":
        return {"seconds": timed(cli("dashboard-days"))}
    if name == "planners_csv":
        return planners_csv()
    if name == "family":
        return family(args[0])
    if name == "purge":
        return {"seconds": timed(cli("purge", "--days", "90"))}
    raise SystemExit(f"no step {name}")


def planners_csv() -> dict[str, Any]:
    """Open requests for 0.5 % of the registrations, then the console's CSV of them."""
    from bot.conversation.models import RegistrationRequest
    from bot.db.session import session_scope
    from bot.parent_requests import planning, work
    from bot.shared import clock
    from bot.waitlist.models import Registration

    now = clock.now()
    with session_scope() as session:
        total = session.scalar(select(func.count()).select_from(Registration)) or 0
        numbers = session.scalars(
            select(Registration.number)
            .order_by(Registration.id)
            .limit(total * REQUESTS_PER_THOUSAND // 1000)
        ).all()
        rows = [
            {
                "registration_number": number,
                "kind": "change",
                "details": "liever op woensdag",
                "channel": "website",
                "created_at": now - timedelta(hours=index % 500),
                "weekdays": "wo",
            }
            for index, number in enumerate(numbers)
        ]
        session.execute(insert(RegistrationRequest), rows)
    with session_scope() as session:
        started = time.perf_counter()
        found = work.find(session=session, wanted=work.RequestFilter(), now=now)
        text_out = planning.export_csv(session, found)
        return {"seconds": time.perf_counter() - started, "count": text_out.count("\n") - 1}


def family(action: str) -> dict[str, Any]:
    """A family that chatted: the registration named most in the events."""
    from bot.db.session import session_scope
    from bot.reporting.models import IDENTITY, ConversationEvent

    with session_scope() as session:
        number = session.scalar(
            select(ConversationEvent.registration_number)
            .where(ConversationEvent.kind == IDENTITY)
            .order_by(ConversationEvent.id)
            .limit(1)
        )
    assert number is not None
    if action == "export":
        out = Path(os.environ["VAR_DIR"]) / "family.json"
        return {"seconds": timed(cli("family", "export", "--number", number, "--out", str(out)))}
    return {"seconds": timed(cli("family", "erase", "--number", number, "--yes"))}


# --- the table ----------------------------------------------------------------------------


def cell(name: str, result: dict[str, Any] | None) -> str:
    if result is None:
        return "not run"
    rss = f"{result['rss']:.0f} MB"
    if name == "lookups":
        return f"{result['p50']:.1f} / {result['p95']:.1f} ms, {rss}"
    shown = duration(result["seconds"])
    if "again" in result:
        shown += f" (again: {duration(result['again'])})"
    return f"{shown}, {rss}"


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--skip", nargs="*", default=[], choices=list(STEPS), help="steps left out")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.step:
        print(json.dumps(run_step(args.step, rest)))
        return
    results = {size: run_size(size, args.lookups, set(args.skip)) for size in args.sizes}
    print(f"\nPostgreSQL, {time.strftime('%Y-%m-%d')}: time, peak RSS of the process\n")
    print("| step | " + " | ".join(f"{size:,}" for size in args.sizes) + " |")
    print("|---|" + "---|" * len(args.sizes))
    generated = " | ".join(f"{results[s]['generate']['seconds']:.0f} s" for s in args.sizes)
    print(f"| generate the export and the events (CSV) | {generated} |")
    for name, label in STEPS.items():
        print(
            f"| {label} | "
            + " | ".join(cell(name, results[s].get(name)) for s in args.sizes)
            + " |"
        )


if __name__ == "__main__":
    main()
