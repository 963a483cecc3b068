"""The conversation view's canned-reply picker in Chromium, on the console alone: the reply
goes in where the cursor is (over a selection), keeping what was typed around it, with
{kind} and {ouder} filled for a verified parent. The conversation itself (Rasa's part) is
given by the browser's routing, so no stack or trained model is needed; the page, its
script and the canned-reply API are the console's own."""

import json
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from bot.console import canned
from bot.staff.accounts import create_account
from tests.support.console_app import PASSWORD
from tests.support.served_console import ServedConsole, served_console

AGENT = "sanne@example.nl"
HANDOFF = 7


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedConsole]:
    with served_console(tmp_path_factory.mktemp("picker-console")) as served:
        with served.session() as session:
            now = datetime.now(timezone.utc)
            create_account(
                session=session, email=AGENT, password=PASSWORD, role="agent", name="Sanne", now=now
            )
            canned.add(
                session=session,
                title="Plek gevonden",
                words={"text": "Beste {ouder}, er is een plek voor {kind} gevonden."},
                staff_id=None,
                now=now,
            )
        yield served


def conversation(staff_id: int) -> dict:
    """A verified parent's conversation this agent has: one parent on file."""
    return {
        "id": HANDOFF,
        "status": "active",
        "assigned_to": "Sanne",
        "assigned_to_id": staff_id,
        "channel": "website",
        "topic": "ouder vroeg om een medewerker",
        "language": "nl",
        "variant": "u",
        "identity_verified": True,
        "registration_number": "INS-000001",
        "child": "Mila",
        "parents": ["Sanne de Vries"],
        "created_at": datetime.now(timezone.utc).isoformat(),
        "messages": [{"who": "parent", "text": "Is er al plek?", "at": None}],
        "notes": [],
        "summary": "De ouder vraagt naar een plek.",
        "slots": {},
        "registration": None,
        "earlier": [],
        "requests": [],
        "left_email": None,
        "answers_update": None,
        "closing_text": "Fijne dag!",
        "satisfaction": None,
        "reply_goes": "chat",
        "viewers": [],
        "parent_typing": False,
    }


def open_conversation(browser: Browser, console: ServedConsole) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console.sign_in(page, AGENT)
    me = page.request.get(f"{console.url}/api/me").json()["id"]
    answer = json.dumps(conversation(me))

    def given(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=answer)

    page.route(f"**/api/conversations/{HANDOFF}", given)
    page.route(f"**/api/conversations/{HANDOFF}/messages*", given)
    page.goto(f"{console.url}/conversations/{HANDOFF}")
    expect(page.locator("#heading")).to_have_text("Gesprek · Mila · INS-000001")
    expect(page.locator("#reply")).to_be_enabled()
    expect(page.locator("#canned option")).to_have_count(2)
    return page


@pytest.mark.browser
def test_a_canned_reply_goes_in_at_the_cursor_with_child_and_parent_filled_in(
    browser: Browser, console: ServedConsole
) -> None:
    page = open_conversation(browser, console)
    reply = page.locator("#reply")
    reply.fill("Goedemorgen! Groet, Sanne")
    # the cursor after "Goedemorgen! ", before the greeting
    reply.evaluate("box => box.setSelectionRange(13, 13)")
    page.select_option("#canned", label="Plek gevonden")
    expect(reply).to_have_value(
        "Goedemorgen! Beste Sanne de Vries, er is een plek voor Mila gevonden.Groet, Sanne"
    )
    expect(reply).to_be_focused()
    assert reply.evaluate("box => box.selectionStart") == len(
        "Goedemorgen! Beste Sanne de Vries, er is een plek voor Mila gevonden."
    )
    expect(page.locator("#canned")).to_have_value("")  # ready for the next one

    # over a selection: the selected words are replaced, the rest stays
    reply.fill("Hallo XXX tot ziens")
    reply.evaluate("box => box.setSelectionRange(6, 9)")
    page.select_option("#canned", label="Plek gevonden")
    expect(reply).to_have_value(
        "Hallo Beste Sanne de Vries, er is een plek voor Mila gevonden. tot ziens"
    )
    page.close()
