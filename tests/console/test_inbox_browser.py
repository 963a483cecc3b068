"""Head office's inbox loop in Chromium (issue 30), against the running stack with a
website parent (socket.io): a conversation changes hands (a transfer, an admin's take-over,
an agent blocked while holding one), staff are alerted (unread counts, the title, a
notification), two staff on one conversation see each other, and the transcript stays where
staff scrolled while messages arrive."""

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bot.conversation.texts import say
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.parents import WebsiteParent
from tests.support.stack import RunningStack
from tests.support.takeover import escalate

PASSWORD = "een-lang-wachtwoord-voor-de-test"
# the Notification API as the page calls it, recorded (the permission is granted below)
RECORD_NOTIFICATIONS = """
window.__notified = [];
const Real = window.Notification;
window.Notification = class extends Real {
  constructor(title, options) { super(title, options); window.__notified.push(title); }
};
window.Notification.requestPermission = Real.requestPermission.bind(Real);
Object.defineProperty(window.Notification, "permission", { get: () => Real.permission });
"""


def new_agent(boss: StaffConsole, name: str) -> dict:
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.nl"
    made = boss.post(
        "/staff", {"email": email, "name": name, "password": PASSWORD, "role": "agent"}
    )
    assert made.status_code == 201, made.text
    return made.json()


def signed_in(
    browser: Browser, contexts: list[BrowserContext], stack: RunningStack, email: str, password: str
) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        permissions=["notifications"],
        base_url=stack.console_url,
    )
    context.add_init_script(RECORD_NOTIFICATIONS)
    contexts.append(context)
    page = context.new_page()
    sign_in_browser(page, stack.console_url, email, password)  # admins: with the second factor
    expect(page).to_have_url(f"{stack.console_url}/")
    return page


def admin_page(browser, contexts, stack: RunningStack) -> Page:
    email, password = (stack.var_dir / "demo-admin.txt").read_text().split()
    return signed_in(browser, contexts, stack, email, password)


@pytest.fixture
def parent(default_stack: RunningStack) -> Iterator[WebsiteParent]:
    website = WebsiteParent(default_stack)
    yield website
    website.close()


def claim_in_browser(page: Page, handoff_id: int) -> None:
    page.goto(f"/conversations/{handoff_id}")
    expect(page.locator("#claim")).to_be_enabled(timeout=5000)
    page.click("#claim")
    expect(page.locator("#reply")).to_be_enabled(timeout=5000)
    expect(page.locator("#reply")).to_be_focused()


def test_a_transfer_and_an_admins_take_over(default_stack, boss, parent, browser, contexts) -> None:
    sanne, tom = new_agent(boss, "Sanne de Vries"), new_agent(boss, "Tom Bakker")
    handoff = escalate(parent, boss)
    page = signed_in(browser, contexts, default_stack, sanne["email"], PASSWORD)
    claim_in_browser(page, handoff["id"])
    parent.wait_for(say("staff_joined", name="Sanne de Vries"))

    # the list offers only colleagues who can reply: no management account
    manager = boss.post(
        "/staff",
        {
            "email": f"m-{uuid.uuid4().hex[:6]}@example.nl",
            "name": "Mia Manager",
            "password": PASSWORD,
            "role": "management",
        },
    )
    assert manager.status_code == 201
    page.reload()
    expect(page.locator("#assign-to option", has_text="Tom Bakker")).to_have_count(1, timeout=5000)
    options = page.locator("#assign-to option").all_inner_texts()
    assert "Tom Bakker" in options and "Mia Manager" not in options

    page.select_option("#assign-to", label="Tom Bakker")
    page.click("#assign")
    expect(page.locator("#assignee")).to_have_text("Behandeld door Tom Bakker", timeout=5000)
    expect(page.locator("#reply")).to_be_disabled()
    parent.wait_for(say("staff_joined", name="Tom Bakker"))

    admin = admin_page(browser, contexts, default_stack)
    admin.goto(f"/conversations/{handoff['id']}")
    expect(admin.locator("#claim")).to_be_enabled(timeout=5000)
    admin.click("#claim")
    expect(admin.locator("#assignee")).to_have_text(
        f"Behandeld door {boss.staff_name}", timeout=5000
    )
    admin.fill("#reply", "Ik neem het even over van mijn collega.")
    admin.press("#reply", "Enter")
    parent.wait_for("Ik neem het even over van mijn collega.")

    audit = [
        (e["action"], e["detail"])
        for e in boss.get("/audit")
        if e["handoff_id"] == handoff["id"] and e["action"] in ("assign", "claim")
    ]
    assert (
        "claim",
        f"from {tom['email']}",
    ) in audit and ("assign", f"to {tom['email']} from {sanne['email']}") in audit


def test_an_agent_blocked_while_holding_a_conversation(
    default_stack, boss, parent, browser, contexts
) -> None:
    sanne, tom = new_agent(boss, "Sanne Jansen"), new_agent(boss, "Tom de Boer")
    handoff = escalate(parent, boss)
    page = signed_in(browser, contexts, default_stack, sanne["email"], PASSWORD)
    claim_in_browser(page, handoff["id"])

    blocked = boss.http.patch(
        f"{boss.url}/api/staff/{sanne['id']}",
        json={"active": False},
        headers={"X-CSRF-Token": boss.csrf},
        timeout=10,
    )
    assert blocked.ok, blocked.text
    expect(page).to_have_url(re.compile(r"/login$"), timeout=5000)  # logged out at once

    other = signed_in(browser, contexts, default_stack, tom["email"], PASSWORD)
    row = other.locator(f'#queue tbody tr[data-handoff="{handoff["id"]}"]')
    # back in the queue with nobody's name in its status (the summary quotes the bot's
    # "Sanne Jansen … neemt het gesprek over", which is history, not the owner)
    status = row.locator("td").nth(2)
    expect(status).to_have_text("wacht", timeout=5000)
    row.get_by_role("link", name="Openen").click()
    other.click("#claim")
    expect(other.locator("#reply")).to_be_focused(timeout=5000)
    other.keyboard.type("Goedemiddag, ik help u verder.")
    other.keyboard.press("Enter")
    parent.wait_for("Goedemiddag, ik help u verder.")
    expect(other.locator("#reply")).to_have_value("")


def test_a_new_parent_message_raises_the_unread_counts_and_notifies(
    default_stack, boss, parent, browser, contexts
) -> None:
    agent = new_agent(boss, "Noor Visser")
    page = signed_in(browser, contexts, default_stack, agent["email"], PASSWORD)
    expect(page.locator("#notify-state")).to_have_text("Meldingen staan aan.")
    page.wait_for_timeout(1500)  # the queue as it was: no alert for what already waited

    handoff = escalate(parent, boss)
    row = page.locator(f'#queue tbody tr[data-handoff="{handoff["id"]}"]')
    expect(row.locator(".unread")).to_have_text("1", timeout=5000)
    expect(page).to_have_title(re.compile(r"^\(\d+\) Wachtrij"))
    page.wait_for_function(
        "window.__notified.includes('Nieuw gesprek in de wachtrij')", timeout=5000
    )

    claim_in_browser(page, handoff["id"])  # read now
    page.goto("/")
    expect(row).to_be_visible(timeout=5000)
    expect(row.locator(".unread")).to_have_count(0)
    before = page.title()
    parent.say("Het gaat eigenlijk over de factuur.")
    expect(row.locator(".unread")).to_have_text("1", timeout=5000)
    page.wait_for_function(
        "window.__notified.includes('Nieuw bericht van een ouder')", timeout=5000
    )
    count = re.match(r"^\((\d+)\)", page.title())
    assert count and int(count.group(1)) == int((re.match(r"^\((\d+)\)", before) or [0, 0])[1]) + 1


def test_two_staff_on_one_conversation_see_each_other(
    default_stack, boss, parent, browser, contexts
) -> None:
    agent = new_agent(boss, "Lotte Smit")
    handoff = escalate(parent, boss)
    page = signed_in(browser, contexts, default_stack, agent["email"], PASSWORD)
    claim_in_browser(page, handoff["id"])
    admin = admin_page(browser, contexts, default_stack)
    admin.goto(f"/conversations/{handoff['id']}")

    expect(page.locator("#viewers")).to_have_text(
        f"{boss.staff_name} bekijkt dit gesprek ook", timeout=5000
    )
    expect(admin.locator("#viewers")).to_have_text(
        "Lotte Smit bekijkt dit gesprek ook", timeout=5000
    )
    page.locator("#reply").press_sequentially("Een ogenblik")
    expect(admin.locator("#viewers")).to_have_text(
        "Lotte Smit schrijft een antwoord…", timeout=5000
    )
    expect(admin.locator("#presence")).to_have_text("De ouder is verbonden met de chat.")

    # the draft survives a reload
    page.reload()
    expect(page.locator("#reply")).to_have_value("Een ogenblik", timeout=5000)
    admin.close()
    expect(page.locator("#viewers")).to_be_hidden(timeout=10000)


def test_the_transcript_keeps_its_place_while_messages_arrive(
    default_stack, boss, parent, browser, contexts
) -> None:
    agent = new_agent(boss, "Emma de Wit")
    handoff = escalate(parent, boss)
    page = signed_in(browser, contexts, default_stack, agent["email"], PASSWORD)
    claim_in_browser(page, handoff["id"])
    for n in range(14):
        parent.say(f"Regel {n} van mijn lange verhaal over de opvang.")
    messages = page.locator("#messages")
    expect(messages).to_contain_text("Regel 13 van mijn", timeout=10000)
    at_bottom = "el => el.scrollHeight - el.scrollTop - el.clientHeight < 24"
    assert messages.evaluate(at_bottom)  # followed while at the bottom

    messages.evaluate("el => { el.scrollTop = 0; }")
    first = page.locator("#messages li .text").first
    first.select_text()
    selected = page.evaluate("window.getSelection().toString()")
    assert selected
    parent.say("En nog een vraag over de wenperiode.")
    expect(messages).to_contain_text("wenperiode", timeout=5000)
    expect(page.locator("#new-messages")).to_be_visible()
    page.wait_for_timeout(1500)  # more polls
    assert messages.evaluate("el => el.scrollTop") == 0
    assert page.evaluate("window.getSelection().toString()") == selected

    page.click("#new-messages")
    assert messages.evaluate(at_bottom)
    expect(page.locator("#new-messages")).to_be_hidden()
