"""No conversation or request without someone who can act on it, and writes checked like
reads: management is never assignable, an account that can no longer work gives its work
back, an admin takes over any claimed conversation, the last admin stays an admin, and
nobody writes where they may not read (security review of 2026-12-06, findings 3, 10, 14)."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation.texts import say
from bot.handoff.models import ACTIVE, CLOSED, WAITING
from bot.parent_requests.models import RegistrationRequest
from tests.support.console_app import (  # noqa: F401
    NOW,
    PASSWORD,
    audited,
    client_of,
    escalate,
    logged_in,
)
from tests.support.rasa_api import FakeRasa


def test_a_conversation_is_never_assigned_to_management(
    console: TestClient,
    db_session: Session,
    rasa: FakeRasa,
    agent,
    manager,
) -> None:
    handoff = escalate(db_session, rasa, "stranded-1")
    headers = logged_in(console, agent.email)
    answer = console.post(
        f"/api/conversations/{handoff.id}/assign", json={"staff_id": manager.id}, headers=headers
    )
    assert answer.status_code == 422 and "agent or admin" in answer.json()["detail"]
    assert (handoff.status, handoff.assigned_to_id) == (WAITING, None)


@pytest.mark.parametrize("change", [{"active": False}, {"role": "management"}])
def test_an_account_that_can_no_longer_work_gives_its_conversations_back(
    console: TestClient,
    db_session: Session,
    rasa: FakeRasa,
    agent,
    colleague,
    admin,
    change: dict,
) -> None:
    handoff = escalate(db_session, rasa, "stranded-2")
    headers = logged_in(console, agent.email)
    given = console.post(
        f"/api/conversations/{handoff.id}/assign", json={"staff_id": colleague.id}, headers=headers
    )
    assert given.status_code == 200 and handoff.status == ACTIVE

    boss, boss_headers = client_of(console, admin.email)
    changed = boss.patch(f"/api/staff/{colleague.id}", json=change, headers=boss_headers)
    assert changed.status_code == 200
    assert (handoff.status, handoff.assigned_to_id) == (WAITING, None)
    (entry,) = audited(db_session, "unassign")
    assert (entry.handoff_id, entry.detail) == (handoff.id, f"from {colleague.email}")

    # back in the queue: anyone may claim it, and the parent hears who joins
    assert (
        console.post(f"/api/conversations/{handoff.id}/claim", headers=headers).status_code == 200
    )
    assert rasa.conversation("stranded-2").sent[-1]["text"] == say("staff_joined", name="Anna")


def test_a_deactivated_claimants_requests_go_back_on_the_list(
    console: TestClient,
    db_session: Session,
    colleague,
    admin,
    requests_made: list[int],
) -> None:
    other, headers = client_of(console, colleague.email)
    request_id = requests_made[0]
    assert other.post(f"/api/requests/{request_id}/claim", headers=headers).status_code == 200
    boss_headers = logged_in(console, admin.email)
    console.patch(f"/api/staff/{colleague.id}", json={"active": False}, headers=boss_headers)
    request = db_session.get(RegistrationRequest, request_id)
    assert request is not None and (request.status, request.assigned_to_id) == ("open", None)
    (entry,) = audited(db_session, "request_unassign")
    assert entry.detail == f"request {request_id} from {colleague.email}"


def test_an_admin_takes_over_a_colleagues_conversation(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, colleague, admin
) -> None:
    handoff = escalate(db_session, rasa, "stranded-3")
    headers = logged_in(console, agent.email)
    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)

    # an agent cannot take a colleague's conversation
    other, other_headers = client_of(console, colleague.email)
    refused = other.post(f"/api/conversations/{handoff.id}/claim", headers=other_headers)
    assert refused.status_code == 409
    moved = other.post(
        f"/api/conversations/{handoff.id}/assign",
        json={"staff_id": colleague.id},
        headers=other_headers,
    )
    assert moved.status_code == 409

    # an admin can: by claiming, or by giving it to another
    boss, boss_headers = client_of(console, admin.email)
    taken = boss.post(f"/api/conversations/{handoff.id}/claim", headers=boss_headers)
    assert taken.status_code == 200 and handoff.assigned_to_id == admin.id
    assert rasa.conversation("stranded-3").sent[-1]["text"] == say("staff_joined", name="Beheer")
    reply = boss.post(
        f"/api/conversations/{handoff.id}/reply",
        json={"text": "Ik help u verder."},
        headers=boss_headers,
    )
    assert reply.status_code == 200
    given = boss.post(
        f"/api/conversations/{handoff.id}/assign",
        json={"staff_id": colleague.id},
        headers=boss_headers,
    )
    assert given.status_code == 200 and handoff.assigned_to_id == colleague.id
    claims = [e.detail for e in audited(db_session, "claim")]
    assert claims == ["", f"from {agent.email}"]
    (assign,) = audited(db_session, "assign")
    assert assign.detail == f"to {colleague.email} from {admin.email}"


@pytest.mark.parametrize("change", [{"active": False}, {"role": "management"}, {"role": "agent"}])
def test_the_last_admin_cannot_leave_the_console_without_an_admin(
    console: TestClient, db_session: Session, admin, change: dict
) -> None:
    headers = logged_in(console, admin.email)
    answer = console.patch(f"/api/staff/{admin.id}", json=change, headers=headers)
    assert answer.status_code == 409 and "another admin" in answer.json()["detail"]
    assert (admin.role, admin.active) == ("admin", True)
    assert console.get("/api/staff").status_code == 200


def test_an_agent_notes_only_where_it_may_read(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, colleague
) -> None:
    closed = escalate(db_session, rasa, "stranded-4")
    closed.status, closed.assigned_to_id, closed.closed_at = CLOSED, agent.id, NOW
    db_session.flush()
    other, headers = client_of(console, colleague.email)
    base = f"/api/conversations/{closed.id}"
    assert other.get(base).status_code == 403
    assert other.post(f"{base}/notes", json={"text": "x"}, headers=headers).status_code == 403
    assert audited(db_session, "note") == []
    own_headers = logged_in(console, agent.email)
    assert console.post(f"{base}/notes", json={"text": "x"}, headers=own_headers).status_code == 200


def test_only_the_claimant_writes_a_requests_note(
    console: TestClient,
    db_session: Session,
    agent,
    colleague,
    requests_made: list[int],
) -> None:
    request_id = requests_made[0]
    headers = logged_in(console, agent.email)
    console.post(f"/api/requests/{request_id}/claim", headers=headers)
    console.put(f"/api/requests/{request_id}/note", json={"text": "belt maandag"}, headers=headers)
    other, other_headers = client_of(console, colleague.email)
    overwrite = other.put(
        f"/api/requests/{request_id}/note", json={"text": "weg ermee"}, headers=other_headers
    )
    assert overwrite.status_code == 409
    request = db_session.get(RegistrationRequest, request_id)
    assert request is not None and request.note == "belt maandag"
