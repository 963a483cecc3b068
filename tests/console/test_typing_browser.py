"""Typing indicators and keyboard shortcuts in Chromium (issue 30), against the running
stack: a parent in the website widget on the demo page sees "Medewerker typt…" while the
staff member types, and staff see "Ouder typt…" while the parent does; "/" in the reply box
inserts a canned reply, Alt+O claims, Alt+T hands back after the same confirmation as the
button."""

import uuid

from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from bot.conversation.texts import say
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.parents import WebsiteParent
from tests.support.stack import RunningStack
from tests.support.takeover import ASK, WAITING, escalate

PASSWORD = "een-lang-wachtwoord-voor-de-test"


def agent_page(
    boss: StaffConsole, browser: Browser, contexts: list[BrowserContext], stack: RunningStack
) -> tuple[Page, str]:
    """A new agent signed in to the console in a browser of their own; their name."""
    name = f"Fleur {uuid.uuid4().hex[:6]}"
    email = f"fleur-{uuid.uuid4().hex[:8]}@example.nl"
    made = boss.post(
        "/staff", {"email": email, "name": name, "password": PASSWORD, "role": "agent"}
    )
    assert made.status_code == 201, made.text
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=stack.console_url
    )
    contexts.append(context)
    page = context.new_page()
    sign_in_browser(page, stack.console_url, email, PASSWORD)
    expect(page).to_have_url(f"{stack.console_url}/")
    return page, name


def widget_parent(browser: Browser, contexts: list[BrowserContext], stack: RunningStack) -> Page:
    """A parent on the demo site who opened the chat and asked for a person."""
    context = browser.new_context(locale="nl-NL")
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{stack.rasa_url}/webhooks/website/demo")
    page.get_by_role("button", name="Chat met ons").click()
    expect(page.locator(".pc-widget")).to_have_attribute("data-session", "ready")
    page.get_by_label("Uw bericht").fill(ASK)
    page.get_by_label("Uw bericht").press("Enter")
    waiting = page.locator(".pc-bot", has_text=WAITING[0])
    for words in WAITING[1:]:
        waiting = waiting.or_(page.locator(".pc-bot", has_text=words))
    expect(waiting.first).to_be_visible(timeout=20000)
    return page


def sender_of(page: Page) -> str:
    session = page.evaluate("sessionStorage.getItem('placement-chat-session')")
    return "website:" + session.split(".")[0]


def test_parent_and_staff_see_each_other_typing(
    default_stack: RunningStack, boss: StaffConsole, browser: Browser, contexts
) -> None:
    parent = widget_parent(browser, contexts, default_stack)
    handoff = boss.open_handoff(sender_of(parent))
    staff, name = agent_page(boss, browser, contexts, default_stack)
    staff.goto(f"/conversations/{handoff['id']}")
    expect(staff.locator("#claim")).to_be_enabled(timeout=5000)
    staff.keyboard.press("Alt+O")  # claims, as the button does
    expect(staff.locator("#reply")).to_be_focused(timeout=5000)
    expect(parent.locator(".pc-bot").last).to_have_text(say("staff_joined", name=name))

    typing = parent.locator(".pc-typing")
    expect(typing).to_be_hidden()
    staff.locator("#reply").press_sequentially("Goedemiddag, ik kijk even met u mee")
    expect(typing).to_have_text("Medewerker typt…", timeout=5000)
    staff.keyboard.press("Enter")
    # a staff member's message, under their name (review30 P3)
    expect(parent.locator(".pc-staff").last).to_have_text("Goedemiddag, ik kijk even met u mee")
    expect(parent.locator(".pc-who").last).to_have_text(name)
    expect(typing).to_be_hidden()  # the message came

    parent_typing = staff.locator("#parent-typing")
    expect(parent_typing).to_be_hidden()
    box = parent.get_by_label("Uw bericht")
    box.press_sequentially("Dank u, het gaat over")
    expect(parent_typing).to_have_text("Ouder typt…", timeout=5000)
    box.press_sequentially(" de wenperiode.")
    box.press("Enter")
    expect(staff.locator("#messages")).to_contain_text("het gaat over de wenperiode", timeout=5000)
    expect(parent_typing).to_be_hidden(timeout=5000)


def test_a_canned_reply_by_slash_and_the_hand_back_by_alt_t(
    default_stack: RunningStack, boss: StaffConsole, browser: Browser, contexts
) -> None:
    title = f"Wenperiode {uuid.uuid4().hex[:6]}"
    text = "De wenperiode duurt meestal twee weken. U spreekt de dagen af met de groep."
    made = boss.post("/canned-replies", {"title": title, "text": text})
    assert made.status_code == 201, made.text
    parent = WebsiteParent(default_stack)
    try:
        handoff = escalate(parent, boss)
        staff, _ = agent_page(boss, browser, contexts, default_stack)
        staff.goto(f"/conversations/{handoff['id']}")
        expect(staff.locator("#claim")).to_be_enabled(timeout=5000)
        staff.click("#claim")
        reply = staff.locator("#reply")
        expect(reply).to_be_focused(timeout=5000)

        # "?" outside a text field shows the shortcuts; in the reply box it is just a "?"
        staff.locator("h1").click()
        staff.keyboard.press("?")
        expect(staff.locator("#shortcuts dl")).to_be_visible()
        expect(staff.locator("#shortcuts")).to_contain_text("Teruggeven aan de assistent")

        reply.press_sequentially(f"/{title.split()[1]}")  # the unique part of the title
        menu = staff.locator("#canned-menu")
        expect(menu.locator("li")).to_have_count(1)
        expect(menu.locator("li")).to_contain_text(title)
        reply.press("Enter")  # inserts, does not send
        expect(reply).to_have_value(text)
        expect(menu).to_be_hidden()
        reply.press("Enter")
        parent.wait_for(text)

        reply.press_sequentially("/niets dat zo heet")  # no match: a message like any other
        expect(menu).to_be_hidden()
        reply.fill("")

        questions: list[str] = []

        def answer(accept: bool):
            def handle(dialog: Dialog) -> None:
                questions.append(dialog.message)
                dialog.accept() if accept else dialog.dismiss()

            return handle

        staff.once("dialog", answer(False))
        staff.keyboard.press("Alt+T")
        expect(staff.locator("#status")).to_have_text("in behandeling")
        staff.wait_for_timeout(1500)  # a poll or two: still with staff
        expect(staff.locator("#status")).to_have_text("in behandeling")

        staff.once("dialog", answer(True))
        staff.keyboard.press("Alt+T")
        expect(staff.locator("#status")).to_have_text("terug bij de assistent", timeout=5000)
        # the closing the console proposed (its wish suits the hour: "Fijne avond!" after 18:00)
        closing = staff.locator("#closing").input_value()
        assert closing in (say("staff_closing"), say("staff_closing_evening"))
        assert (
            questions
            == [
                f"Het gesprek teruggeven aan de assistent? De ouder krijgt dit afsluitende bericht:"
                f"\n\n{closing}"
            ]
            * 2
        )
        parent.wait_for(closing)
        parent.wait_for(say("bot_back"))
    finally:
        parent.close()
