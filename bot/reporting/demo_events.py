"""A year of made-up conversations in the dashboard's copy of the events
(conversation_events, bot/reporting/models.py), to go with the demo export
(bot/waitlist/demo.py) in the benchmarks: the dashboard's figures over a national chain's
year of chats.

A conversation is a session start, for most the identity slot set to a demo
registration, one to four parent messages (some buttons, some not understood, with their
text) and often a goal reached and the rating question's answer; some parents come back
in a new session weeks later (what `purge` keeps of a conversation depends on it).
Written as CSV in the table's own columns, row by row as made, and loaded with
PostgreSQL's COPY (SQLite: bulk inserts in batches), so five million events never sit in
memory. Seeded: the same arguments give the same rows.
"""

import csv
import hashlib
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import ASKED, NO, YES, goal
from bot.reporting.models import IDENTITY, MESSAGE, OUTCOME, SESSION, ConversationEvent

COLUMNS = (
    "key",
    "sender_id",
    "kind",
    "timestamp",
    "channel",
    "intent",
    "confidence",
    "button",
    "text",
    "registration_number",
)
CHANNELS = {"website": 55, "whatsapp": 35, "messenger": 10}
INTENTS = {
    "ask_placement_status": 30,
    "ask_response_time": 12,
    "ask_waitlist_position": 15,
    "ask_availability": 12,
    "change_registration": 6,
    "greet": 10,
    "thank": 8,
    "goodbye": 7,
}
ANSWERED = ("ask_placement_status", "ask_response_time", "ask_waitlist_position")
NOT_UNDERSTOOD = (
    "kan ik mijn kind ook op zaterdag brengen",
    "wat kost een dag opvang",
    "hoe zit het met de toeslag",
    "mag de oppas mijn kind ophalen",
    "is er een wachtlijst voor de zomer",
)
BATCH = 10_000


def demo_event_rows(
    count: int, registrations: int, today: date, seed: int = 7
) -> Iterator[tuple[Any, ...]]:
    """`count` events of conversations spread over the year before `today` (office time),
    naming registrations INS-000001 … of a demo export with `registrations` of them."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    zone = ZoneInfo("Europe/Amsterdam")
    first = datetime.combine(today - timedelta(days=365), time(7), zone).timestamp()
    channels, channel_weights = zip(*CHANNELS.items(), strict=True)
    intents, intent_weights = zip(*INTENTS.items(), strict=True)
    made = 0
    conversation = 0
    while made < count:
        conversation += 1
        sender = f"demo-{conversation:09d}"
        day = rng.randrange(365)
        at = first + day * 86400 + rng.uniform(0, 14 * 3600)  # 7:00 to 21:00
        channel = rng.choices(channels, channel_weights)[0]
        rows: list[tuple[Any, ...]] = [(SESSION, at, None, None, None, None, None, None)]
        if rng.random() < 0.7:
            number = f"INS-{rng.randint(1, registrations) % 1_000_000:06d}"
            rows.append((IDENTITY, at + 1, None, None, None, None, None, number))
        answered = False
        for turn in range(rng.choice((1, 2, 2, 3, 4))):
            moment = at + 5 + turn * 20
            if rng.random() < 0.08:
                text = rng.choice(NOT_UNDERSTOOD)
                rows.append((MESSAGE, moment, channel, "nlu_fallback", 0.3, False, text, None))
                continue
            intent = rng.choices(intents, intent_weights)[0]
            button = rng.random() < 0.2
            confidence = round(rng.uniform(0.6, 1.0), 3)
            rows.append((MESSAGE, moment, channel, intent, confidence, button, None, None))
            if intent in ANSWERED and not answered:
                answered = True
                rows.append((OUTCOME, moment + 2, channel, goal(intent), None, None, None, None))
        if answered and rng.random() < 0.5:
            rows.append((OUTCOME, at + 100, channel, ASKED, None, None, None, None))
            answer = YES if rng.random() < 0.75 else NO
            rows.append((OUTCOME, at + 110, channel, answer, None, None, None, None))
        again = at + rng.randint(1, 60) * 86400
        if rng.random() < 0.15 and again < first + 365 * 86400 - 60:  # back, weeks later
            intent = rng.choices(intents, intent_weights)[0]
            rows.append((SESSION, again, None, None, None, None, None, None))
            rows.append((MESSAGE, again + 5, channel, intent, 0.9, False, None, None))
        for index, (kind, moment, *rest) in enumerate(rows[: count - made]):
            key = hashlib.sha256(f"{sender}/{index}".encode()).hexdigest()
            yield (key, sender, kind, round(moment, 6), *rest)
        made += min(len(rows), count - made)


def write_demo_events(path: Path, count: int, registrations: int, today: date) -> None:
    """The rows of `demo_event_rows` as CSV with a header (an empty field is NULL)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in demo_event_rows(count, registrations, today):
            writer.writerow(_csv_value(value) for value in row)


def load_demo_events(session: Session, path: Path) -> int:
    """Adds the events of a file `write_demo_events` wrote; the number added."""
    if session.get_bind().dialect.name == "postgresql":
        return _copy(session, path)
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        while batch := [_typed(record) for record in islice(reader, BATCH)]:
            session.execute(insert(ConversationEvent), batch)
            added += len(batch)
    return added


def _copy(session: Session, path: Path) -> int:
    """COPY … FROM STDIN in blocks of a megabyte, in the session's transaction."""
    connection = session.connection().connection.driver_connection
    statement = (
        f"COPY {ConversationEvent.__tablename__} ({', '.join(COLUMNS)}) "
        "FROM STDIN WITH (FORMAT csv, HEADER true)"
    )
    with connection.cursor() as cursor:
        with cursor.copy(statement) as copy, path.open("rb") as handle:
            while block := handle.read(1 << 20):
                copy.write(block)
        return cursor.rowcount


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _typed(record: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {c: (v or None) for c, v in zip(COLUMNS, record, strict=True)}
    row["timestamp"] = float(record[3])
    row["confidence"] = float(record[6]) if record[6] else None
    row["button"] = record[7] == "true" if record[7] else None
    return row
