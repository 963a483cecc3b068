"""The edits in force, as every process reads them: the newest edit of each (kind, name),
read again once the snapshot is older than a few seconds, so a change made in the console
reaches the action server, the console and the updates job without a restart.

A process turns this on at its start (`enable`); until then, and in unit tests, nothing is
overridden and every default applies. A database that cannot be read keeps the last
snapshot: an unreachable table must not silence the assistant.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.edits.models import BUTTON, CADENCE, CLOSURE, FACT, KEYWORDS, MAIL, OFFICE, TEXT, Edit

log = logging.getLogger(__name__)

# how old a snapshot may be: a parent sees an edit at most this long after it was saved
MAX_AGE_SECONDS = 2.0

UnitOfWork = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Overrides:
    """What head office changed; empty parts leave the defaults in force."""

    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, variant): text
    mails: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, variant): text
    office: dict[str, str] = field(default_factory=dict)  # opens, closes, days
    closures: dict[date, str] = field(default_factory=dict)  # day: reason
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic: keywords
    cadence_months: int | None = None
    buttons: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, nl|en): title
    facts: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, nl|en): fact

    def words(self) -> dict[tuple[str, str], str]:
        """The texts, button titles and facts, keyed as bot/conversation/texts.py reads
        them (`override_key`)."""
        return {
            **self.texts,
            **{(texts.BUTTON + key, lang): title for (key, lang), title in self.buttons.items()},
            **{(texts.FACT + key, lang): fact for (key, lang), fact in self.facts.items()},
        }


NONE = Overrides()


def in_force(session: Session) -> Overrides:
    """The newest edit of each (kind, name), folded into overrides."""
    newest = select(func.max(Edit.id)).group_by(Edit.kind, Edit.name).scalar_subquery()
    rows = session.scalars(select(Edit).where(Edit.id.in_(newest)).order_by(Edit.id))
    kinds = (TEXT, MAIL, OFFICE, CLOSURE, KEYWORDS, CADENCE, BUTTON, FACT)
    found: dict[str, dict] = {kind: {} for kind in kinds}
    for edit in rows:
        if edit.value is None:
            continue
        if edit.kind in (TEXT, MAIL, BUTTON, FACT):
            key, _, form = edit.name.rpartition(".")
            found[edit.kind][(key, form)] = edit.value
        elif edit.kind == OFFICE:
            found[OFFICE].update(json.loads(edit.value))
        elif edit.kind == CLOSURE:
            found[CLOSURE][date.fromisoformat(edit.name)] = edit.value
        elif edit.kind == KEYWORDS:
            found[KEYWORDS][edit.name] = tuple(json.loads(edit.value))
        elif edit.kind == CADENCE:
            found[CADENCE][edit.name] = int(edit.value)
    return Overrides(
        texts=found[TEXT],
        mails=found[MAIL],
        office=found[OFFICE],
        closures=found[CLOSURE],
        keywords=found[KEYWORDS],
        cadence_months=found[CADENCE].get("months"),
        buttons=found[BUTTON],
        facts=found[FACT],
    )


class _Live:
    def __init__(self, unit_of_work: UnitOfWork, max_age: float) -> None:
        self.unit_of_work, self.max_age = unit_of_work, max_age
        self.snapshot, self.read_at = NONE, float("-inf")
        self.lock = threading.Lock()

    def current(self) -> Overrides:
        with self.lock:
            if time.monotonic() - self.read_at >= self.max_age:
                self.read_at = time.monotonic()
                try:
                    with self.unit_of_work() as session:
                        self.snapshot = in_force(session)
                except SQLAlchemyError as error:
                    log.warning("edits not read, keeping the last: %s", type(error).__name__)
            return self.snapshot

    def expire(self) -> None:
        with self.lock:
            self.read_at = float("-inf")


_live: _Live | None = None


def enable(unit_of_work: UnitOfWork, max_age: float = MAX_AGE_SECONDS) -> None:
    """Read the edits from the database of `unit_of_work` from now on, in this process."""
    global _live
    _live = _Live(unit_of_work, max_age)
    texts.use_overrides(lambda: current().words())


def disable() -> None:
    """Back to the defaults only (tests)."""
    global _live
    _live = None
    texts.use_overrides(None)


def current() -> Overrides:
    """The overrides in force in this process (none until `enable`)."""
    return _live.current() if _live else NONE


def expire() -> None:
    """Read again at the next use: this process just made an edit."""
    if _live:
        _live.expire()
