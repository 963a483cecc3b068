"""Simulate the queue again and store every waiting registration's estimate.

Run it nightly (and after changes made outside `import`): estimates count months from the
day they were computed."""

import argparse

from sqlalchemy import func, select

from bot.db.session import session_scope
from bot.shared import clock
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.models import Estimate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--if-stale", action="store_true", help="only when the estimates are not from today"
    )


def run(args: argparse.Namespace) -> int:
    today = clock.today()
    with session_scope() as session:
        if args.if_stale and session.scalar(select(func.max(Estimate.computed_on))) == today:
            return 0
        count = run_estimates(session=session, today=today)
    print(f"estimates computed for {count} waiting registrations")
    return 0
