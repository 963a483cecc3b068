"""The whole escalation against the real servers (`make run`), with Chromium driving the
staff console: a parent on Rasa's callback channel asks for a person, a staff member logs
in, sees the conversation with its context, claims it and replies, the parent answers,
the staff member hands back, the parent rates the help and the bot answers again.

Screenshots of the queue and the conversation are written to docs/screenshots/."""

import uuid
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Browser, Page, expect

from bot.conversation.texts import say
from tests.support.channels import CALLBACK_TOKEN
from tests.support.console import sign_in_browser
from tests.support.http_recorder import Recorder
from tests.support.stack import RunningStack
from tests.support.takeover import WAITING

XSS = 'Dank u! <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


class Parent:
    """A parent on the callback channel; the bot's messages arrive at the callback sink."""

    def __init__(self, stack: RunningStack, sink: Recorder) -> None:
        self.stack, self.sink = stack, sink
        self.sender = f"parent-{uuid.uuid4().hex}"

    def say(self, text: str) -> None:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/callback/webhook",
            json={"sender": self.sender, "message": text},
            headers={"authorization": f"Bearer {CALLBACK_TOKEN}"},
            timeout=30,
        )
        assert response.text == "success"

    def receives(self, text: str, timeout: float = 30) -> dict[str, Any]:
        return self.sink.wait_for(
            lambda m: m.get("recipient_id") == self.sender and m.get("text") == text, timeout
        )

    def received(self) -> list[str]:
        return [
            m.get("text", "") for m in self.sink.received if m.get("recipient_id") == self.sender
        ]


def demo_admin(stack: RunningStack) -> tuple[str, str]:
    email, password = (stack.var_dir / "demo-admin.txt").read_text().split()
    return email, password


def newest_handoff(page: Page, stack: RunningStack) -> int:
    """The id of the newest open handoff: the one this test's parent just started (earlier
    tests on the same stack leave handoffs with the same summary)."""
    return max(
        int(entry["id"]) for entry in page.request.get(f"{stack.console_url}/api/queue").json()
    )


def log_in(page: Page, stack: RunningStack) -> None:
    email, password = demo_admin(stack)
    sign_in_browser(page, stack.console_url, email, password)
    expect(page).to_have_url(f"{stack.console_url}/")


def test_parent_staff_and_bot_share_the_conversation(
    default_stack: RunningStack, callback_sink: Recorder, browser: Browser, screenshots: Path
) -> None:
    assert "Staff console: http://" in default_stack.text()
    parent = Parent(default_stack, callback_sink)
    parent.say("/request_human")
    parent.receives(say("session_intro"))
    waiting = [t for t in parent.received() if t.startswith(WAITING)]
    assert waiting, parent.received()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, default_stack)
    own = newest_handoff(page, default_stack)
    row = page.locator(f'#queue tbody tr[data-handoff="{own}"]')
    expect(row).to_be_visible(timeout=2000)
    expect(row).to_contain_text("Ouder via website (callback), identiteit niet geverifieerd.")
    page.screenshot(path=str(screenshots / "queue.png"), full_page=True)

    row.get_by_role("link", name="Openen").click()
    handoff_id = page.url.rsplit("/", 1)[-1]
    expect(page.locator("#summary")).to_contain_text("ouder vroeg om een medewerker", timeout=2000)
    expect(page.locator("#context")).to_contain_text("niet geverifieerd")
    expect(page.locator("#messages")).to_contain_text("/request_human")

    with page.expect_response(lambda r: r.url.endswith("/claim")) as claimed:
        page.click("#claim")
    assert claimed.value.ok, claimed.value.text()
    parent.receives(say("staff_joined", name="Beheerder"))
    page.fill("#reply", "Goedemiddag, u spreekt met het plaatsingsbureau. Waarmee kan ik helpen?")
    page.click("#reply-form button[type=submit]")
    parent.receives("Goedemiddag, u spreekt met het plaatsingsbureau. Waarmee kan ik helpen?")

    before = len(parent.received())
    parent.say(XSS)  # while a person has the conversation, the bot stays silent
    expect(page.locator("#messages")).to_contain_text(XSS, timeout=2000)
    assert page.evaluate("window.__xss") is None
    assert len(parent.received()) == before
    page.fill("#note", "Ouder wil graag teruggebeld worden.")
    page.click("#note-form button[type=submit]")
    expect(page.locator("#notes")).to_contain_text("teruggebeld")
    page.screenshot(path=str(screenshots / "conversation.png"), full_page=True)

    page.fill("#closing", "Ik geef u terug aan de digitale assistent. Fijne dag!")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("#handback-form button[type=submit]")
    parent.receives("Ik geef u terug aan de digitale assistent. Fijne dag!")
    assert asked and asked[0].endswith("\n\nIk geef u terug aan de digitale assistent. Fijne dag!")
    parent.receives(say("bot_back"))
    question = parent.receives(say("ask_satisfaction"))
    assert [b["title"] for b in question["buttons"]] == ["1", "2", "3", "4", "5"]
    expect(page.locator("#status")).to_have_text("terug bij de assistent", timeout=3000)

    parent.say(question["buttons"][3]["payload"])
    parent.receives(say("satisfaction_thanks"))
    parent.say("/greet")
    parent.receives(say("greet"))

    actions = [
        (entry["action"], entry["staff"])
        for entry in page.request.get(f"{default_stack.console_url}/api/audit").json()
    ]
    story = [
        action
        for action, _ in reversed(actions)
        if action in ("login", "view", "claim", "reply", "note", "handback")
    ]
    assert story[-6:] == ["login", "view", "claim", "reply", "note", "handback"]
    feed = page.request.get(f"{default_stack.console_url}/api/conversations/{handoff_id}/messages")
    assert feed.json()["satisfaction"] == 4
    page.close()
