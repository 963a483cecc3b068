"""Which family a request reaches (AVG export and erasure), in-process: exact keys only,
an erasure confirmed by the numbers it reaches, and only the family's own conversations
(not a stranger's who typed the number); the command line and the console API alike."""

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from bot.commands import family as family_command
from bot.conversation.models import CodeLimit
from bot.db.tracker_store import rasa_events
from bot.handoff import queue
from bot.handoff.models import Handoff
from bot.privacy.family import (
    FamilyNotFound,
    NotConfirmed,
    confirm,
    erase,
    export,
    find_family,
)
from bot.staff.models import AuditEntry
from bot.updates.models import UpdateMessage
from bot.waitlist.importer import import_directory
from tests.support.console_app import logged_in
from tests.support.export_files import GROUPS, LOCATIONS, write_export

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    "INS-000004,Ruben,2025-09-01,Ruud,ruben.vandenberg4@example.nl,+31612345678,kdv,UTR-ZON,"
    "ma,2026-02-01,2025-03-01,none,waiting\n"
    "INS-000036,Saar,2025-08-01,Sem,s36@example.nl,+31612345636,kdv,UTR-ZON,"
    "ma,2026-02-01,2025-03-01,none,waiting\n"
)
PARENT = "ouder"  # a REST conversation in which the parent passed the identity check
STRANGER = "ouder-2"  # a stranger who typed the number and failed the check
PHONE = "whatsapp:31612345678"  # the parent's own number on file


@pytest.fixture
def families(db_session: Session, tmp_path: Path) -> Session:
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    return db_session


def events(tracker: Engine, sender: str, *data: dict) -> None:
    with tracker.begin() as connection:
        connection.execute(
            insert(rasa_events),
            [
                {
                    "sender_id": sender,
                    "type_name": d["event"],
                    "timestamp": 1.0,
                    "data": json.dumps(d),
                }
                for d in data
            ],
        )


def slot(name: str, value: str) -> dict:
    return {"event": "slot", "name": name, "value": value}


def said(text: str) -> dict:
    return {"event": "user", "text": text}


@pytest.fixture
def conversations(families: Session, tracker_engine: Engine) -> Session:
    events(
        tracker_engine,
        PARENT,
        said("INS-000004"),
        slot("registration_number", "INS-000004"),
        slot("verified_registration", "INS-000004"),
    )
    events(tracker_engine, STRANGER, said("ins 000004"), slot("registration_number", "INS-000004"))
    events(tracker_engine, PHONE, said("hoi"))
    for sender, verified in ((PARENT, True), (STRANGER, False)):
        queue.start_handoff(
            session=families,
            sender_id=sender,
            channel="rest",
            reason="request_human" if verified else "identity_failed",
            context={
                "identity_verified": verified,
                "registration_number": "INS-000004" if verified else None,
                "slots": {"registration_number": "INS-000004"},
            },
            summary="s",
            office_open=True,
            now=NOW,
        )
    for key in ("registration:INS-000004", f"conversation:{PARENT}", f"conversation:{STRANGER}"):
        families.add(CodeLimit(key=key, window_start=NOW, code_mails=1, code_tries=1))
    families.add(
        UpdateMessage(
            key="u1",
            registration_number="INS-000004",
            moment="m",
            channel="email",
            status="sent",
            created_at=NOW,
            replied_at=NOW,
            replied_sender_id=PARENT,
        )
    )
    families.flush()
    return families


@pytest.mark.parametrize(
    "pattern", ["ruben_vandenberg4@example.nl", "%@example.nl", "%4@example.nl", "_36@example.nl"]
)
def test_an_address_is_no_pattern(families: Session, tracker_engine: Engine, pattern: str) -> None:
    with pytest.raises(FamilyNotFound):
        find_family(session=families, tracker=tracker_engine, parent_email=pattern)


def test_an_address_matches_exactly_in_any_letter_case(
    families: Session, tracker_engine: Engine
) -> None:
    found = find_family(
        session=families, tracker=tracker_engine, parent_email=" Ruben.VandenBerg4@Example.NL "
    )
    assert found.numbers == ["INS-000004"]


def test_erasure_needs_exactly_the_numbers_found(families: Session, tracker_engine: Engine) -> None:
    found = find_family(session=families, tracker=tracker_engine, number="ins 000004")
    for given in ([], [""], ["INS-000036"], ["INS-000004", "INS-000036"]):
        with pytest.raises(NotConfirmed):
            confirm(found, given)
    confirm(found, ["ins-000004"])


def test_the_familys_own_conversations_only(
    conversations: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    found = find_family(session=conversations, tracker=tracker_engine, number="INS-000004")
    assert found.conversations == [PARENT, PHONE]
    assert found.unverified == [STRANGER]

    document = export(session=conversations, tracker=tracker_engine, outbox=tmp_path, family=found)
    assert [c["conversation"] for c in document["conversations"]] == [PARENT, PHONE]
    assert [h["sender_id"] for h in document["handoffs"]] == [PARENT]

    erase(session=conversations, tracker=tracker_engine, outbox=tmp_path, family=found, now=NOW)
    with tracker_engine.connect() as connection:
        left = set(connection.scalars(select(rasa_events.c.sender_id)))
    assert left == {STRANGER}
    handoffs = conversations.scalars(select(Handoff).order_by(Handoff.id)).all()
    assert [h.sender_id for h in handoffs] == [f"erased-{handoffs[0].id}", STRANGER]
    assert set(conversations.scalars(select(CodeLimit.key))) == {f"conversation:{STRANGER}"}
    assert conversations.scalar(select(UpdateMessage.replied_sender_id)) is None


@pytest.fixture
def command_line(conversations: Session, tracker_engine: Engine, tmp_path: Path, monkeypatch):
    """`python -m bot family` in-process, on the test's session and tracker store."""

    @contextmanager
    def same_session() -> Iterator[Session]:
        yield conversations
        conversations.flush()

    monkeypatch.setattr(family_command, "session_scope", same_session)
    monkeypatch.setattr(family_command, "make_engine", lambda _url: tracker_engine)
    monkeypatch.setattr(tracker_engine, "dispose", lambda: None)
    return conversations


def erase_args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(
        **{"action": "erase", "number": None, "email": None, "confirm": None, "yes": False} | given
    )


def test_the_command_names_the_family_and_erases_only_when_its_numbers_are_typed(
    command_line: Session, monkeypatch, capsys
) -> None:
    monkeypatch.setattr("builtins.input", lambda _prompt: "INS-000036")
    assert family_command.run(erase_args(email="ruben.vandenberg4@example.nl")) == 1
    out, err = capsys.readouterr()
    assert "INS-000004: Ruben" in out and STRANGER in out and "nothing erased" in err
    assert command_line.scalar(select(Handoff.sender_id).where(Handoff.sender_id == PARENT))

    assert family_command.run(erase_args(email="ruben.vandenberg4@example.nl", yes=True)) == 2

    monkeypatch.setattr("builtins.input", lambda _prompt: "ins000004")
    assert family_command.run(erase_args(email="ruben.vandenberg4@example.nl")) == 0
    assert "erased for INS-000004" in capsys.readouterr().out
    assert command_line.scalar(select(Handoff.sender_id).where(Handoff.sender_id == PARENT)) is None


def test_the_console_erases_only_with_the_numbers_confirmed(
    console: TestClient, admin, conversations: Session, tracker_engine: Engine
) -> None:
    console.app.state.tracker_engine = tracker_engine
    headers = logged_in(console, admin.email)
    which = {"email": "ruben.vandenberg4@example.nl"}

    refused = console.post("/api/families/erase", json=which, headers=headers)
    assert refused.status_code == 409 and "INS-000004" in refused.json()["detail"]
    assert console.get("/api/families/export?email=%25@example.nl").status_code == 404

    done = console.post(
        "/api/families/erase", json=which | {"confirm": ["INS-000004"]}, headers=headers
    )
    assert done.status_code == 200 and done.json()["numbers"] == ["INS-000004"]


def test_the_console_shows_the_familys_data_as_a_document_to_read(
    console: TestClient, admin, conversations: Session, tracker_engine: Engine
) -> None:
    console.app.state.tracker_engine = tracker_engine
    logged_in(console, admin.email)

    page = console.get("/admin/families/document", params={"email": "ruben.vandenberg4@example.nl"})

    assert page.status_code == 200
    text = page.text
    assert "Gegevens van het gezin (INS-000004)" in text
    # the registration in words, the parent with contact details, the conversation as lines
    assert "Ruben" in text and "Ruud" in text and "+31612345678" in text
    assert "maandag" in text and "Geboortedatum" in text
    assert '<span class="who">Ouder</span>' in text
    assert '"event"' not in text and "verified_registration" not in text  # no raw events
    entries = conversations.scalars(select(AuditEntry).where(AuditEntry.action == "family_export"))
    assert [e.detail for e in entries] == ["INS-000004 (document)"]

    unknown = console.get("/admin/families/document", params={"number": "INS-999999"})
    assert unknown.status_code == 404 and "Er is geen inschrijving" in unknown.text
