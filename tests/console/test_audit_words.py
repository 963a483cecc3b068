"""The audit log as staff read it: every action the code records has a Dutch name on the
audit page, and its detail is Dutch, with a request or session named instead of its id
(the entry keeps what was recorded)."""

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.staff import audit
from tests.support.console_app import NOW, audited, client_of, escalate, logged_in
from tests.support.rasa_api import FakeRasa

ROOT = Path(__file__).resolve().parents[2]


def recorded_actions() -> set[str]:
    """The action codes written anywhere in bot/ (`audit("x"`, `action="x"`)."""
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        code = path.read_text()
        found |= set(re.findall(r'audit(?:\.once)?\("([a-z_]+)"', code))
        found |= set(re.findall(r'\baction="([a-z_]+)"', code))
    found |= {"request_resolved", "request_rejected"}  # audit(f"request_{body.outcome}")
    return found - {"store_true"}  # argparse's, no audit action


def test_every_recorded_action_has_a_dutch_name_on_the_audit_page() -> None:
    script = (ROOT / "bot/console/static/console.js").read_text()
    table = script.split("const AUDIT_ACTIONS = {", 1)[1].split("};", 1)[0]
    named = set(re.findall(r"(\w+):", table))
    assert {"edit_button", "edit_fact", "canned_edit"} <= named
    assert recorded_actions() - named == set()


def test_audit_details_are_dutch_and_name_a_request_instead_of_its_id(
    console: TestClient,
    db_session: Session,
    rasa: FakeRasa,
    agent,
    colleague,
    admin,
    requests_made: list[int],
) -> None:
    other, headers = client_of(console, colleague.email)
    request_id = requests_made[0]
    assert other.post(f"/api/requests/{request_id}/claim", headers=headers).status_code == 200
    handoff = escalate(db_session, rasa, "woorden-1")
    agent_headers = logged_in(console, agent.email)
    given = console.post(
        f"/api/conversations/{handoff.id}/assign",
        json={"staff_id": colleague.id},
        headers=agent_headers,
    )
    assert given.status_code == 200
    boss_headers = logged_in(console, admin.email)
    blocked = console.patch(
        f"/api/staff/{colleague.id}", json={"active": False}, headers=boss_headers
    )
    assert blocked.status_code == 200
    for action, detail in (("reply", "by e-mail"), ("export", "readable"), ("login", "totp")):
        audit.record(session=db_session, staff=agent, action=action, ip="1", now=NOW, detail=detail)
    db_session.flush()

    shown = {(e["action"], e["detail_text"]) for e in console.get("/api/audit").json()}
    assert ("request_unassign", f"wijziging voor INS-000001, was bij {colleague.email}") in shown
    assert ("request_claim", "wijziging voor INS-000001") in shown
    assert ("unassign", f"was bij {colleague.email}") in shown
    assert ("assign", f"aan {colleague.email}") in shown
    assert ("staff_change", f"{colleague.email}: geblokkeerd") in shown
    assert ("reply", "per e-mail") in shown
    assert ("export", "leesbaar document") in shown
    assert ("login", "met wachtwoord en code uit de app") in shown
    # the log keeps what was recorded
    (entry,) = audited(db_session, "request_claim")
    assert entry.detail == f"request {request_id}"
    raw = {e["detail"] for e in console.get("/api/audit").json()}
    assert f"request {request_id} from {colleague.email}" in raw
