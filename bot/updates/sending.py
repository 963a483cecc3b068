"""Sending a run's messages, each once: claimed before it goes, its outcome recorded after.

A message is claimed by inserting its unique key (or by taking back the row of a message
an earlier run failed to send); a run that finds the key taken sends nothing, so a second
run, or two at once, send nothing twice. The claim is one short transaction, which also
records how the message before it went: one transaction a message, not a claim and a
record of their own (issue 33: they cost 30 to 150 ms a message on a loaded machine, most
of it the ORM building statements and sessions). A crash loses at most the message being
sent at that moment (it stays `sending`, never sent twice) and nothing else: the later
ones were not claimed, the earlier ones are recorded.

On PostgreSQL the claims do not wait for the disk (`synchronous_commit` off; the last
transaction of a batch does, and with it every earlier one): the server has them as soon
as they commit, so a crash of the run loses none; only a crash of the database server
itself could lose the last fraction of a second of claims, and a later run would send
those few mails again. Waiting for the disk cost 6 ms a message on this machine."""

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.updates.config import UpdatesConfig
from bot.updates.delivery import Message, Senders, TransientFailure
from bot.updates.models import UpdateMessage
from bot.updates.moments import Due
from bot.updates.notes import Notes

log = logging.getLogger(__name__)
UnitOfWork = Callable[[], AbstractContextManager[Session]]
MESSAGES: Table = UpdateMessage.__table__  # type: ignore[assignment]
# made once: statements built for every message cost milliseconds to compile
RETRY = (
    update(MESSAGES)
    .where(MESSAGES.c.key == bindparam("message_key"), MESSAGES.c.status == "failed")
    .values(status="sending", created_at=bindparam("claimed_at"), reference=bindparam("ref"))
)
RECORD = (
    update(MESSAGES)
    .where(MESSAGES.c.key == bindparam("message_key"))
    .values(
        status=bindparam("outcome"),
        attempts=bindparam("tries"),
        detail=bindparam("why"),
        sent_at=bindparam("sent_on"),
        provider_message_id=bindparam("provider_id"),
    )
)
NO_WAIT = text("SET LOCAL synchronous_commit TO OFF")
CLAIM = {
    dialect: insert(MESSAGES)
    .on_conflict_do_nothing(index_elements=[MESSAGES.c.key])
    .returning(MESSAGES.c.id)
    for dialect, insert in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert))
}


@dataclass
class Planned:
    due: Due
    channel: str  # email | whatsapp | none (no way to reach them)
    to: str
    message: Message | None = None  # let go once sent (a dry run: once composed)
    notes: list[int] = field(default_factory=list)  # "wij deden" notes it tells


@dataclass
class Report:
    planned: list[Planned] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    taken: int = 0  # claimed by another run, or sent before
    deferred: int = 0  # WhatsApp in the quiet hours
    expired: int = 0  # open offers whose answer date passed, marked expired


@dataclass(frozen=True)
class Outcome:
    item: Planned
    status: str  # sent | failed
    attempts: int
    detail: str
    provider_id: str | None


@dataclass
class Ledger:
    """The messages' rows: a claim before each message, its outcome with the next claim."""

    unit_of_work: UnitOfWork
    notes: Notes
    now: datetime
    unsaved: Outcome | None = None

    def claim(self, item: Planned) -> bool:
        """Takes the message's key: a new row, or one an earlier run failed to send. One
        statement each, so that of two runs at once exactly one wins."""
        with self.unit_of_work() as session:
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                connection.execute(NO_WAIT)
            self._save(session)
            taken = _take(session, item, self.now)
        self.unsaved = None
        return taken

    def record(self, outcome: Outcome) -> None:
        self.unsaved = outcome

    def close(self) -> None:
        """Records the last outcome, and makes every earlier one durable with it."""
        if self.unsaved is not None:
            with self.unit_of_work() as session:
                self._save(session)
            self.unsaved = None

    def _save(self, session: Session) -> None:
        outcome = self.unsaved
        if outcome is None:
            return
        item, sent = outcome.item, outcome.status == "sent"
        session.connection().execute(
            RECORD,
            {
                "message_key": item.due.key,
                "outcome": outcome.status,
                "tries": outcome.attempts,
                "why": outcome.detail[:255],
                "sent_on": self.now if sent else None,
                "provider_id": outcome.provider_id,
            },
        )
        if sent and item.notes:
            self.notes.told(session, item.due.number, item.notes, self.now)


def _take(session: Session, item: Planned, now: datetime) -> bool:
    connection = session.connection()
    reference = item.message.reference if item.message else None
    row: dict[str, Any] = {
        "key": item.due.key,
        "registration_number": item.due.number,
        "moment": item.due.moment,
        "channel": item.channel,
        "status": "sending",
        "attempts": 0,
        "created_at": now,
        "detail": "",
        "reference": reference,
    }
    if connection.execute(CLAIM[connection.dialect.name], row).first() is not None:
        return True
    retried = connection.execute(
        RETRY, {"message_key": item.due.key, "claimed_at": now, "ref": reference}
    )
    return retried.rowcount == 1


@dataclass
class Sending:
    """The sending side of a run: the senders, the pace per channel, the quiet hours."""

    senders: Senders
    config: UpdatesConfig
    sleep: Callable[[float], None]
    quiet: bool
    last_sent: dict[str, float] = field(default_factory=dict)

    def send(self, planned: list[Planned], ledger: Ledger, report: Report) -> set[str]:
        """Sends a batch's messages; the registrations whose news is not out yet (WhatsApp
        in the quiet hours, a failure): they keep their baseline."""
        waiting: set[str] = set()
        try:
            for item in planned:
                if item.channel != "none" and item.message is not None:
                    self._deliver(item, ledger, report, waiting)
                item.message = None  # sent or not: the report keeps who gets what
        finally:
            ledger.close()
        return waiting

    def _deliver(self, item: Planned, ledger: Ledger, report: Report, waiting: set[str]) -> None:
        if item.channel == "whatsapp" and self.quiet:
            report.deferred += 1
            waiting.add(item.due.number)
            return
        if not ledger.claim(item):
            report.taken += 1
            return
        self._pace(item.channel)
        outcome = self._send(item)
        ledger.record(outcome)
        report.sent += outcome.status == "sent"
        report.failed += outcome.status == "failed"
        if outcome.status == "failed":
            waiting.add(item.due.number)

    def _pace(self, channel: str) -> None:
        interval = 60.0 / max(1, self.config.per_minute.get(channel, 60))
        wait = self.last_sent.get(channel, 0.0) + interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self.last_sent[channel] = time.monotonic()

    def _send(self, item: Planned) -> Outcome:
        assert item.message is not None
        send = self.senders.email if item.channel == "email" else self.senders.whatsapp
        detail = ""
        retries = self.config.retries
        for attempt in range(1, retries + 1):
            try:
                return Outcome(item, "sent", attempt, "", send(item.to, item.message))
            except TransientFailure as failure:
                moment = item.due.moment
                log.warning("update %s attempt %d failed: %s", moment, attempt, failure.kind)
                if attempt < retries:
                    self.sleep(2 ** (attempt - 1))
                detail = failure.kind
            except Exception as error:  # a permanent refusal: recorded, not retried
                log.error("update %s failed: %s", item.due.moment, type(error).__name__)
                return Outcome(item, "failed", attempt, type(error).__name__, None)
        return Outcome(item, "failed", retries, detail, None)
