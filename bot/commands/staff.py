"""Manage staff console accounts: `staff add EMAIL --role agent|admin|management`, and
`staff reset-second-factor EMAIL` for an admin who lost both the authenticator app and the
recovery codes when no other admin can reset it in the console."""

import argparse
import getpass
import sys

from sqlalchemy import select

from bot.db.session import session_scope
from bot.shared import clock
from bot.staff import audit, second_factor, sessions
from bot.staff.accounts import AccountError, create_account, normalize_email
from bot.staff.models import ROLES, StaffAccount


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="staff_command", required=True)
    add = sub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", default="", help="shown to parents when joining a chat")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    reset = sub.add_parser(
        "reset-second-factor",
        help="remove an account's second factor and end its sessions (set up anew at sign-in)",
    )
    reset.add_argument("email")


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Repeat the password: "):
        raise AccountError("the passwords differ")
    return password


def reset_second_factor(email: str) -> None:
    now = clock.now()
    with session_scope() as session:
        address = normalize_email(email)
        account = session.scalar(select(StaffAccount).where(StaffAccount.email == address))
        if account is None:
            raise AccountError(f"no account for {address}")
        second_factor.reset(session=session, account=account)
        sessions.end_all(session=session, staff_id=account.id, now=now)
        audit.record(
            session=session,
            staff=None,
            email="command line",
            action="second_factor_reset",
            ip="command line",
            now=now,
            detail=account.email,
        )
        print(f"second factor of {account.email} removed; it is set up anew at the next sign-in")


def run(args: argparse.Namespace) -> int:
    if args.staff_command == "reset-second-factor":
        try:
            reset_second_factor(args.email)
        except AccountError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    try:
        password = read_password(args.password_stdin)
        with session_scope() as session:
            account = create_account(
                session=session,
                email=args.email,
                password=password,
                role=args.role,
                name=args.name,
                now=clock.now(),
            )
            print(f"created {account.role} account {account.email}")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
