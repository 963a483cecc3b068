"""A staff reply reaches a website parent who closed the tab (issue 27): after hours the
parent asks for a person, leaves an e-mail address and closes the tab; the next working
day staff reply in the console; the reply arrives by e-mail (a local SMTP server,
aiosmtpd); the parent answers that mail by SMTP to the stack's inbound mail receiver;
staff read the answer in the same conversation; the link in the mail reopens the
conversation with its history. A forged reply address is refused, an altered or expired
link too. Its own stack: the office closed today, a short away time, mail through SMTP."""

import re
import smtplib
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, expect

from bot.conversation.texts import say
from bot.handoff.office_hours import WEEKDAY_CODES
from bot.shared import clock
from bot.shared.conversation_links import link_token
from tests.support.channels import RASA_TOKEN
from tests.support.console import StaffConsole, sign_in_browser
from tests.support.parents import WebsiteParent
from tests.support.ports import free_port
from tests.support.stack import RunningStack, start_make_run
from tests.support.takeover import ASK

CHROMIUM = Path("/usr/bin/chromium")  # as tests/conftest.py's browser fixture
AWAY_SECONDS = 3
ADDRESS = "sanne.devries@voorbeeld.nl"
REPLY = "Goedemorgen! Wij kijken naar een plek op woensdag; u hoort voor vrijdag van ons."
ANSWER = "Dank u wel, woensdag zou heel fijn zijn."
PASSWORD = "een-lang-wachtwoord-voor-de-test"
STORY: dict[str, str] = {}  # the mail's link and the session, for the browser test


class Mailbox:
    """aiosmtpd's handler: keeps every mail it is given."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.mails.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def wait_for_mail(self, to: str, timeout: float = 15) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for mail in self.mails:
                if mail["To"] == to:
                    return mail
            time.sleep(0.2)
        raise AssertionError(f"no mail to {to}")


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    yield box, port
    server.stop()


def closed_today() -> str:
    """OFFICE_DAYS without today's weekday: the office is closed now, all day."""
    today = WEEKDAY_CODES[clock.today().weekday()]
    return ",".join(code for code in WEEKDAY_CODES if code != today)


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, mailbox: tuple[Mailbox, int]
) -> Iterator[RunningStack]:
    _, smtp_port = mailbox
    running = start_make_run(
        tmp_path_factory.mktemp("var-left-parent"),
        {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "false",
            "OFFICE_DAYS": closed_today(),
            "WEBSITE_AWAY_SECONDS": str(AWAY_SECONDS),
            "RASA_TOKEN": RASA_TOKEN,
        },
    )
    yield running
    running.stop()


def wait_until_gone(stack: RunningStack, sender: str, timeout: float = 60) -> None:
    """Until Rasa's /console/reachable (what the console asks) says the parent left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = requests.get(
            f"{stack.rasa_url}/console/reachable",
            params={"token": RASA_TOKEN, "conversation_id": sender},
            timeout=10,
        )
        assert answer.ok, answer.text
        if not answer.json()["reachable"]:
            return
        time.sleep(0.5)
    raise AssertionError("the parent still counts as in the chat")


def inbound_port(stack: RunningStack) -> int:
    return int(stack.env["INBOUND_MAIL_PORT"])


def answer_by_mail(stack: RunningStack, mail: EmailMessage) -> None:
    """The parent answers in a mail client: the answer above the quoted mail."""
    answer = EmailMessage()
    answer["From"] = ADDRESS
    answer["To"] = mail["Reply-To"]
    answer["Subject"] = "Re: " + mail["Subject"]
    quoted = "\n".join("> " + line for line in mail.get_content().splitlines())
    answer.set_content(f"{ANSWER}\n\nOp maandag schreef het plaatsingsbureau:\n{quoted}\n")
    with smtplib.SMTP("127.0.0.1", inbound_port(stack), timeout=10) as smtp:
        smtp.send_message(answer)


def link_in(mail: EmailMessage) -> str:
    (link,) = re.findall(r"http://\S+/webhooks/website/resume\?t=\S+", mail.get_content())
    return link


@pytest.mark.stack  # its own stack (office closed, a test mail server)
def test_a_reply_reaches_the_parent_who_left_and_the_answer_comes_back(
    stack: RunningStack, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    parent = WebsiteParent(stack)
    console = StaffConsole(stack)
    parent.say(ASK)
    # after hours on the website: the reply comes here, or by e-mail to an address left now
    asked = parent.wait_for("hier uw e-mailadres")
    parent.say("ouder@voorbeeld")  # not an address
    invalid = parent.wait_for(say("handoff_email_invalid"), after=asked + 1)
    parent.say(f"Mijn e-mailadres is {ADDRESS}")
    parent.wait_for(say("handoff_email_noted", email=ADDRESS), after=invalid + 1)
    # the tab closes (the widget's socket says goodbye); once no tab has been there for
    # the away time, Rasa tells the console that a reply no longer reaches the chat
    parent.client.disconnect()
    wait_until_gone(stack, parent.sender)

    handoff = console.open_handoff(parent.sender)
    assert console.post(f"/conversations/{handoff['id']}/claim").ok
    sent = console.post(f"/conversations/{handoff['id']}/reply", {"text": REPLY})
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"status": "sent", "via": "email"}

    mail = box.wait_for_mail(ADDRESS)
    assert REPLY in mail.get_content()
    # the reply domain is the organisation's e-mail domain (ORGANISATION_EMAIL) unless set
    assert re.fullmatch(r"reply\+\d+-\d+-[0-9a-f]{32}@[\w.-]+", mail["Reply-To"])

    answer_by_mail(stack, mail)
    feed = console.wait_for_parent_message(handoff["id"], ANSWER)
    (staff,) = [m for m in feed["messages"] if m["who"] == "staff"]
    assert (staff["text"], staff["via"]) == (REPLY, "email")
    (answered,) = [m for m in feed["messages"] if m["text"] == ANSWER]
    assert answered["via"] == "email"  # the quoted mail below it is not stored
    assert not any("Op maandag schreef" in m["text"] for m in feed["messages"])

    # the link reopens the conversation with its history
    STORY.update(link=link_in(mail), session_id=parent.session_id or "")
    page = requests.get(link_in(mail), timeout=10)
    assert page.status_code == 200
    assert "placement-chat-session" in page.text
    assert parent.session_id in page.text
    for said in (ASK, REPLY, ANSWER):
        assert said in page.text.replace("\\u003c", "<")

    # ... and the widget's protocol, given that session, continues the same conversation
    returning = WebsiteParent(stack)  # a new tab, a new session first
    try:
        returning.confirmed.clear()
        returning.client.emit("session_request", {"session_id": parent.session_id})
        deadline = time.monotonic() + 10
        while not returning.confirmed.is_set() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert returning.session_id == parent.session_id
    finally:
        returning.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_the_link_opens_the_widget_on_the_conversation_with_its_history(
    stack: RunningStack, browser: Browser
) -> None:
    if "link" not in STORY:
        pytest.skip("the story before it did not get as far as the mail")
    context = browser.new_context(locale="nl-NL")
    try:
        tab = context.new_page()
        tab.goto(STORY["link"])
        expect(tab.locator(".pc-widget")).to_have_attribute("data-session", "ready")
        expect(tab.locator(".pc-user").first).to_have_text(ASK)
        expect(tab.locator(".pc-staff", has_text=REPLY)).to_have_count(1)  # staff's, not the bot's
        expect(tab.locator(".pc-user").last).to_have_text(ANSWER)
        assert tab.url.endswith("/webhooks/website/demo")  # the token left the address bar
        session = tab.evaluate("sessionStorage.getItem('placement-chat-session')")
        assert session == STORY["session_id"]
    finally:
        context.close()


@pytest.mark.stack  # its own stack (office closed, a test mail server)
def test_a_forged_reply_address_is_refused(stack: RunningStack) -> None:
    forged = "reply+1-99999-0123456789abcdef0123456789abcdef@example.nl"
    with (
        smtplib.SMTP("127.0.0.1", inbound_port(stack), timeout=10) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused) as refused,
    ):
        smtp.sendmail(ADDRESS, [forged], b"Subject: Re\r\n\r\nHallo")
    ((code, _),) = refused.value.recipients.values()
    assert code == 550
    log = (stack.var_dir / "log" / "inbound.log").read_text()
    assert "Hallo" not in log and forged not in log


@pytest.mark.stack  # its own stack (office closed, a test mail server)
def test_an_altered_or_expired_link_is_refused(stack: RunningStack) -> None:
    secret = (Path(stack.var_dir) / "website_session_secret").read_text().strip()
    sender = "website:" + "ab" * 16
    good = link_token(secret, sender, now=clock.now(), days=14)
    altered = good[:-1] + ("0" if good[-1] != "0" else "1")
    base = f"{stack.rasa_url}/webhooks/website/resume?t="
    refused = requests.get(base + altered, timeout=10)
    assert refused.status_code == 403 and "Deze link klopt niet" in refused.text
    expired = link_token(secret, sender, now=clock.now() - timedelta(days=30), days=14)
    gone = requests.get(base + expired, timeout=10)
    assert gone.status_code == 410 and "Deze link is verlopen" in gone.text


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_the_console_shows_a_parent_who_closed_the_tab_and_refuses_a_reply_to_nobody(
    stack: RunningStack, browser: Browser
) -> None:
    """In Chromium both sides (issue 30): a parent on the demo page asks for a person after
    hours, leaves no address and closes the tab; the agent's console shows the parent as
    gone and refuses a reply that would reach nobody, in Dutch, next to the reply box,
    keeping what was typed."""
    console = StaffConsole(stack)
    email = f"iris-{uuid.uuid4().hex[:8]}@example.nl"
    made = console.post(
        "/staff", {"email": email, "name": "Iris Bos", "password": PASSWORD, "role": "agent"}
    )
    assert made.status_code == 201, made.text
    parent_side = browser.new_context(locale="nl-NL")
    staff_side = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = parent_side.new_page()
        tab.goto(f"{stack.rasa_url}/webhooks/website/demo")
        tab.get_by_role("button", name="Chat met ons").click()
        expect(tab.locator(".pc-widget")).to_have_attribute("data-session", "ready")
        tab.get_by_label("Uw bericht").fill(ASK)
        tab.get_by_role("button", name="Verstuur").click()
        expect(tab.locator(".pc-bot").last).to_contain_text("e-mailadres", timeout=20000)
        session = tab.evaluate("sessionStorage.getItem('placement-chat-session')")
        sender = "website:" + session.split(".")[0]
        tab.close()  # the parent closes the tab without leaving an address
        wait_until_gone(stack, sender)

        handoff = console.open_handoff(sender)
        page = staff_side.new_page()
        sign_in_browser(page, stack.console_url, email, PASSWORD)
        page.goto(f"{stack.console_url}/conversations/{handoff['id']}")
        page.click("#claim")
        expect(page.locator("#reply")).to_be_enabled(timeout=5000)
        presence = page.locator("#presence")
        expect(presence).to_contain_text("niet meer in de chat", timeout=10000)
        expect(presence).to_contain_text("geen e-mailadres bekend")
        expect(presence).to_have_class(re.compile(r"\bgone\b"))

        page.locator("#reply").fill("Bent u er nog?")
        page.locator("#reply").press("Enter")
        error = page.locator("#reply-error")
        expect(error).to_be_visible(timeout=5000)
        expect(error).to_contain_text("zou niet aankomen en is niet verstuurd")
        expect(page.locator("#reply")).to_have_value("Bent u er nog?")  # nothing lost
        feed = console.get(f"/conversations/{handoff['id']}/messages")
        assert not any(m["who"] == "staff" for m in feed["messages"])
    finally:
        parent_side.close()
        staff_side.close()
