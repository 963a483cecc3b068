"""Head office edits without a developer, in Chromium against the running stack (issue
30): the admin changes the greeting in the console (a wrong placeholder first, refused next
to its field), previews it, saves it, and the next parent on the website widget (socket.io)
reads it, without a restart; one click puts texts.yml's text back. A closure day set for
today changes the handoff text that day. An admin changes a canned reply and an agent's
open conversation offers it changed, without a reload. What the tests change is put back at
the end: the stack is shared with other tests."""

import time
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.conversation.texts import template
from bot.edits.live import MAX_AGE_SECONDS
from bot.shared import clock
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.parents import WebsiteParent
from tests.support.stack import RunningStack
from tests.support.takeover import ASK, escalate

NEW_GREETING = "Goedendag! Fijn dat u er bent. Ik beantwoord uw vragen over de wachtlijst."
NEW_ENGLISH = "Good day! Glad you're here. I answer your questions about the waiting list."


@pytest.fixture
def admin(browser: Browser, default_stack: RunningStack) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, base_url=default_stack.console_url
    )
    page = context.new_page()
    email, password = (default_stack.var_dir / "demo-admin.txt").read_text().split()
    sign_in_browser(page, default_stack.console_url, email, password)
    yield page
    context.close()


@pytest.fixture
def put_back(default_stack: RunningStack) -> Iterator[StaffConsole]:
    """The texts and closure days as they were, after the test (other tests share them)."""
    console = StaffConsole(default_stack)
    yield console
    defaults = {form: template("greet", form) for form in ("u", "je", "en")}
    headers = {"X-CSRF-Token": console.csrf}
    console.http.put(f"{console.url}/api/edits/texts/greet", json=defaults, headers=headers)
    for closure in console.get("/edits/settings")["closures"]:
        console.http.delete(
            f"{console.url}/api/edits/settings/closures/{closure['day']}", headers=headers
        )


def next_parent(stack: RunningStack) -> WebsiteParent:
    """A new parent on the widget once the action server can have read the edit (it reads
    the edits again when they are MAX_AGE_SECONDS old)."""
    time.sleep(MAX_AGE_SECONDS + 0.5)
    return WebsiteParent(stack)


def test_an_admin_changes_a_text_and_the_next_parent_reads_it_without_a_restart(
    default_stack: RunningStack, admin: Page, put_back: StaffConsole
) -> None:
    admin.goto("/edits")
    admin.fill("#text-search", "wachtlijst, uw inschrijving")
    admin.select_option("#text-key", "texts:greet")
    expect(admin.locator("#text-u")).to_have_value(template("greet", "u"))

    # a placeholder the assistant cannot fill: refused next to its field, nothing saved
    admin.fill("#text-u", "Hallo {naam}! Waarmee kan ik u helpen?")
    admin.click("#text-save")
    expect(admin.locator("#error-u")).to_contain_text("{naam} kent de assistent hier niet")
    expect(admin.locator("#error-u")).to_be_in_viewport()
    expect(admin.locator("#text-saved")).to_have_text("Niet opgeslagen.")

    admin.fill("#text-u", NEW_GREETING)
    admin.fill("#text-en", NEW_ENGLISH)
    admin.click("#text-preview")
    expect(admin.locator("#preview-u .preview.whatsapp")).to_contain_text(NEW_GREETING)
    expect(admin.locator("#preview-en .preview.messenger")).to_contain_text(NEW_ENGLISH)
    expect(admin.locator("#error-u")).to_be_hidden()
    admin.click("#text-save")
    expect(admin.locator("#text-saved")).to_contain_text("Opgeslagen.")
    expect(admin.locator("#edited-u")).to_be_visible()
    expect(admin.locator("#text-history tbody tr")).to_have_count(2)

    parent = next_parent(default_stack)
    try:
        parent.say("Hallo")
        parent.wait_for(NEW_GREETING)
    finally:
        parent.close()
    audit = [(e["action"], e["detail"]) for e in put_back.get("/audit")]
    assert ("edit_text", "greet: u, en") in audit

    # back to texts.yml's greeting in one click, as two more rows of the history
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.click("#text-default")
    expect(admin.locator("#edited-u")).to_be_hidden()
    expect(admin.locator("#text-u")).to_have_value(template("greet", "u"))
    expect(admin.locator("#text-history tbody tr")).to_have_count(4)


def test_a_closure_day_set_for_today_changes_the_handoff_text_that_day(
    default_stack: RunningStack, admin: Page, put_back: StaffConsole
) -> None:
    today = clock.today()
    admin.goto("/edits")
    admin.fill("#closure-reason", "Teamdag")
    admin.click("#closure-add")
    expect(admin.locator("#error-day")).to_have_text("Kies een dag.")
    admin.fill("#closure-day", today.isoformat())
    admin.click("#closure-add")
    expect(admin.locator("#closures tbody")).to_contain_text("Teamdag")
    expect(admin.locator("#settings-history tbody")).to_contain_text(f"Sluitingsdag {today}")

    parent = next_parent(default_stack)
    try:
        parent.say(ASK)
        closed = template("handoff_closed_now")
        arrived = parent.wait_for(closed)
        said = parent.texts()[arrived]
    finally:
        parent.close()
    # closed all day: the parent hears when the office opens next, and that is not today
    assert said.startswith(closed), said
    assert "vandaag vanaf" not in said, said


def test_an_admin_changes_a_canned_reply_and_an_agents_picker_offers_it_without_a_restart(
    default_stack: RunningStack, admin: Page, browser: Browser, put_back: StaffConsole
) -> None:
    boss = put_back
    title = f"Even kijken {uuid.uuid4().hex[:4]}"
    made = boss.post("/canned-replies", {"title": title, "text": "Ik kijk het even voor u na."})
    assert made.status_code == 201, made.text
    reply_id = made.json()["id"]
    password = "een-lang-wachtwoord-voor-de-test"
    agent = boss.post(
        "/staff",
        {
            "email": f"sanne-{uuid.uuid4().hex[:8]}@example.nl",
            "name": "Sanne de Vries",
            "password": password,
            "role": "agent",
        },
    ).json()
    parent = WebsiteParent(default_stack)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=default_stack.console_url
    )
    try:
        handoff = escalate(parent, boss)
        page = context.new_page()
        sign_in_browser(page, default_stack.console_url, agent["email"], password)
        page.goto(f"/conversations/{handoff['id']}")
        expect(page.locator("#claim")).to_be_enabled(timeout=5000)
        page.click("#claim")
        expect(page.locator("#reply")).to_be_enabled(timeout=5000)
        expect(page.locator("#canned option", has_text=title)).to_have_count(1)

        admin.goto("/edits")
        admin.locator("#canned-list tr", has_text=title).get_by_role(
            "button", name="Wijzigen"
        ).click()
        expect(admin.locator("#canned-heading")).to_have_text(f"Wijzigen: {title}")
        admin.fill("#canned-text", "Ik kijk het even voor je na.")  # the u-text with je
        admin.click("#canned-save")
        expect(admin.locator("#error-canned-text")).to_have_text(
            "De u-tekst gebruikt je, jij of jouw."
        )
        admin.fill("#canned-title", f"{title} (nieuw)")
        admin.fill("#canned-text", "Een ogenblik, ik zoek het voor u op.")
        admin.click("#canned-save")
        expect(admin.locator("#canned-saved")).to_contain_text("Opgeslagen.")
        expect(admin.locator("#canned-history tbody tr")).to_have_count(2)

        # the agent's page, open all along: the list is read again when they go to it, and
        # every ten seconds whatever they do (the timeout: a loaded machine's slow answer)
        page.hover("#canned")
        page.focus("#canned")
        expect(page.locator("#canned option", has_text=f"{title} (nieuw)")).to_have_count(
            1, timeout=15_000
        )
        page.select_option("#canned", label=f"{title} (nieuw)")
        expect(page.locator("#reply")).to_have_value("Een ogenblik, ik zoek het voor u op.")
        audit = [(e["action"], e["detail"]) for e in boss.get("/audit")]
        assert ("canned_edit", f"{title} (nieuw)") in audit
    finally:
        context.close()
        parent.close()
        boss.http.delete(
            f"{boss.url}/api/canned-replies/{reply_id}", headers={"X-CSRF-Token": boss.csrf}
        )
