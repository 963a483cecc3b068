"""Every dashboard figure against the same figure computed here from the month of
conversations the test wrote itself: into Rasa's events table as Rasa stores them, and as
handoffs and audit entries as the bot and the console store them."""

import json
import random
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from bot.db.tracker_store import READ_AGAIN, rasa_events
from bot.handoff.models import Handoff
from bot.reporting.backfill import backfill
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.sources import Conversations, EventTableSource, TrackerStoreSource
from bot.staff.models import AuditEntry
from bot.updates.models import UpdateMessage, UpdatePreference
from tests.support.accounts import staff

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
CHANNELS = ("website", "whatsapp", "messenger")
INTENTS = ("ask_placement_status", "ask_availability", "ask_costs", "greet")
QUESTIONS = ("hoe lang nog", "mag de hond mee naar binnen", "waar kan ik parkeren")
MISSED = ("wat is de kleur van de lucht", "Wat is de kleur van de lucht?", "blub blub")


@dataclass
class Written:
    """What the test wrote, as plain records: the expected figures come from these."""

    messages: list[tuple[str, datetime, str, str, float, str]] = field(default_factory=list)
    handoffs: list[dict] = field(default_factory=list)


def user_event(
    sender: str,
    at: datetime,
    channel: str,
    intent: str,
    confidence: float,
    text: str,
    read_again: bool = False,
):
    data = {
        "event": "user",
        "timestamp": at.timestamp(),
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []},
        "input_channel": channel,
        "metadata": {READ_AGAIN: True} if read_again else {},
    }
    return {
        "sender_id": sender,
        "type_name": "user",
        "timestamp": at.timestamp(),
        "intent_name": intent,
        "data": json.dumps(data),
    }


def write_month(session: Session, tracker_engine: Engine) -> Written:
    rng = random.Random(2026)
    agent = staff(session)
    written = Written()
    rows = []
    for n in range(60):
        channel = rng.choice(CHANNELS)
        sender = f"{channel}:{n}"
        # one day before the month, days inside it, a second session a few days later
        day = FIRST + timedelta(days=rng.randrange(-2, 31))
        sessions = [day] + ([day + timedelta(days=rng.randrange(1, 5))] if n % 4 == 0 else [])
        for session_day in sessions:
            at = datetime.combine(session_day, datetime.min.time(), AMSTERDAM) + timedelta(
                hours=rng.randrange(0, 24), minutes=rng.randrange(60)
            )
            for turn in range(rng.randrange(1, 4)):
                if rng.random() < 0.15:
                    intent, confidence, text = "nlu_fallback", 0.3, rng.choice(MISSED)
                else:
                    intent = rng.choice(INTENTS)
                    confidence, text = rng.choice((0.95, 0.4)), QUESTIONS[turn]
                moment = at + timedelta(minutes=turn)
                rows.append(user_event(sender, moment, channel, intent, confidence, text))
                if intent == "nlu_fallback" and n % 2 == 0:
                    # the bot read it again as the meaning the parent chose: counted once
                    again = user_event(sender, moment, channel, "ask_costs", 1.0, text, True)
                    rows.append(again)
                written.messages.append((sender, moment, channel, intent, confidence, text))
            rows.append(  # the bot's answer: not a parent's message
                {
                    "sender_id": sender,
                    "type_name": "bot",
                    "intent_name": None,
                    "timestamp": at.timestamp() + 1,
                    "data": json.dumps({"event": "bot", "text": "antwoord"}),
                }
            )
        if n % 3 == 0:
            created = (
                datetime.combine(day, datetime.min.time(), AMSTERDAM) + timedelta(hours=23)
            ).astimezone(timezone.utc)  # stored as the console stores it (clock.now(): UTC)
            record = {
                "sender": sender,
                "channel": channel,
                "reason": rng.choice(("request_human", "complaint", "fallback")),
                "office_open": n % 2 == 0,
                "created": created,
                "reply": created + timedelta(minutes=rng.randrange(1, 90)) if n % 5 else None,
                "claimed": created + timedelta(minutes=1),
                "closed": created + timedelta(minutes=rng.randrange(95, 300)),
                "score": rng.choice((None, 1, 3, 4, 5)),
            }
            written.handoffs.append(record)
            handoff = Handoff(
                sender_id=sender,
                channel=channel,
                reason=record["reason"],
                status="closed",
                summary="",
                context={},
                office_open=record["office_open"],
                created_at=created,
                claimed_at=record["claimed"],
                closed_at=record["closed"],
                assigned_to_id=agent.id,
                satisfaction=record["score"],
                satisfaction_comment="snel geholpen, bel 0612345678" if record["score"] else None,
            )
            session.add(handoff)
            session.flush()
            if record["reply"]:
                for extra in (0, 7):  # only the first reply counts
                    session.add(
                        AuditEntry(
                            at=record["reply"] + timedelta(minutes=extra),
                            staff_id=agent.id,
                            staff_email=agent.email,
                            action="reply",
                            handoff_id=handoff.id,
                            ip="127.0.0.1",
                        )
                    )
    session.flush()
    with tracker_engine.begin() as connection:
        connection.execute(insert(rasa_events), rows)
    return written


def in_month(moment: datetime) -> bool:
    return FIRST <= moment.astimezone(AMSTERDAM).date() <= LAST


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def source(kind: str, session: Session, tracker_engine: Engine) -> Conversations:
    """The tracker store, or the dashboard's copy of it (as the event broker's consumer
    fills it: the same events, the same keys)."""
    if kind == "tracker store":
        return TrackerStoreSource(tracker_engine)
    backfill(session, tracker_engine, since=0)
    return EventTableSource(session)


@pytest.mark.parametrize("kind", ["tracker store", "event table"])
@pytest.mark.parametrize("channel", [None, "whatsapp"])
def test_every_figure_matches_an_independent_count(
    db_session: Session, tracker_engine: Engine, channel: str | None, kind: str
) -> None:
    written = write_month(db_session, tracker_engine)
    report = dashboard(
        session=db_session,
        conversations=source(kind, db_session, tracker_engine),
        wanted=ReportFilter(FIRST, LAST, channel=channel),
    )

    messages = [m for m in written.messages if in_month(m[1]) and channel in (None, m[2])]
    firsts: dict[str, tuple] = {}
    for message in sorted(messages, key=lambda m: m[1]):
        firsts.setdefault(message[0], message)
    expected_days = Counter(
        (m[1].astimezone(AMSTERDAM).date().isoformat(), m[2]) for m in firsts.values()
    )
    assert report.conversations == len(firsts)
    assert {(d["day"], d["channel"]): d["count"] for d in report.per_day} == expected_days

    handoffs = [
        h for h in written.handoffs if in_month(h["created"]) and channel in (None, h["channel"])
    ]
    assert report.handed_to_staff == len({h["sender"] for h in handoffs})
    assert report.answered_by_bot == len(set(firsts) - {h["sender"] for h in handoffs})
    assert report.handoff_reasons == dict(Counter(h["reason"] for h in handoffs))
    for when, is_open in (("office", True), ("outside", False)):
        group = [h for h in handoffs if h["office_open"] is is_open]
        replies = [(h["reply"] - h["created"]).total_seconds() / 60 for h in group if h["reply"]]
        handling = [(h["closed"] - h["claimed"]).total_seconds() / 60 for h in group]
        assert report.first_reply_minutes[when] == median(replies)
        assert report.handling_minutes[when] == median(handling)

    scores = [h["score"] for h in handoffs if h["score"] is not None]
    commented = sorted(
        ((h["closed"], h["score"]) for h in handoffs if h["score"] is not None),
        reverse=True,
    )
    assert [c["score"] for c in report.csat_comments] == [s for _, s in commented][:50]
    assert {c["comment"] for c in report.csat_comments} <= {"snel geholpen, bel 0600000000"}
    assert report.csat_count == len(scores)
    assert report.csat_average == (round(statistics.fmean(scores), 2) if scores else None)
    assert sum(d["count"] for d in report.csat_per_day) == len(scores)

    typed = [m for m in messages]
    assert report.top_intents == [
        {"intent": i, "count": c} for i, c in Counter(m[3] for m in typed).most_common(10)
    ]
    missed = Counter(
        m[5].lower().rstrip("?") for m in typed if m[3] == "nlu_fallback" or m[4] < 0.5
    )
    grouped = {d["text"].lower().rstrip("?"): d["count"] for d in report.not_understood}
    assert grouped == dict(missed)


def test_updates_sent_failed_and_opted_out_in_the_period(
    db_session: Session, tracker_engine: Engine
) -> None:
    inside = datetime(2026, 10, 15, 9, 0, tzinfo=AMSTERDAM)
    outside = datetime(2026, 9, 15, 9, 0, tzinfo=AMSTERDAM)
    for n, (moment, status, at) in enumerate(
        [
            ("welcome", "sent", inside),
            ("welcome", "sent", inside),
            ("periodic", "sent", inside),
            ("periodic", "failed", inside),
            ("welcome", "sent", outside),
        ]
    ):
        db_session.add(
            UpdateMessage(
                key=f"INS-{n}:{moment}:x",
                registration_number=f"INS-{n}",
                moment=moment,
                channel="email",
                status=status,
                attempts=1,
                created_at=at,
                detail="",
                replied_at=inside if n == 0 else None,
                opened_at=inside if n in (0, 1) else None,
            )
        )
    db_session.add(UpdatePreference(registration_number="INS-1", email_opt_out_at=inside))
    db_session.add(UpdatePreference(registration_number="INS-2", email_opt_out_at=outside))
    db_session.flush()

    report = dashboard(
        session=db_session,
        conversations=TrackerStoreSource(tracker_engine),
        wanted=ReportFilter(FIRST, LAST),
    )

    assert report.updates_sent == {"welcome": 2, "periodic": 1}
    assert (report.updates_failed, report.updates_opted_out, report.updates_replied) == (1, 1, 1)
    assert report.updates_opened == 2
