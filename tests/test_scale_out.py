"""`make run-prod`: two Rasa processes and two action servers behind nginx are one
assistant. A staff reply posted to one process reaches the parent's socket on the other
(socket.io's Redis manager); a one-time code sent by one action server is accepted by the
other; parents' rapid messages spread over both processes are stored once each, in order,
each with its answer (the Redis lock store orders a conversation's turns, PostgreSQL holds
them)."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bot.console.rasa_api import ConversationNotFound, RasaClient, staff_message
from bot.conversation import formats
from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.console import StaffConsole
from tests.support.dates import month_day
from tests.support.parents import WebsiteParent
from tests.support.registrations import Family, import_families
from tests.support.stack import RunningStack
from tests.support.stored import reported_messages, routed, stored_turns
from tests.support.takeover import claim, escalate

GREETING = "digitale assistent"
CONVERSATIONS = 20
MESSAGES = ["Hallo", "Wat kost een dag opvang?", "Hoe schrijf ik me in?", "Ben jij een robot?"]
MESSAGES_EACH = 20


def stored(rasa: RasaClient, sender: str, timeout: float = 10) -> None:
    """Wait until the conversation is in the tracker store."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            rasa.tracker(sender)
            return
        except ConversationNotFound:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize(("socket_on", "posted_to"), [(0, 1), (1, 0)])
def test_a_reply_posted_to_one_process_reaches_a_socket_on_the_other(
    scaled_stack: RunningStack, socket_on: int, posted_to: int
) -> None:
    urls = scaled_stack.process_urls
    parent = WebsiteParent(scaled_stack, url=urls[socket_on])
    try:
        parent.say("Hallo")
        parent.wait_for(GREETING)
        rasa = RasaClient(urls[posted_to], scaled_stack.env["RASA_TOKEN"])
        stored(rasa, parent.sender)  # Rasa stores the turn after it has answered
        reply = f"Goedemiddag, met het plaatsingsbureau ({uuid.uuid4().hex[:6]})."
        rasa.append(parent.sender, [staff_message(reply)], send=True)
        parent.wait_for(reply, timeout=10)
    finally:
        parent.close()


def test_staff_take_over_through_nginx_with_the_parent_on_one_process(
    scaled_stack: RunningStack,
) -> None:
    parent = WebsiteParent(scaled_stack, url=scaled_stack.process_urls[0])
    console = StaffConsole(scaled_stack)
    try:
        handoff = escalate(parent, console)
        joined = claim(parent, console, handoff["id"])
        for number in range(3):
            reply = f"Bericht {number} van het plaatsingsbureau."
            assert console.post(f"/conversations/{handoff['id']}/reply", {"text": reply}).ok
            parent.wait_for(reply, after=joined + 1)
    finally:
        parent.close()
    # the console's calls went through nginx to both processes (a reply asks first whether
    # the parent is still there, then appends: round robin may send every append to one)
    processes = {url.removeprefix("http://") for url in scaled_stack.process_urls}
    assert routed(scaled_stack, "/console/") == processes


def test_the_identity_check_holds_across_action_servers(
    scaled_stack: RunningStack, tmp_path: Path
) -> None:
    family = Family("INS-970001", "Noor", month_day(-9, 14), "noor@example.nl", "+31611111111")
    import_families(scaled_stack, tmp_path, family)
    chat = Chat(scaled_stack)
    asked = chat.say_text("Is er al plek voor mijn dochter?")
    assert "inschrijfnummer" in asked, asked
    asked = chat.say_text("ins 970001")
    assert "geboortedatum" in asked, asked
    sent = chat.say_text(formats.full_date(family.birth_date))
    assert "n***@e***.nl" in sent, (asked, sent)
    code = latest_code_in_outbox(scaled_stack.var_dir / "outbox", family.email)
    answer = chat.say_text(code)
    assert "ik weet nu dat u het bent" in answer and "Noor staat op de wachtlijst" in answer
    actions = {f"127.0.0.1:{port}" for port in scaled_stack.env["ACTION_PROCESS_PORTS"].split(",")}
    assert routed(scaled_stack, "/webhook") == actions


def chat(stack: RunningStack, sender: str) -> list[str]:
    """Send MESSAGES_EACH messages, each as soon as the previous one was answered."""
    headers = {"Authorization": f"Bearer {stack.env['REST_TOKEN']}"}
    said = [MESSAGES[n % len(MESSAGES)] for n in range(MESSAGES_EACH)]
    with requests.Session() as http:
        for message in said:
            answer = http.post(
                f"{stack.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
                headers=headers,
                timeout=60,
            )
            assert answer.status_code == 200 and answer.json(), answer.text
    return said


def test_rapid_messages_over_both_processes_are_stored_once_in_order_with_answers(
    scaled_stack: RunningStack,
) -> None:
    senders = [f"scale-{n}-{uuid.uuid4().hex[:8]}" for n in range(CONVERSATIONS)]
    started = time.monotonic()
    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        sent = dict(zip(senders, pool.map(lambda s: chat(scaled_stack, s), senders), strict=True))
    elapsed = time.monotonic() - started
    print(f"{CONVERSATIONS * MESSAGES_EACH} messages in {elapsed:.1f} s")

    for sender, events in stored_turns(scaled_stack, senders).items():
        said = [message for kind, message in events if kind == "user"]
        assert said == sent[sender], sender
        kinds = [kind for kind, _ in events]
        answered = [kinds[i + 1 : i + 2] == ["bot"] for i, k in enumerate(kinds) if k == "user"]
        assert all(answered), (sender, kinds)
    processes = {url.removeprefix("http://") for url in scaled_stack.process_urls}
    assert routed(scaled_stack, "/webhooks/rest/webhook") == processes
    reported = reported_messages(scaled_stack, senders, CONVERSATIONS * MESSAGES_EACH)
    assert reported == CONVERSATIONS * MESSAGES_EACH  # the dashboard's copy, via RabbitMQ
