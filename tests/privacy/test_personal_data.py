"""The one declaration of personal data (bot/privacy/personal_data.py): every column of
every table is declared personal or not (a new one fails here, by name); what it declares
is what purge, a family's export and its erasure do, on SQLite and PostgreSQL. The phone
numbers that WhatsApp conversation ids are go with the retention period and the family."""

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, cast, insert, select
from sqlalchemy.orm import Session

from bot.conversation.models import CodeLimit, IdentityAttempt, VerificationCode
from bot.db.base import Base
from bot.db.migrate import load_every_part
from bot.db.tracker_store import rasa_events
from bot.handoff import queue
from bot.parent_requests.models import RegistrationRequest
from bot.privacy.family import erase, export, find_family
from bot.privacy.personal_data import (
    DECLARED,
    NOT_PERSONAL,
    How,
    Kind,
    Period,
    Store,
    not_personal_by_type,
)
from bot.reporting.models import MESSAGE, SESSION, ConversationDay, ConversationEvent
from bot.settings import Settings
from bot.staff.models import AuditEntry, StaffAccount
from bot.updates.models import SurveyAnswer, UpdateMessage, UpdatePreference
from bot.waitlist.models import Child, Parent, Registration
from tests.support.retention import purge_90_days

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=100)
RECENT = NOW - timedelta(days=10)
PHONE = "31612345678"  # the family's parent, on WhatsApp
OTHER_PHONE = "31687654321"  # another parent


def undeclared(tables: list[Table]) -> list[str]:
    """Every `table.column` that is neither declared personal nor known not to be."""
    personal = {f"{t.name}.{c}" for t in DECLARED for c in t.columns}
    return [
        f"{table.name}.{column.name}"
        for table in tables
        for column in table.columns
        if f"{table.name}.{column.name}" not in personal | NOT_PERSONAL.keys()
        and not not_personal_by_type(column)
    ]


def check_declared(tables: list[Table]) -> None:
    missing = undeclared(tables)
    assert not missing, (
        "declare these columns in bot/privacy/personal_data.py, in DECLARED (personal: "
        "kind, retention, export, erasure) or in NOT_PERSONAL (with the reason): "
        + ", ".join(missing)
    )


def every_table() -> list[Table]:
    load_every_part()
    return [*Base.metadata.sorted_tables, rasa_events]


def test_every_column_of_every_table_is_declared_personal_or_not() -> None:
    check_declared(every_table())


def test_a_new_column_or_table_that_is_not_declared_fails_by_name() -> None:
    copy = MetaData()
    for table in every_table():
        table.to_metadata(copy)
    copy.tables["parents"].append_column(Column("second_phone", String(20)))
    Table("chat_notes", copy, Column("id", Integer, primary_key=True), Column("text", Text))

    assert undeclared(list(copy.tables.values())) == ["parents.second_phone", "chat_notes.text"]
    with pytest.raises(AssertionError, match=r"parents\.second_phone, chat_notes\.text"):
        check_declared(list(copy.tables.values()))


def test_the_declaration_names_real_columns_and_says_how_long_and_why() -> None:
    schema = {table.name: table for table in every_table()}
    for declared in DECLARED:
        where = declared.name
        assert declared.table is schema[where], where
        assert set(declared.columns) <= set(declared.table.columns.keys()), where
        assert not {f"{where}.{c}" for c in declared.columns} & NOT_PERSONAL.keys(), where
        # a number of days comes from a setting, and only then are rows past it
        assert (declared.expired is not None) == (declared.period.setting is not None), where
        if declared.period.setting:
            assert declared.period.setting in Settings.model_fields, where
        hows = {p.how for p in declared.columns.values()}
        assert not (How.DELETE in hows and len(hows) > 1), f"{where}: the row goes or stays"
        assert (How.REWRITE in hows) == (declared.rewrite is not None), where
        if How.KEEP in hows or (declared.of_family and declared.export is None):
            assert declared.why, f"{where}: say why it is kept or not exported"
    assert len({d.name for d in DECLARED}) == len(DECLARED)


def traces(
    session: Session, tracker: Engine, *, conversation: str, number: str, at: datetime
) -> None:
    """One conversation's traces, from `at`, in every table that can hold its id (and in
    every section of a family's export)."""
    phone = conversation.removeprefix("whatsapp:")
    agent = StaffAccount(
        email=f"{phone}@staff.example.nl", name="Anna", password_hash="x", role="agent",
        created_at=at,
    )  # fmt: skip
    session.add(agent)
    session.flush()
    with tracker.begin() as connection:
        connection.execute(
            insert(rasa_events),
            [
                {"sender_id": conversation, "type_name": kind, "timestamp": at.timestamp(),
                 "data": json.dumps({"event": kind, "text": "hoi"})}
                for kind in ("session_started", "user")
            ],
        )  # fmt: skip
    for kind in (SESSION, MESSAGE):
        session.add(
            ConversationEvent(
                key=f"{conversation}{kind}", sender_id=conversation, kind=kind,
                timestamp=at.timestamp(), text="blub" if kind == MESSAGE else None,
            )
        )  # fmt: skip
    session.add(  # the dashboard's figures of the day (bot/reporting/day_figures.py)
        ConversationDay(
            day=at.date(), zone="Europe/Amsterdam", sender_id=conversation, channel="whatsapp",
            first_at=at.timestamp(), goal=False, repeated=False,
        )
    )  # fmt: skip
    handoff, _ = queue.start_handoff(
        session=session,
        sender_id=conversation,
        channel="whatsapp",
        reason="request_human",
        context={"transcript": [{"from": "parent", "text": "hoi"}], "slots": {}},
        summary="s",
        office_open=True,
        now=at,
    )
    handoff.satisfaction_comment = "fijn"
    queue.add_note(session=session, handoff=handoff, author_id=agent.id, text="belde", now=at)
    queue.close(session=session, handoff=handoff, now=at)
    session.add_all(
        [
            RegistrationRequest(
                registration_number=number, kind="change", details="vrijdag erbij",
                channel="whatsapp", status="resolved", created_at=at, closed_at=at,
                sender_id=conversation,
            ),
            VerificationCode(
                sender_id=conversation, registration_number=number, code_hash="h", expires_at=at
            ),
            CodeLimit(key=f"conversation:{conversation}", window_start=at),
            UpdateMessage(
                key=f"{number}:m:{at.date()}", registration_number=number, moment="m",
                channel="whatsapp", status="sent", created_at=at, replied_at=at,
                replied_sender_id=conversation,
            ),
            UpdatePreference(registration_number=number, whatsapp_phone=f"+{phone}"),
            SurveyAnswer(
                registration_number=number, moment="survey_start", location_code="UTR-ZON",
                scale="nps", score=9, comment=f"Fijne groep! Bel gerust: {phone}",
                channel="whatsapp", language="nl", answered_at=at,
            ),
            IdentityAttempt(registration_number=number, succeeded=True, created_at=at),
            AuditEntry(
                at=at, staff_id=agent.id, staff_email=agent.email, action="view",
                handoff_id=handoff.id, ip="192.0.2.1",
            ),
        ]
    )  # fmt: skip
    session.flush()


def holding(session: Session, tracker: Engine, text: str) -> set[str]:
    """Which declared personal columns that do not simply stay still hold `text`."""
    found = set()
    for declared in DECLARED:
        for name in declared.with_how(How.DELETE, How.CLEAR, How.PSEUDONYMISE, How.REWRITE):
            query = select(declared.table.c[name]).where(
                cast(declared.table.c[name], String).contains(text)
            )
            if declared.store is Store.TRACKER:
                with tracker.connect() as connection:
                    hit = connection.execute(query.limit(1)).first()
            else:
                hit = session.execute(query.limit(1)).first()
            if hit:
                found.add(f"{declared.name}.{name}")
    return found


def phone_columns(*periods: Period) -> set[str]:
    return {
        f"{d.name}.{name}"
        for d in DECLARED
        if d.period in periods
        for name in d.with_how(How.DELETE, How.CLEAR, How.PSEUDONYMISE)
        if d.columns[name].kind in (Kind.PHONE, Kind.CONVERSATION)
    }


def test_purge_leaves_no_phone_number_of_a_conversation_past_the_period(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    traces(
        db_session, tracker_engine, conversation=f"whatsapp:{PHONE}", number="INS-000004", at=OLD
    )
    traces(
        db_session,
        tracker_engine,
        conversation=f"whatsapp:{OTHER_PHONE}",
        number="INS-000036",
        at=RECENT,
    )
    # every column that can hold a conversation id or phone number has one to lose
    assert phone_columns(Period.TRANSCRIPTS) <= holding(db_session, tracker_engine, PHONE)
    recent = holding(db_session, tracker_engine, OTHER_PHONE)

    purge_90_days(db_session, tracker_engine, tmp_path, NOW)

    # only the parent's current choice of number stays (not a transcript: kept while the
    # registration is)
    assert holding(db_session, tracker_engine, PHONE) == {"update_preferences.whatsapp_phone"}
    assert holding(db_session, tracker_engine, OTHER_PHONE) == recent
    replied = db_session.execute(select(UpdateMessage.replied_at, UpdateMessage.key)).all()
    assert len(replied) == 2 and all(at is not None for at, _ in replied)  # still answered


def family_on_whatsapp(session: Session, number: str, phone: str) -> None:
    child = Child(first_name="Ruben", birth_date=date(2025, 9, 1))
    child.parents.append(Parent(name="Ruud", email=f"{number}@example.nl", phone=f"+{phone}"))
    session.add(
        Registration(
            number=number, child=child, care_type="kdv", weekdays="ma",
            desired_start_date=date(2026, 2, 1), registered_on=date(2025, 3, 1),
            priority="none", status="waiting",
        )
    )  # fmt: skip
    session.flush()


def test_erasure_leaves_no_trace_of_the_familys_phone_and_the_export_shows_each_section(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    family_on_whatsapp(db_session, "INS-000004", PHONE)
    family_on_whatsapp(db_session, "INS-000036", OTHER_PHONE)
    for phone, number in ((PHONE, "INS-000004"), (OTHER_PHONE, "INS-000036")):
        traces(db_session, tracker_engine, conversation=f"whatsapp:{phone}", number=number, at=NOW)
    assert phone_columns(*Period) <= holding(db_session, tracker_engine, PHONE)
    others = holding(db_session, tracker_engine, OTHER_PHONE)
    family = find_family(session=db_session, tracker=tracker_engine, number="INS-000004")
    assert family.conversations == [f"whatsapp:{PHONE}"]

    document = export(session=db_session, tracker=tracker_engine, outbox=tmp_path, family=family)

    for declared in DECLARED:
        if declared.export is None:
            continue
        outer, _, inner = declared.export.section.partition(".")
        assert document[outer], declared.export.section
        assert all(inner in item for item in document[outer]) if inner else True
    [update] = document["updates"]
    assert update["replied_from"] == f"whatsapp:{PHONE}"
    assert [p["whatsapp_phone"] for p in document["update_preferences"]] == [f"+{PHONE}"]
    [handoff] = document["handoffs"]
    assert [n["text"] for n in handoff["notes"]] == ["belde"]
    assert OTHER_PHONE not in json.dumps(document, default=str)

    erase(session=db_session, tracker=tracker_engine, outbox=tmp_path, family=family, now=NOW)

    assert holding(db_session, tracker_engine, PHONE) == set()
    assert holding(db_session, tracker_engine, OTHER_PHONE) == others
    # the survey score stays for the figures, no longer linked to the registration
    answers = dict(
        db_session.execute(select(SurveyAnswer.registration_number, SurveyAnswer.comment)).all()
    )
    [erased] = [number for number in answers if number.startswith("erased-")]
    assert answers[erased] is None and "INS-000004" not in answers
    assert answers["INS-000036"] == f"Fijne groep! Bel gerust: {OTHER_PHONE}"
    # the planning system's copy stays until its import drops the registration
    assert db_session.scalar(select(Parent.phone).where(Parent.email.startswith("INS-000004")))
