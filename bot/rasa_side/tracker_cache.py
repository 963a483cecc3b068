"""Rasa's SQL tracker store, keeping each conversation between turns (issue 32).

Rasa 3.6 reads a conversation at every turn by reading every stored event of its latest
session, decoding each and replaying them all into a new tracker: after 100 turns
(about 700 events) that was the largest part of a turn that grows with the conversation
(docs/benchmarks.md). Here the Rasa process keeps, per conversation, the tracker its last
read made (pickled: a copy is made in a few milliseconds where a replay takes tens) and
reads from the database only the events stored after the last one it has.

What is kept is always what a read from the database made, never the tracker a turn
changed: the next read gets the turn's events from the database as Rasa wrote them, so
the tracker a turn starts with is the one Rasa's own read would make (same events, same
order, same slots). Every read still asks the database, in one query, which also checks
that what is kept is still what is stored:

- the last event it has is still stored, and as many of the conversation's events have an
  id up to it as when it was kept: a conversation deleted (erasure, retention after
  silence) or older sessions removed (retention) makes the whole read happen again;
- a new session started since (a `session_started` among the new events), a new domain
  (another model loaded): the whole read again;
- events another Rasa process (`make run-prod` runs two) stored in between come with the
  query, as any new event does. Event ids only grow (an SQLite rowid above one still
  stored; a PostgreSQL sequence), and a row committed late with a lower id than the last
  one kept changes the count, so it is seen too.

Only the read of the latest session (`retrieve`, each turn's) is kept; the read across
all sessions (`retrieve_full_tracker`, the console's transcripts) is Rasa's. The kept
trackers take at most `MAX_KEPT_BYTES`; the conversations used longest ago go first.
"""

import json
import pickle
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

# about 10 KB for a short conversation, 100 KB after 100 turns
MAX_KEPT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Kept:
    """A conversation's tracker as the last read made it, and what it was made of."""

    tracker: bytes  # pickled
    last_id: int  # the highest id of the stored events read
    stored_up_to_last: int  # how many of the conversation's events had an id ≤ last_id
    session_start: float | None  # the timestamp of the latest session start read
    domain: Domain


class CachingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose `retrieve` reads only what was stored since its last read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._kept_bytes = 0

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._take(sender_id)
        with self.session_scope() as session:
            found = self._read_since(session, sender_id, kept) if kept else None
            if found is None:
                found = self._read_whole(session, sender_id)
        if found is None:
            return None
        tracker, kept = found
        self._keep(sender_id, kept)
        return tracker

    def forget(self, sender_id: str | None = None) -> None:
        """Drop what is kept of one conversation, or of all."""
        if sender_id is None:
            self._kept.clear()
            self._kept_bytes = 0
        else:
            self._take(sender_id)

    def _take(self, sender_id: str) -> Kept | None:
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            self._kept_bytes -= len(kept.tracker)
        return kept

    def _keep(self, sender_id: str, kept: Kept) -> None:
        if len(kept.tracker) > MAX_KEPT_BYTES:
            return
        self._kept[sender_id] = kept
        self._kept_bytes += len(kept.tracker)
        while self._kept_bytes > MAX_KEPT_BYTES:
            _, dropped = self._kept.popitem(last=False)
            self._kept_bytes -= len(dropped.tracker)

    def _read_whole(self, session: Any, sender_id: str) -> tuple[DialogueStateTracker, Kept] | None:
        """Rasa's own read (SQLTrackerStore._retrieve), remembering what it read."""
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        if not (self.domain and rows):
            return None
        tracker = DialogueStateTracker.from_dict(
            sender_id, [json.loads(row.data) for row in rows], self.domain.slots
        )
        last_id = rows[-1].id
        starts = [row.timestamp for row in rows if row.type_name == SessionStarted.type_name]
        kept = Kept(
            tracker=_pickled(tracker),
            last_id=last_id,
            stored_up_to_last=self._count_up_to(session, sender_id, last_id),
            session_start=max(starts) if starts else None,
            domain=self.domain,
        )
        return tracker, kept

    def _read_since(
        self, session: Any, sender_id: str, kept: Kept
    ) -> tuple[DialogueStateTracker, Kept] | None:
        """The kept tracker with the events stored after it; None where it is no longer
        what is stored (see the module's docstring)."""
        if kept.domain is not self.domain:
            return None
        table = self.SQLEvent
        up_to_last = (
            sa.select(sa.func.count(table.id))
            .where(table.sender_id == sender_id, table.id <= kept.last_id)
            .scalar_subquery()
        )
        rows = (
            session.query(table.id, table.type_name, table.timestamp, table.data, up_to_last)
            .filter(table.sender_id == sender_id, table.id >= kept.last_id)
            .order_by(table.id)
            .all()
        )
        if not rows or rows[0][0] != kept.last_id or rows[0][4] != kept.stored_up_to_last:
            return None
        new = rows[1:]
        if any(row.type_name == SessionStarted.type_name for row in new):
            return None
        # bytes this process pickled itself, in its own memory: nothing from outside
        tracker = pickle.loads(kept.tracker)  # noqa: S301
        if not new:
            return tracker, kept
        for event in deserialise_events(
            [json.loads(row.data) for row in new if _in_session(row.timestamp, kept.session_start)]
        ):
            tracker.update(event)
        return tracker, Kept(
            tracker=_pickled(tracker),
            last_id=new[-1].id,
            stored_up_to_last=kept.stored_up_to_last + len(new),
            session_start=kept.session_start,
            domain=kept.domain,
        )

    def _count_up_to(self, session: Any, sender_id: str, last_id: int) -> int:
        table = self.SQLEvent
        return int(
            session.query(sa.func.count(table.id))
            .filter(table.sender_id == sender_id, table.id <= last_id)
            .scalar()
        )


def _in_session(timestamp: float | None, session_start: float | None) -> bool:
    """Rasa's read takes the events stamped at or after the latest session start."""
    return session_start is None or (timestamp is not None and timestamp >= session_start)


def _pickled(tracker: DialogueStateTracker) -> bytes:
    return pickle.dumps(tracker, protocol=pickle.HIGHEST_PROTOCOL)
