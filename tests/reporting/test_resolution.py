"""The bot rating and the resolution measure against conversations written here by hand,
as Rasa stores them (the bot's messages carry their outcome as metadata), each with the
verdict a person reading it gives: the expected figures are counted from those verdicts."""

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from bot.conversation import bot_rating
from bot.db.tracker_store import rasa_events
from bot.handoff.models import Handoff
from bot.reporting.backfill import backfill
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.sources import Conversations, EventTableSource, TrackerStoreSource

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=AMSTERDAM)


def parent(sender: str, when: datetime, channel: str, intent: str, text: str = "…") -> dict:
    data = {
        "event": "user",
        "timestamp": when.timestamp(),
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.97}, "entities": []},
        "input_channel": channel,
    }
    return {
        "sender_id": sender,
        "type_name": "user",
        "timestamp": when.timestamp(),
        "intent_name": intent,
        "data": json.dumps(data),
    }


def bot(
    sender: str, when: datetime, channel: str, outcome: str | None = None, comment: str = ""
) -> dict:
    metadata: dict[str, Any] = {}
    if outcome:
        metadata = {bot_rating.OUTCOME: outcome, bot_rating.OUTCOME_CHANNEL: channel}
        if comment:
            metadata[bot_rating.OUTCOME_COMMENT] = comment
    moment = when.timestamp() + 1
    data = {"event": "bot", "timestamp": moment, "text": "antwoord", "metadata": metadata}
    return {
        "sender_id": sender,
        "type_name": "bot",
        "timestamp": moment,
        "intent_name": None,
        "data": json.dumps(data),
    }


def identity(sender: str, when: datetime, number: str) -> dict:
    data = {
        "event": "slot",
        "timestamp": when.timestamp(),
        "name": "verified_registration",
        "value": number,
    }
    return {
        "sender_id": sender,
        "type_name": "slot",
        "timestamp": when.timestamp(),
        "intent_name": None,
        "data": json.dumps(data),
    }


STATUS = bot_rating.goal("status")
AVAILABILITY = bot_rating.goal("availability")

# conversation -> (channel, rating, resolved) as a person reads it; None: not counted
VERDICTS: dict[str, tuple[str, str | None, bool | None]] = {
    "web-thanks-yes": ("website", "yes", True),
    "wa-goodbye-no": ("whatsapp", "no", False),
    "web-asked-again": ("website", None, False),
    "web-asked-again-elsewhere": ("website", None, False),
    "web-other-browser": ("website", None, None),  # asked, got no answer: not counted
    "web-asked-later": ("website", None, True),
    "wa-handoff": ("whatsapp", None, False),
    "web-greeting": ("website", None, None),
    "wa-availability": ("whatsapp", None, True),
    "web-asked-again-next-month": ("website", None, False),
}


def write(session: Session, tracker_engine: Engine) -> None:
    w, a = "website", "whatsapp"
    rows = [
        # status answered, "bedankt" asks the question, "Ja"
        parent("web-thanks-yes", at(2), w, "ask_placement_status"),
        bot("web-thanks-yes", at(2, 10, 1), w, STATUS),
        parent("web-thanks-yes", at(2, 10, 2), w, "thank"),
        bot("web-thanks-yes", at(2, 10, 2), w, bot_rating.ASKED),
        parent("web-thanks-yes", at(2, 10, 3), w, "affirm", "/affirm"),
        bot("web-thanks-yes", at(2, 10, 3), w, bot_rating.YES),
        # a cost answer, goodbye asks the question, "Nee", then what was missing
        parent("wa-goodbye-no", at(3), a, "ask_costs"),
        bot("wa-goodbye-no", at(3), a),
        parent("wa-goodbye-no", at(3, 10, 1), a, "goodbye"),
        bot("wa-goodbye-no", at(3, 10, 1), a, bot_rating.ASKED),
        parent("wa-goodbye-no", at(3, 10, 2), a, "deny", "/deny"),
        bot("wa-goodbye-no", at(3, 10, 2), a, bot_rating.NO),
        parent("wa-goodbye-no", at(3, 10, 3), a, "inform", "de prijs van de bso, bel 0612345678"),
        bot(
            "wa-goodbye-no",
            at(3, 10, 3),
            a,
            bot_rating.COMMENT,
            "de prijs van de bso, bel 0612345678",
        ),
        # status answered, the same question from the same conversation two days later
        parent("web-asked-again", at(5), w, "ask_placement_status"),
        bot("web-asked-again", at(5, 10, 1), w, STATUS),
        parent("web-asked-again", at(7, 9), w, "ask_placement_status"),
        # status answered; the same registration asks again from another browser next day
        identity("web-asked-again-elsewhere", at(10), "INS-000001"),
        parent("web-asked-again-elsewhere", at(10), w, "ask_placement_status"),
        bot("web-asked-again-elsewhere", at(10, 10, 1), w, STATUS),
        identity("web-other-browser", at(11, 12), "INS-000001"),
        parent("web-other-browser", at(11, 12, 1), w, "ask_placement_status"),
        # asked again after four days: not a repeat
        parent("web-asked-later", at(15), w, "ask_placement_status"),
        bot("web-asked-later", at(15, 10, 1), w, STATUS),
        parent("web-asked-later", at(19, 11), w, "ask_placement_status"),
        # a person was asked for
        parent("wa-handoff", at(18), a, "request_human"),
        parent("web-greeting", at(20), w, "greet"),
        bot("web-greeting", at(20), w),
        parent("wa-availability", at(22), a, "ask_availability"),
        bot("wa-availability", at(22, 10, 1), a, AVAILABILITY),
        # answered on the 30th, asked again on the 1st of the next month
        parent("web-asked-again-next-month", at(30, 16), w, "ask_placement_status"),
        bot("web-asked-again-next-month", at(30, 16, 1), w, STATUS),
        parent("web-asked-again-next-month", at(1, 9, month=11), w, "ask_placement_status"),
        # outside the period: not counted at all
        parent("web-september", at(28, month=9), w, "ask_placement_status"),
        bot("web-september", at(28, 10, 1, month=9), w, bot_rating.YES),
    ]
    with tracker_engine.begin() as connection:
        connection.execute(insert(rasa_events), rows)
    session.add(
        Handoff(
            sender_id="wa-handoff",
            channel=a,
            reason="request_human",
            status="closed",
            summary="",
            context={},
            office_open=True,
            created_at=at(18, 10, 1),
        )
    )
    session.flush()


def source(kind: str, session: Session, tracker_engine: Engine) -> Conversations:
    if kind == "tracker store":
        return TrackerStoreSource(tracker_engine)
    backfill(session, tracker_engine, since=0)
    return EventTableSource(session)


def expected(channel: str | None) -> dict[str, Any]:
    """The figures counted from the verdicts above, not by the code under test."""
    kept = [v for v in VERDICTS.values() if channel in (None, v[0])]
    yes = sum(1 for v in kept if v[1] == "yes")
    no = sum(1 for v in kept if v[1] == "no")
    resolved = sum(1 for v in kept if v[2] is True)
    unresolved = sum(1 for v in kept if v[2] is False)
    return {
        "rated_yes": yes,
        "rated_no": no,
        "rating_share": round(yes / (yes + no), 3) if yes + no else None,
        "resolved": resolved,
        "unresolved": unresolved,
        "resolution_rate": round(resolved / (resolved + unresolved), 3),
    }


@pytest.mark.parametrize("kind", ["tracker store", "event table"])
@pytest.mark.parametrize("channel", [None, "whatsapp", "website"])
def test_rating_and_resolution_match_the_conversations_read_by_hand(
    db_session: Session, tracker_engine: Engine, channel: str | None, kind: str
) -> None:
    write(db_session, tracker_engine)
    report = dashboard(
        session=db_session,
        conversations=source(kind, db_session, tracker_engine),
        wanted=ReportFilter(FIRST, LAST, channel=channel),
    )
    figures = report.bot_resolution
    assert {key: figures[key] for key in expected(channel)} == expected(channel)
    for name in ("website", "whatsapp"):
        if channel in (None, name):
            assert figures["per_channel"][name] == expected(name)
    per_day = {(d["day"], d["channel"]): d for d in figures["per_day"]}
    assert per_day.get(("2026-10-02", "website"), {}).get("rated_yes") == (
        1 if channel != "whatsapp" else None
    )
    if channel != "website":
        assert figures["comments"] == [
            {
                "day": "2026-10-03",
                "channel": "whatsapp",
                "answer": "no",
                "comment": "de prijs van de bso, bel 0600000000",
            }
        ]
    else:
        assert figures["comments"] == []
