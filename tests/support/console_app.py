"""A console app on a migrated database (SQLite and PostgreSQL) talking to a loopback
server that speaks Rasa's conversations API: its fixtures (imported by the conftest of
each folder whose tests use them), logging in, and a conversation handed over."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.app import create_app
from bot.handoff import queue
from bot.settings import Settings
from bot.shared import clock
from bot.staff import audit
from bot.staff.accounts import create_account
from bot.staff.models import AuditEntry
from tests.support.rasa_api import FakeRasa, fake_rasa
from tests.support.second_factor import DEVICES, enroll

PASSWORD = "een-lang-wachtwoord"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    with fake_rasa() as server:
        yield server


@pytest.fixture
def console(db_session: Session, rasa: FakeRasa, tmp_path) -> TestClient:
    settings = Settings(
        var_dir=tmp_path, rasa_port=rasa.port, rasa_token=rasa.token, console_secret="x" * 32
    )

    @contextmanager
    def scope() -> Iterator[Session]:
        # flush only, and no rollback on errors: every request works in the test's one
        # session, whose transaction the fixture rolls back after the test
        yield db_session
        db_session.flush()

    return TestClient(create_app(settings, scope))


@pytest.fixture
def agent(db_session: Session):
    return create_account(
        session=db_session,
        email="anna@example.nl",
        password=PASSWORD,
        role="agent",
        name="Anna",
        now=NOW,
    )


@pytest.fixture
def admin(db_session: Session):
    """An admin with a second factor set up (admins must have one): `log_in` enters its codes."""
    account = create_account(
        session=db_session,
        email="beheer@example.nl",
        password=PASSWORD,
        role="admin",
        name="Beheer",
        now=NOW,
    )
    enroll(db_session, account)
    return account


def page_csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def log_in(client: TestClient, email: str, password: str = PASSWORD):
    """Log in through the form, with the second factor when the account has one set up
    (tests/support/second_factor.py); returns the response (the queue page when it worked)."""
    token = page_csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    device = DEVICES.get(email)
    if device is None or not response.url.path.endswith("/login/code"):
        return response
    code_form = {"code": device.code(), "csrf_token": page_csrf(response.text)}
    return client.post("/login/code", data=code_form)


def logged_in(client: TestClient, email: str) -> dict[str, str]:
    """Headers for API mutations after logging in."""
    response = log_in(client, email)
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": page_csrf(response.text)}


def escalate(db_session: Session, rasa: FakeRasa, sender: str = "parent-1", language: str = "nl"):
    conversation = rasa.conversation(sender)
    conversation.events += [
        {
            "event": "user",
            "text": "Ik wil iemand spreken",
            "timestamp": 1.0,
            "parse_data": {"intent": {"name": "request_human"}},
        },
        {"event": "bot", "text": "Een medewerker komt zo.", "timestamp": 2.0},
        {"event": "pause", "timestamp": 2.0},
    ]
    conversation.paused = True
    conversation.slots = {"pending_question": "status", "change_details": None}
    handoff, _ = queue.start_handoff(
        session=db_session,
        sender_id=sender,
        channel="callback",
        reason="request_human",
        context={
            "identity_verified": False,
            "registration_number": None,
            "slots": {"pending_question": "status"},
            "transcript": [],
            "language": language,
        },
        summary="Ouder via website, identiteit niet geverifieerd.",
        office_open=True,
        now=NOW,
    )
    db_session.flush()
    return handoff


def answered_an_hour_ago(db_session: Session, rasa: FakeRasa, agent, sender: str):
    """A handoff an hour old that `agent` answered three minutes after it came: the
    dashboard then has a conversation, a handoff and a reply time to show."""
    handoff = escalate(db_session, rasa, sender=sender)
    handoff.created_at = clock.now() - timedelta(hours=1)
    audit.record(
        session=db_session,
        staff=agent,
        action="reply",
        ip="1",
        now=handoff.created_at + timedelta(minutes=3),
        handoff_id=handoff.id,
    )
    db_session.flush()
    return handoff


@pytest.fixture
def colleague(db_session: Session):
    return create_account(
        session=db_session,
        email="ben@example.nl",
        password=PASSWORD,
        role="agent",
        name="Ben",
        now=NOW,
    )


def client_of(console: TestClient, email: str) -> tuple[TestClient, dict[str, str]]:
    """Another browser on the same console, logged in as `email`."""
    other = TestClient(console.app)
    return other, logged_in(other, email)


def audited(db_session: Session, action: str) -> list[AuditEntry]:
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
