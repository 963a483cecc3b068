"""Proactive updates to waiting parents: `send [--dry-run]` (for cron; `make run` runs it
on a schedule), `check` (the updates file), `consent` / `opt-out` for one registration."""

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from bot.db.session import session_scope
from bot.settings import get_settings
from bot.updates import job
from bot.updates.config import DEFAULT_FILE, UpdatesConfigError, load
from bot.updates.delivery import senders
from bot.updates.models import UpdatePreference
from bot.waitlist.queries import find_registration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    send = sub.add_parser("send", help="send what is due now")
    send.add_argument("--dry-run", action="store_true", help="print who would get what")
    sub.add_parser("check", help="check the updates file")
    for name, what in (("consent", "record consent"), ("opt-out", "stop updates")):
        choice = sub.add_parser(name, help=f"{what} for one registration")
        choice.add_argument("number")
        choice.add_argument("--channel", choices=["email", "whatsapp"], required=True)


def updates_file() -> Path:
    configured = get_settings().updates_file
    return Path(configured) if configured else DEFAULT_FILE


def run(args: argparse.Namespace) -> int:
    try:
        config = load(updates_file())
    except UpdatesConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.action == "check":
        print(f"{updates_file()}: ok")
        return 0
    if args.action in ("consent", "opt-out"):
        return choose(args.number.strip().upper(), args.channel, args.action)
    settings = get_settings()
    report = job.run(
        unit_of_work=session_scope,
        settings=settings,
        config=config,
        senders=senders(settings),
        now=datetime.now(timezone.utc),
        dry_run=args.dry_run,
    )
    if args.dry_run:
        for item in report.planned:
            to = item.to or "(no address or opted out)"
            print(f"{item.due.number}  {item.due.moment:15} {item.channel:9} {to}")
        print(f"{len(report.planned)} updates due")
        return 0
    print(
        f"sent {report.sent}, failed {report.failed}, already sent {report.taken}, "
        f"WhatsApp held for the quiet hours {report.deferred}"
    )
    return 1 if report.failed else 0


def choose(number: str, channel: str, action: str) -> int:
    now = datetime.now(timezone.utc)
    with session_scope() as session:
        if find_registration(session=session, number=number) is None:
            print(f"error: no registration {number}", file=sys.stderr)
            return 1
        preference = session.get(UpdatePreference, number) or UpdatePreference(
            registration_number=number
        )
        session.add(preference)
        if action == "consent":
            if channel == "email":
                preference.email_consent_at, preference.email_opt_out_at = now, None
            else:
                preference.whatsapp_opt_in_at, preference.whatsapp_opt_out_at = now, None
        elif channel == "email":
            preference.email_opt_out_at = now
        else:
            preference.whatsapp_opt_out_at = now
    print(f"{number}: {action} {channel} recorded")
    return 0
