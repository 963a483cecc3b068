"""Load a made-up organisation: `small` (seconds) or `large` (100,000 registrations)."""

import argparse
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from bot.commands.import_export import progress
from bot.db.session import session_scope
from bot.shared import clock
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Child, Location, Registration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing when the database has locations"
    )
    parser.add_argument("--keep-csv", type=Path, help="also keep the generated CSV files here")


def run(args: argparse.Namespace) -> int:
    today = clock.today()
    with session_scope() as session:
        if args.if_empty and session.scalar(select(func.count()).select_from(Location)):
            return 0
        with tempfile.TemporaryDirectory() as scratch:
            directory = args.keep_csv or Path(scratch)
            write_demo_export(directory, args.size, today)
            summary = import_directory(session=session, directory=directory, progress=progress)
        estimated = run_estimates(session=session, today=today)
        example = session.execute(
            select(Registration.number, Child.birth_date)
            .join(Child, Registration.child_id == Child.id)
            .where(Registration.status == "waiting")
            .order_by(Registration.id)
        ).first()
    print(
        f"demo data ({args.size}): {summary.inserted.get('locations', 0)} locations, "
        f"{summary.inserted.get('registrations', 0)} registrations, "
        f"{summary.inserted.get('offers', 0)} open offers, "
        f"{estimated} estimates"
    )
    if example:
        print(
            f"to try the identity check: registration {example[0]}, child born "
            f"{example[1]:%d-%m-%Y}; the code arrives in var/outbox/"
        )
    return 0
