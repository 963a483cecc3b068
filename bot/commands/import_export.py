"""Import the planning system's CSV export (locations, groups, placements, registrations,
offers).

One import is one transaction: with any bad row nothing is imported and every bad row is
listed with its line and reason. Afterwards the estimates are computed again, and parents'
requests the import shows as carried out are closed (the parent gets an e-mail)."""

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.orm import Session
from tqdm import tqdm

from bot.db.session import session_scope
from bot.parent_requests.planning import close_reflected
from bot.settings import get_settings
from bot.shared import clock
from bot.updates.preferences import chat_language
from bot.waitlist.csv_rows import Row
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import ImportRejected, import_directory

LARGE = 10_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, help="folder with the CSV files")


def progress(rows: Iterable[Row], label: str, total: int) -> Iterable[Row]:
    """A progress bar on stderr for large files (only on a terminal)."""
    return tqdm(
        rows, desc=label, total=total, unit=" rows", disable=None if total > LARGE else True
    )


def chat_languages(session: Session) -> Callable[[str], str | None]:
    """The language each registration's parent chats in, for the requests an import closes."""
    return lambda number: chat_language(session=session, number=number)


def by_mail_only(_sender_id: str, _text: str) -> bool:
    """An import runs apart from the chats: outcomes go by e-mail."""
    return False


def run(args: argparse.Namespace) -> int:
    try:
        with session_scope() as session:
            summary = import_directory(session=session, directory=args.directory, progress=progress)
            estimated = run_estimates(session=session, today=clock.today())
            session.info.pop("registrations", None)  # read again, as imported
            closed = close_reflected(
                session=session,
                now=clock.now(),
                chat=by_mail_only,
                settings=get_settings(),
                language_of=chat_languages(session),
            )
    except ImportRejected as rejected:
        print(f"Nothing was imported: {len(rejected.problems)} problem(s).", file=sys.stderr)
        for problem in rejected.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for name in summary.inserted:
        print(f"{name}: {summary.inserted[name]} new, {summary.updated[name]} updated")
    print(f"estimates computed for {estimated} waiting registrations")
    if closed:
        print(f"{len(closed)} parents' requests carried out: closed, parents told by e-mail")
    return 0
