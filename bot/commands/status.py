"""Show a registration: status, next step, offer estimate with its reasons and what-ifs."""

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from bot.conversation.explain import describe_estimate
from bot.db.session import session_scope
from bot.shared import clock
from bot.waitlist.numbers import normalize_registration_number
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.position import positions
from bot.waitlist.queries import find_registration
from bot.waitlist.status import registration_status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", help="registration number, e.g. INS-004217")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    number = normalize_registration_number(args.number)
    if number is None:
        print(f"'{args.number}' is not a registration number (INS-######)", file=sys.stderr)
        return 2
    today = clock.today()
    with session_scope() as session:
        status = registration_status(session=session, number=number, today=today)
        if status is None:
            print(f"{number}: no such registration", file=sys.stderr)
            return 1
        estimate = estimate_offer(session=session, number=number, today=today)
        born = find_registration(session=session, number=number).child.birth_date
        ranks = positions(session=session, number=number) or []
    if args.json:
        document: dict[str, Any] = {
            "status": asdict(status),
            "estimate": asdict(estimate),
            "positions": [asdict(p) for p in ranks],
        }
        print(json.dumps(document, default=str, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{status.number}  {status.child_first_name}  {status.care_type}  status: {status.status}"
    )
    print(f"  days: {', '.join(status.weekdays)}   locations: {', '.join(status.location_names)}")
    print(f"  child born: {born}   desired start: {status.desired_start_date}")
    print(f"  registered: {status.registered_on}")
    if status.open_offer:
        offer = status.open_offer
        print(
            f"  open offer: {offer.location_name} from {offer.start_date},"
            f" reply by {offer.respond_by}"
        )
    print(f"  next step: {status.next_step}")
    for position in ranks:
        print(f"  position {position.position} at {position.location_name} on {position.weekday}")
    print()
    print("\n\n".join(describe_estimate(estimate)))
    return 0
