"""The website widget in Chromium on the demo page that `make run` serves: a short Dutch
conversation with a button, then a page reload that continues it."""

import sqlite3
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.conversation import formats
from bot.shared import clock
from tests.support.stack import RunningStack


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith("http://127.0.0.1") else None
        ),
    )
    yield page
    context.close()
    assert outside == [], "the demo page loaded something from outside"


def test_make_run_prints_the_demo_site(default_stack: RunningStack) -> None:
    demo = f"{default_stack.rasa_url}/webhooks/website/demo"
    assert f"Chat on the demo site: {demo}" in default_stack.text()


def test_a_conversation_with_buttons_survives_a_reload(
    default_stack: RunningStack, page: Page
) -> None:
    page.goto(f"{default_stack.rasa_url}/webhooks/website/demo")
    expect(page.get_by_role("heading", name="Een warme plek voor uw kind")).to_be_visible()
    page.get_by_role("button", name="Chat met ons").click()
    expect(page.locator(".pc-widget")).to_have_attribute("data-session", "ready")

    page.get_by_label("Uw bericht").fill("Hallo")
    page.get_by_role("button", name="Verstuur").click()
    # what the bot is and what is kept, said once: by the bot, not also by the widget
    expect(page.locator(".pc-bot").first).to_contain_text("digitale assistent")
    expect(page.locator(".pc-bot").first).to_contain_text("We bewaren dit gesprek 90 dagen")
    expect(page.locator(".pc-notice")).to_have_count(0)
    page.get_by_role("button", name="Hoe schrijf ik in?").click()
    expect(page.locator(".pc-user").last).to_have_text("Hoe schrijf ik in?")
    # the session's introduction, the greeting, then the answer
    expect(page.locator(".pc-bot").nth(2)).to_contain_text("Inschrijven")
    session = page.evaluate("sessionStorage.getItem('placement-chat-session')")

    page.reload()
    log = page.locator(".pc-log")
    expect(log).to_be_visible()  # the chat stays open
    expect(page.locator(".pc-widget")).to_have_attribute("data-session", "ready")
    expect(page.locator(".pc-user")).to_have_text(["Hallo", "Hoe schrijf ik in?"])
    expect(page.locator(".pc-bot").nth(2)).to_contain_text("Inschrijven")
    assert page.evaluate("sessionStorage.getItem('placement-chat-session')") == session

    page.get_by_role("button", name="Medewerker spreken").first.click()
    expect(page.locator(".pc-user")).to_have_count(3)
    expect(page.locator(".pc-bot").nth(3)).to_be_visible()  # answered in the same chat


def test_a_parent_from_an_updates_chat_link_is_greeted_as_answering_it(
    default_stack: RunningStack, page: Page
) -> None:
    # sent three days ago at 9.00 UTC (the same day in Amsterdam): the link is still valid
    sent = (clock.now() - timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    database = sqlite3.connect(default_stack.var_dir / "placement.db")
    with database:
        database.execute(
            "insert into update_messages (key, registration_number, moment, channel, status,"
            " attempts, created_at, detail, reference) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "INS-000004:periodic:cycle-9",
                "INS-000004",
                "periodic",
                "email",
                "sent",
                1,
                sent.strftime("%Y-%m-%d %H:%M:%S.%f"),
                "",
                "mail-link-ref-42",
            ),
        )
    database.close()

    page.goto(f"{default_stack.rasa_url}/webhooks/website/demo?update=mail-link-ref-42")
    page.get_by_role("button", name="Chat met ons").click()
    expect(page.locator(".pc-widget")).to_have_attribute("data-session", "ready")
    page.get_by_label("Uw bericht").fill("Hoi")
    page.get_by_role("button", name="Verstuur").click()

    greeting = f"u reageert op ons bericht van {formats.full_date(sent)}"
    expect(page.locator(".pc-log")).to_contain_text(greeting)
    database = sqlite3.connect(default_stack.var_dir / "placement.db")
    (replied,) = database.execute(
        "select replied_sender_id from update_messages where reference = 'mail-link-ref-42'"
    ).fetchone()
    database.close()
    assert replied and replied.startswith("website:")
