"""The conversation view in Chromium (review30), against the running stack with website
parents (socket.io): a colleague's note shows live with its time and author; an English
parent's closing is proposed in English, with the hour's wish, and reaches the parent; the
transcript and the score go on after the hand-back without a reload; an agent opening a
colleague's closed conversation sees why, with every control switched off."""

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.console.conversations import closing_text
from bot.conversation.texts import say, template
from bot.shared import clock
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.parents import WebsiteParent
from tests.support.stack import RunningStack
from tests.support.takeover import ASK, escalate

PASSWORD = "een-lang-wachtwoord-voor-de-test"
ENGLISH_WAITING = tuple(
    template(key, "en").split("{")[0]
    for key in ("handoff_open", "handoff_closed_now", "handoff_closing")
)


@pytest.fixture
def parent(default_stack: RunningStack) -> Iterator[WebsiteParent]:
    website = WebsiteParent(default_stack)
    yield website
    website.close()


def signed_in(
    browser: Browser, contexts: list, stack: RunningStack, email: str, password: str
) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=stack.console_url
    )
    contexts.append(context)
    page = context.new_page()
    sign_in_browser(page, stack.console_url, email, password)  # admins: with the second factor
    expect(page).to_have_url(f"{stack.console_url}/")
    return page


def new_agent(
    boss: StaffConsole, browser: Browser, contexts: list, stack: RunningStack
) -> tuple[Page, str]:
    name = f"Sanne {uuid.uuid4().hex[:6]}"
    email = f"sanne-{uuid.uuid4().hex[:8]}@example.nl"
    made = boss.post(
        "/staff", {"email": email, "name": name, "password": PASSWORD, "role": "agent"}
    )
    assert made.status_code == 201, made.text
    return signed_in(browser, contexts, stack, email, PASSWORD), name


def admin_page(browser: Browser, contexts: list, stack: RunningStack) -> Page:
    email, password = (stack.var_dir / "demo-admin.txt").read_text().split()
    return signed_in(browser, contexts, stack, email, password)


def claim(page: Page, handoff_id: int) -> None:
    page.goto(f"/conversations/{handoff_id}")
    expect(page.locator("#claim")).to_be_enabled(timeout=5000)
    page.click("#claim")
    expect(page.locator("#reply")).to_be_enabled(timeout=5000)


def test_a_colleagues_note_shows_live_with_time_and_author(
    default_stack: RunningStack,
    boss: StaffConsole,
    parent: WebsiteParent,
    browser: Browser,
    contexts,
) -> None:
    handoff = escalate(parent, boss)
    agent, _ = new_agent(boss, browser, contexts, default_stack)
    claim(agent, handoff["id"])
    admin = admin_page(browser, contexts, default_stack)
    admin.goto(f"/conversations/{handoff['id']}")
    # the page's script has the conversation (its form handlers are set)
    expect(admin.locator("#status")).to_have_text("in behandeling", timeout=10000)
    admin.fill("#note", "Moeder belt om drie uur terug")
    admin.click("#note-form button[type=submit]")
    expect(admin.locator("#notes li", has_text="Moeder belt om drie uur terug")).to_be_visible(
        timeout=10000
    )
    note = agent.locator("#notes li", has_text="Moeder belt om drie uur terug")
    expect(note).to_be_visible(timeout=10000)  # no reload: the live feed carries it
    expect(note.locator("strong")).to_have_text(boss.staff_name)
    expect(note.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    expect(admin.locator("#notes li strong")).to_have_text("Ik")


def test_an_english_parent_gets_the_closing_in_english_and_staff_read_how_it_ended(
    default_stack: RunningStack,
    boss: StaffConsole,
    parent: WebsiteParent,
    browser: Browser,
    contexts,
) -> None:
    start = len(parent.texts())
    parent.say("Hello, I would like to talk to a person please")
    parent.wait_for(*ENGLISH_WAITING, after=start)
    handoff = boss.open_handoff(parent.sender)
    assert handoff["language"] == "en"
    agent, name = new_agent(boss, browser, contexts, default_stack)
    claim(agent, handoff["id"])
    proposed = closing_text("en", clock.now())
    expect(agent.locator("#closing")).to_have_value(proposed)
    assert proposed.endswith(("Have a nice day!", "Have a good evening!"))

    agent.once("dialog", lambda dialog: dialog.accept())
    agent.click("#handback-form button[type=submit]")
    asked = parent.wait_for(say("ask_satisfaction", "en"))
    assert proposed in parent.texts()[:asked]
    expect(agent.locator("#status")).to_have_text("terug bij de assistent", timeout=5000)
    expect(agent.locator("#context")).to_contain_text("nog geen antwoord")
    expect(agent.locator("#messages")).to_contain_text(say("ask_satisfaction", "en"), timeout=5000)

    parent.say("4, sorted quickly")
    parent.wait_for(say("satisfaction_thanks", "en"), after=asked + 1)
    # without a reload: the score in the transcript and in the context panel
    expect(agent.locator("#messages")).to_contain_text("4, sorted quickly", timeout=5000)
    expect(agent.locator("#messages")).to_contain_text(say("satisfaction_thanks", "en"))
    expect(agent.locator("#context")).to_contain_text("4/5 – sorted quickly", timeout=5000)
    assert name  # the agent who handed back read all of it


def test_a_colleagues_closed_conversation_is_shut(
    default_stack: RunningStack,
    boss: StaffConsole,
    parent: WebsiteParent,
    browser: Browser,
    contexts,
) -> None:
    handoff = escalate(parent, boss)
    claimed = boss.post(f"/conversations/{handoff['id']}/claim")
    assert claimed.status_code == 200, claimed.text
    done = boss.post(f"/conversations/{handoff['id']}/handback", {"message": ""})
    assert done.status_code == 200, done.text
    agent, _ = new_agent(boss, browser, contexts, default_stack)
    agent.goto(f"/conversations/{handoff['id']}")
    expect(agent.locator("#closed-error")).to_have_text(
        "Dit gesprek is afgesloten door een collega; vraag een beheerder.", timeout=5000
    )
    for control in (
        "#claim",
        "#assign",
        "#release",
        "#reply",
        "#closing",
        "#note",
        "#canned",
        "#reply-form button[type=submit]",
        "#handback-form button[type=submit]",
        "#note-form button[type=submit]",
    ):
        expect(agent.locator(control)).to_be_disabled()
    expect(agent.locator("#export")).to_be_hidden()


def test_a_staff_reply_looks_like_a_persons_in_the_widget(
    default_stack: RunningStack, boss: StaffConsole, browser: Browser, contexts
) -> None:
    """Review30 P3: in the website widget a staff reply shows the staff member's name and
    another bubble than the assistant's."""
    context = browser.new_context(locale="nl-NL")
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{default_stack.rasa_url}/webhooks/website/demo")
    page.get_by_role("button", name="Chat met ons").click()
    expect(page.locator(".pc-widget")).to_have_attribute("data-session", "ready")
    page.get_by_label("Uw bericht").fill(ASK)
    page.get_by_label("Uw bericht").press("Enter")
    session = page.evaluate("sessionStorage.getItem('placement-chat-session')")
    handoff = boss.open_handoff("website:" + session.split(".")[0], timeout=30)
    assert boss.post(f"/conversations/{handoff['id']}/claim").status_code == 200
    reply = boss.post(f"/conversations/{handoff['id']}/reply", {"text": "Goedemiddag, ik help u."})
    assert reply.status_code == 200, reply.text
    expect(page.locator(".pc-staff").last).to_have_text("Goedemiddag, ik help u.", timeout=10000)
    expect(page.locator(".pc-who").last).to_have_text(boss.staff_name)
    expect(page.locator(".pc-bot", has_text="Goedemiddag, ik help u.")).to_have_count(0)
    colours = page.evaluate(
        "[...document.querySelectorAll('.pc-bot, .pc-staff')]"
        ".map(e => getComputedStyle(e).backgroundColor)"
    )
    assert len(set(colours)) == 2  # the assistant's bubbles and the staff member's differ
