"""Aggregate the dashboard's figures of the closed days of the last year (nightly, cron).

The dashboard reads the conversations of a closed day from these figures
(bot/reporting/day_figures.py); a day not aggregated yet is aggregated on the first read
that needs it, so this only keeps that read fast. A day already aggregated is left alone."""

import argparse
from datetime import timedelta

from bot.db.session import session_scope
from bot.reporting.day_figures import aggregate
from bot.shared import clock

OFFICE_ZONE = clock.ZONE.key  # the dashboard's time zone (bot/console/routes/reports.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=366, help="how many days back (366)")


def run(args: argparse.Namespace) -> int:
    now = clock.now()
    today = clock.day_of(now)
    with session_scope() as session:
        made = aggregate(session, OFFICE_ZONE, today - timedelta(days=args.days), today, now)
    print(f"aggregated {made} days")
    return 0
