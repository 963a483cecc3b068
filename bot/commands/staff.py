"""Manage staff console accounts: `staff add EMAIL --role agent|admin|management`."""

import argparse
import getpass
import sys

from bot import clock
from bot.db.session import session_scope
from bot.staff.accounts import AccountError, create_account
from bot.staff.models import ROLES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="staff_command", required=True)
    add = sub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", default="", help="shown to parents when joining a chat")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Repeat the password: "):
        raise AccountError("the passwords differ")
    return password


def run(args: argparse.Namespace) -> int:
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
