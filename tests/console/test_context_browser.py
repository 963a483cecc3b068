"""Context in staff language and requests with context (issue 30), against `make run`
with a parent on the website widget (socket.io).

In Chromium an agent opens a verified parent's handed-over conversation and reads the
parent's name and contact details, the registration in words and a summary that follows
what the parent wrote while waiting; one click opens the family's request with the parent's
words, and rejecting it asks for confirmation first. Then a parent whose cancellation head
office has done hears that the registration has stopped, and is not offered to cancel
again."""

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from tests.support.chat import latest_code_in_outbox
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.dates import month_day
from tests.support.parents import WebsiteParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS, import_export
from tests.support.stack import RunningStack
from tests.support.takeover import ASK, WAITING

PASSWORD = "een-lang-wachtwoord-voor-de-test"


def family(number: str, child: str, email: str, phone: str) -> str:
    return (
        f"{number},{child},{month_day(-14).isoformat()},Ouder {child},{email},{phone},kdv,"
        f"TST-SEC,di|wo|do,{month_day(2, 1).isoformat()},{month_day(-6).isoformat()},"
        "none,waiting\n"
    )


@pytest.fixture
def parent(default_stack: RunningStack) -> Iterator[WebsiteParent]:
    website = WebsiteParent(default_stack)
    yield website
    website.close()


@pytest.fixture
def staff_page(browser: Browser, default_stack: RunningStack) -> Iterator[Page]:
    boss = StaffConsole(default_stack)
    email = f"noor-{uuid.uuid4().hex[:8]}@example.nl"
    made = boss.post(
        "/staff", {"email": email, "name": "Noor Jansen", "password": PASSWORD, "role": "agent"}
    )
    assert made.status_code == 201, made.text
    context: BrowserContext = browser.new_context(
        viewport={"width": 1400, "height": 1000}, base_url=default_stack.console_url
    )
    page = context.new_page()
    sign_in_browser(page, default_stack.console_url, email, PASSWORD)
    yield page
    context.close()


def verify(
    parent: WebsiteParent, outbox: Path, first: str, number: str, email: str, read_back: str
) -> int:
    """The parent's first message asks for a change; the identity check follows, then the
    read-back of the request."""
    parent.say(first)
    seen = parent.wait_for("inschrijfnummer")
    parent.say(number)
    seen = parent.wait_for("geboortedatum", after=seen + 1)
    parent.say(month_day(-14).strftime("%d-%m-%Y"))
    seen = parent.wait_for("controlecode", after=seen + 1)
    parent.say(latest_code_in_outbox(outbox, email))
    return parent.wait_for(read_back, after=seen + 1)


def test_an_agent_reads_the_context_and_a_reject_asks_first(
    default_stack: RunningStack,
    parent: WebsiteParent,
    staff_page: Page,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    number, email, phone = "INS-970501", "ouder.finn@example.nl", "+31611110501"
    import_export(
        default_stack,
        tmp_path_factory.mktemp("context-browser"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=HEADER + family(number, "Finn", email, phone),
    )
    outbox = default_stack.var_dir / "outbox"
    seen = verify(
        parent, outbox, "Kunnen we de vrijdag erbij krijgen?", number, email, "Klopt dat?"
    )
    parent.say("ja")
    seen = parent.wait_for("ik heb uw verzoek doorgegeven", after=seen + 1)
    parent.say(ASK)
    seen = parent.wait_for(*WAITING, after=seen + 1)
    parent.say("Het gaat eigenlijk over de factuur van oktober")

    staff = StaffConsole(default_stack)
    handoff = staff.open_handoff(parent.sender)
    assert handoff["registration_number"] == number

    page = staff_page
    page.goto(f"/conversations/{handoff['id']}")
    expect(page.locator("#who")).to_contain_text(f"Finn · {number} · KDV · di, wo, do")
    expect(page.locator("#parent")).to_contain_text("Ouder Finn")
    expect(page.locator("#parent")).to_contain_text(email)
    expect(page.locator(f'#parent a[href="tel:{phone}"]')).to_have_count(1)
    registration = page.locator("#registration")
    expect(registration).to_contain_text("dinsdag, woensdag en donderdag")
    expect(registration).to_contain_text("Testlocatie Slot")
    expect(registration).to_contain_text("wachten op een aanbod")
    expect(registration).not_to_contain_text('["di"')
    expect(page.locator("#summary")).to_contain_text("factuur van oktober", timeout=10000)
    # the bot's internals only on request
    expect(page.locator("#slots")).not_to_be_visible()
    page.click("#technical summary")
    expect(page.locator("#slots")).to_be_visible()

    # the family's request, one click away, with its context
    page.click("#family a:has-text('Wijziging')")
    expect(page).to_have_url(re.compile(rf"/requests\?number={number}&status=all&request=\d+$"))
    row = page.locator("tr.wanted")
    expect(row).to_contain_text("Finn")
    expect(row).to_contain_text("vrijdag erbij")
    expect(row).to_contain_text("staat op de wachtlijst · dinsdag, woensdag en donderdag")
    row.get_by_role("button", name="Oppakken").click()
    row = page.locator("tr.wanted")
    expect(row.locator("textarea")).to_have_count(2, timeout=5000)
    row.locator("textarea").nth(1).fill("Vrijdag is helaas vol.")
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    row.get_by_role("button", name="Afwijzen").click()
    expect(row.locator("button", has_text="Afwijzen")).to_be_visible()
    assert asked and "afwijzen" in asked[0] and "Vrijdag is helaas vol." in asked[0]
    [request] = staff.get(f"/requests?number={number}&status=all")
    assert request["status"] == "claimed"  # nothing happened

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Afwijzen").click()
    expect(page.locator(f"tr[data-request='{request['id']}']")).to_contain_text(
        "Vrijdag is helaas vol.", timeout=5000
    )
    assert staff.get(f"/requests/{request['id']}")["status"] == "rejected"


def test_after_a_cancellation_is_done_the_bot_says_it_has_stopped(
    default_stack: RunningStack, parent: WebsiteParent, tmp_path_factory: pytest.TempPathFactory
) -> None:
    number, email = "INS-970502", "ouder.sven@example.nl"
    import_export(
        default_stack,
        tmp_path_factory.mktemp("cancel-done"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=HEADER + family(number, "Sven", email, "+31611110502"),
    )
    outbox = default_stack.var_dir / "outbox"
    first = "Ik wil de inschrijving van Sven intrekken, we verhuizen naar Amersfoort"
    seen = verify(parent, outbox, first, number, email, "Dan stop ik de hele inschrijving")
    parent.say("ja")
    seen = parent.wait_for("ik heb uw verzoek doorgegeven", after=seen + 1)

    staff = StaffConsole(default_stack)
    [request] = staff.get(f"/requests?number={number}")
    assert "we verhuizen naar Amersfoort" in request["details"]
    assert staff.post(f"/requests/{request['id']}/claim").status_code == 200
    closed = staff.post(
        f"/requests/{request['id']}/close",
        {"outcome": "resolved", "message": "We hebben de inschrijving van Sven stopgezet."},
    )
    assert closed.status_code == 200, closed.text
    seen = parent.wait_for("stopgezet", after=seen + 1)

    parent.say("Dus staat Sven nu niet meer op de wachtlijst?")
    seen = parent.wait_for("Deze inschrijving is gestopt", after=seen + 1)
    parent.say("Ik wil de inschrijving intrekken")
    parent.wait_for("Deze inschrijving is gestopt", after=seen + 1)
    after_done = parent.texts()[seen + 1 :]
    assert not any("Dan stop ik de hele inschrijving" in text for text in after_done)
