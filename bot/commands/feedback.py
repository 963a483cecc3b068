"""Parents' feedback: `named NUMBER` records that the parent agreed to be named with their
feedback in the answers' export; `anonymous NUMBER` withdraws it (both audited)."""

import argparse
import sys

from bot.db.session import session_scope
from bot.feedback.naming import set_named
from bot.shared import clock
from bot.waitlist.queries import find_registration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    for name, what in (
        ("named", "the parent agreed to be named with their feedback"),
        ("anonymous", "the parent withdrew that: their feedback is exported anonymised"),
    ):
        choice = sub.add_parser(name, help=what)
        choice.add_argument("number")


def run(args: argparse.Namespace) -> int:
    with session_scope() as session:
        registration = find_registration(session=session, number=args.number)
        if registration is None:
            print(f"error: no registration {args.number.strip()}", file=sys.stderr)
            return 1
        number = registration.number  # as the planning system writes it ("ins 004217")
        set_named(
            session=session,
            number=number,
            named=args.action == "named",
            by="beheer (opdrachtregel)",
            ip="cli",
            now=clock.now(),
        )
    print(f"{number}: {args.action} recorded")
    return 0
