"""Export or erase everything held about one family (AVG): by registration number or
parent e-mail. Both are written to the audit log."""

import argparse
import getpass
import sys
from pathlib import Path

from bot import clock
from bot.db.session import make_engine, session_scope
from bot.privacy.family import FamilyNotFound, as_json, erase, export, find_family
from bot.settings import get_settings
from bot.staff import audit
from bot.tracker_events import app_driver_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["export", "erase"])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--number", help="registration number, e.g. INS-123456")
    which.add_argument("--email", help="a parent's e-mail address (all their registrations)")
    parser.add_argument("--out", type=Path, help="export: write to this file (default: stdout)")
    parser.add_argument("--yes", action="store_true", help="erase: do it (nothing asks again)")


def run(args: argparse.Namespace) -> int:
    if args.action == "erase" and not args.yes:
        print("erase removes the family's conversations for good: add --yes", file=sys.stderr)
        return 2
    settings = get_settings()
    tracker = make_engine(app_driver_url(settings.resolved_tracker_store_url))
    try:
        with session_scope() as session:
            try:
                family = find_family(
                    session=session, tracker=tracker, number=args.number, parent_email=args.email
                )
            except FamilyNotFound as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            now = clock.now()
            where = {"session": session, "tracker": tracker, "outbox": settings.outbox_dir}
            if args.action == "export":
                text = as_json(export(**where, family=family))
            else:
                erased = erase(**where, family=family, now=now)
            audit.record(
                session=session,
                staff=None,
                email=f"cli:{getpass.getuser()}",
                action=f"family_{args.action}",
                ip="cli",
                now=now,
                detail=",".join(family.numbers),
            )
    finally:
        tracker.dispose()
    if args.action == "erase":
        print(
            f"erased for {', '.join(family.numbers)}: {erased.conversations} conversations "
            f"({erased.events} events), the content of {erased.handoffs} handoffs, "
            f"{erased.requests} requests, {erased.identity_records} identity check records, "
            f"{erased.mails} outbox mails; the registration stays (erase it in the planning "
            "system) and so does the audit log"
        )
    elif args.out:
        args.out.touch(mode=0o600)  # personal data: readable by its owner only
        args.out.write_text(text, encoding="utf-8")
        print(f"written to {args.out}")
    else:
        print(text)
    return 0
