"""Export or erase everything held about one family (AVG): by registration number or
parent e-mail. Both are written to the audit log.

Erasure cannot be undone, so it first names the registrations it found and runs only when
they are confirmed by number: typed at the prompt, or given with `--confirm` in a script
(`--yes` stands for that only with `--number`, which names the registration already)."""

import argparse
import getpass
import re
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from bot.db.session import make_engine, session_scope
from bot.db.tracker_store import app_driver_url
from bot.privacy.family import (
    Family,
    FamilyNotFound,
    NotConfirmed,
    as_json,
    confirm,
    erase,
    export,
    find_family,
)
from bot.settings import get_settings
from bot.shared import clock
from bot.staff import audit
from bot.waitlist.queries import find_registration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["export", "erase"])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--number", help="registration number, e.g. INS-123456")
    which.add_argument("--email", help="a parent's exact e-mail address (all their registrations)")
    parser.add_argument("--out", type=Path, help="export: write to this file (default: stdout)")
    parser.add_argument(
        "--confirm",
        metavar="NUMBERS",
        help="erase: the registration numbers to erase (comma-separated) instead of the "
        "prompt; nothing is erased unless they are exactly the ones found",
    )
    parser.add_argument(
        "--yes", action="store_true", help="erase: confirm the --number given, without the prompt"
    )


def run(args: argparse.Namespace) -> int:
    if args.action == "erase" and args.yes and not args.number and not args.confirm:
        print("--yes confirms a --number only; with --email use --confirm", file=sys.stderr)
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
                print(describe(session, family))
                try:
                    confirm(family, re.split(r"[\s,;]+", given_numbers(args).strip()))
                except NotConfirmed as error:
                    print(error, file=sys.stderr)
                    return 1
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


def describe(session: Session, family: Family) -> str:
    """What erasure would reach, for the person who confirms it: each registration with
    its child and parents, and the conversations it leaves for a person to review."""
    lines = ["erase everything held about:"]
    for number in family.numbers:
        registration = find_registration(session=session, number=number)
        assert registration is not None
        child = registration.child
        parents = ", ".join(p.email or p.phone or "?" for p in child.parents)
        lines.append(f"  {number}: {child.first_name} ({child.birth_date}), parents {parents}")
    lines.append(f"  {len(family.conversations)} conversations of the family")
    if family.unverified:
        lines.append(
            f"kept: {len(family.unverified)} conversations that name a number without passing "
            f"the identity check (not the family's; review them): {', '.join(family.unverified)}"
        )
    return "\n".join(lines)


def given_numbers(args: argparse.Namespace) -> str:
    """The numbers that confirm the erasure: --confirm, --number with --yes, or typed."""
    if args.confirm:
        return str(args.confirm)
    if args.yes:
        return str(args.number)
    try:
        return input("type the registration numbers to erase (Enter: cancel): ")
    except EOFError:
        return ""
