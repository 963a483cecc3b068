"""Delete conversations older than the retention period (TRANSCRIPT_RETENTION_DAYS).

Run it nightly, like `reestimate`; `make run` runs it at every start. What goes and what
stays is described in bot/privacy/retention.py."""

import argparse

from bot.db.session import make_engine, session_scope
from bot.db.tracker_store import app_driver_url
from bot.privacy.retention import purge
from bot.settings import get_settings
from bot.shared import clock


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=int, help="keep this many days instead of TRANSCRIPT_RETENTION_DAYS"
    )


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = args.days if args.days is not None else settings.transcript_retention_days
    if days < 1:
        print("--days must be at least 1")
        return 2
    tracker_engine = make_engine(app_driver_url(settings.resolved_tracker_store_url))
    try:
        with session_scope() as session:
            purged = purge(
                session=session,
                tracker_engine=tracker_engine,
                outbox=settings.outbox_dir,
                log_dir=settings.var_dir / "log",
                now=clock.now(),
                days=days,
            )
    finally:
        tracker_engine.dispose()
    print(
        f"kept {days} days: removed {purged.events} conversation events "
        f"({purged.copied_events} from the dashboard's copy), the transcripts of "
        f"{purged.handoffs} handoffs with {purged.notes} notes, {purged.identity_records} "
        f"identity check records, {purged.mails} outbox mails, {purged.requests} handled "
        f"requests, {purged.login_failures} failed logins, {purged.staff_sessions} expired console "
        f"logins and {purged.log_files} old log files"
    )
    return 0
