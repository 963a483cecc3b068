"""The WhatsApp Cloud API channel, against the running production stack: real-format
webhook posts in, Graph API calls out to the local stand-in (tests/support/graph_api.py)."""

import hashlib
import random
import time
import uuid
from typing import Any

import redis
import requests

from bot.conversation.texts import say
from tests.support.channels import (
    WHATSAPP,
    post_webhook,
    tracker,
    user_events,
    wait_for_user_events,
)
from tests.support.console import StaffConsole
from tests.support.graph_api import FakeGraphApi, Sent
from tests.support.parents import WhatsAppParent
from tests.support.stack import RunningStack
from tests.support.takeover import claim, escalate

SECRET = WHATSAPP["WHATSAPP_APP_SECRET"]
PHONE_NUMBER_ID = WHATSAPP["WHATSAPP_PHONE_NUMBER_ID"]


def new_number() -> str:
    return "3161" + "".join(random.choices("0123456789", k=7))


def text(number: str, body: str) -> dict[str, Any]:
    return {
        "from": number,
        "id": f"wamid.{uuid.uuid4().hex}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": body},
    }


def button_reply(number: str, payload: str, title: str) -> dict[str, Any]:
    return {
        "context": {"from": "15550001111", "id": f"wamid.{uuid.uuid4().hex}"},
        "from": number,
        "id": f"wamid.{uuid.uuid4().hex}",
        "timestamp": str(int(time.time())),
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": payload, "title": title}},
    }


def webhook(*messages: dict[str, Any], statuses: list[dict[str, Any]] | None = None) -> dict:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": "Ouder"}, "wa_id": m["from"]} for m in messages]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = statuses
    change = {"value": value, "field": "messages"}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [change]}],
    }


def shown_text(sent: Sent) -> str:
    """The text of a sent message, plain or above buttons."""
    if sent.body["type"] == "text":
        return sent.body["text"]["body"]
    return sent.body["interactive"]["body"]["text"]


def post(stack: RunningStack, body: bytes | dict[str, Any], **kwargs: Any) -> requests.Response:
    return post_webhook(stack, "whatsapp", body, SECRET, **kwargs)


def test_verification_handshake_echoes_the_challenge(production_stack: RunningStack) -> None:
    answer = requests.get(
        f"{production_stack.rasa_url}/webhooks/whatsapp/webhook",
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": WHATSAPP["WHATSAPP_VERIFY_TOKEN"],
            "hub.challenge": "1158201444",
        },
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.text == "1158201444"


def test_a_wrong_verify_token_is_refused(production_stack: RunningStack) -> None:
    answer = requests.get(
        f"{production_stack.rasa_url}/webhooks/whatsapp/webhook",
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        timeout=10,
    )
    assert answer.status_code == 403
    assert "1" not in answer.text


def test_a_text_is_acknowledged_at_once_and_answered_with_a_list(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    started = time.monotonic()
    answer = post(production_stack, webhook(text(number, "Hallo")))
    assert answer.status_code == 200
    assert time.monotonic() - started < 2

    intro, sent = graph_api.wait_for(number, 2)
    assert shown_text(intro).startswith("U chat met de digitale assistent")
    assert sent.path == f"/v19.0/{PHONE_NUMBER_ID}/messages"
    assert sent.authorization == f"Bearer {WHATSAPP['WHATSAPP_ACCESS_TOKEN']}"
    assert sent.body["messaging_product"] == "whatsapp"
    assert sent.body["type"] == "interactive"
    interactive = sent.body["interactive"]
    assert "Waarmee kan ik u helpen?" in interactive["body"]["text"]
    # the greeting offers four topics: more than WhatsApp's three reply buttons, so a list
    assert interactive["type"] == "list"
    rows = interactive["action"]["sections"][0]["rows"]
    assert {"id": "/request_human", "title": "Medewerker spreken"} in rows
    assert all(len(row["title"]) <= 24 for row in rows)
    assert len(interactive["action"]["button"]) <= 20


def test_the_sender_number_reaches_the_actions_as_metadata(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    post(production_stack, webhook(text(number, "Hallo")))
    graph_api.wait_for(number, 2)  # the introduction and the answer
    (event,) = wait_for_user_events(production_stack, f"whatsapp:{number}", 1)
    conversation = tracker(production_stack, f"whatsapp:{number}")
    assert conversation and conversation["latest_input_channel"] == "whatsapp"
    assert event["metadata"]["phone"] == f"+{number}"


def test_a_button_reply_becomes_its_payload(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    post(production_stack, webhook(text(number, "Hallo")))
    graph_api.wait_for(number, 2)
    reply = button_reply(number, "/ask_registration_process", "Hoe schrijf ik in?")
    assert post(production_stack, webhook(reply)).status_code == 200
    sent = graph_api.wait_for(number, 3)
    assert "Inschrijven" in shown_text(sent[2])
    latest = wait_for_user_events(production_stack, f"whatsapp:{number}", 2)[-1]
    assert latest["parse_data"]["intent"]["name"] == "ask_registration_process"


def test_a_list_reply_becomes_its_payload(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    message = button_reply(number, "/greet", "Hallo")
    message["interactive"] = {
        "type": "list_reply",
        "list_reply": {"id": "/greet", "title": "Hallo", "description": ""},
    }
    post(production_stack, webhook(message))
    graph_api.wait_for(number, 2)
    (event,) = wait_for_user_events(production_stack, f"whatsapp:{number}", 1)
    assert event["parse_data"]["intent"]["name"] == "greet"


def test_a_status_callback_is_accepted_and_ignored(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    status = {
        "id": f"wamid.{uuid.uuid4().hex}",
        "status": "delivered",
        "timestamp": str(int(time.time())),
        "recipient_id": number,
        "conversation": {"id": uuid.uuid4().hex, "origin": {"type": "service"}},
        "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"},
    }
    assert post(production_stack, webhook(statuses=[status])).status_code == 200
    time.sleep(2)
    assert graph_api.sent_to(number) == []
    assert user_events(production_stack, f"whatsapp:{number}") == []


def test_every_message_of_a_batch_is_answered(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    first, second = new_number(), new_number()
    body = webhook(text(first, "Hallo"), text(second, "Goedemorgen"))
    assert post(production_stack, body).status_code == 200
    graph_api.wait_for(first)
    graph_api.wait_for(second)


def test_a_duplicate_delivery_is_answered_once(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    body = webhook(text(number, "Hallo"))
    assert post(production_stack, body).status_code == 200
    assert post(production_stack, body).status_code == 200
    graph_api.wait_for(number, 2)
    time.sleep(2)
    assert len(graph_api.sent_to(number)) == 2  # introduction and answer, once
    assert len(user_events(production_stack, f"whatsapp:{number}")) == 1


def test_a_forged_signature_is_refused(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    answer = post(production_stack, webhook(text(number, "Hallo")), signed_with="not-the-secret")
    assert answer.status_code == 403
    unsigned = requests.post(
        f"{production_stack.rasa_url}/webhooks/whatsapp/webhook",
        json=webhook(text(number, "Hallo")),
        timeout=10,
    )
    assert unsigned.status_code == 403
    time.sleep(1)
    assert graph_api.sent_to(number) == []


def test_a_malformed_body_is_refused(production_stack: RunningStack) -> None:
    assert post(production_stack, b"{not json").status_code == 400
    assert post(production_stack, {"object": "whatsapp_business_account"}).status_code == 400
    broken = webhook(text(new_number(), "Hallo"))
    del broken["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
    assert post(production_stack, broken).status_code == 400


def test_a_body_over_one_megabyte_is_refused(production_stack: RunningStack) -> None:
    message = text(new_number(), "x" * 3 * 1024 * 1024)
    assert post(production_stack, webhook(message)).status_code == 413


def test_sending_is_retried_after_rate_limits_and_server_errors(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    graph_api.fail(number, 429, 503)
    post(production_stack, webhook(text(number, "Hallo")))
    calls = graph_api.wait_for(number, 3)
    assert calls[0].body == calls[2].body


def test_the_rest_channel_cannot_speak_in_a_whatsapp_conversation(
    production_stack: RunningStack,
) -> None:
    answer = requests.post(
        f"{production_stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": f"whatsapp:{new_number()}", "message": "Hallo"},
        timeout=10,
    )
    assert answer.status_code == 403


def test_outside_the_service_window_only_the_template_is_sent(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    parent = WhatsAppParent(production_stack, graph_api)
    console = StaffConsole(production_stack)
    handoff = escalate(parent, console)
    joined = claim(parent, console, handoff["id"])
    # 24 hours later: the window's key in Redis has expired
    number = parent.number
    key = "placement:channels:" + hashlib.sha256(f"whatsapp:inbound:{number}".encode()).hexdigest()
    store = redis.Redis(db=int(production_stack.env["REDIS_DB"]))
    assert store.delete(key) == 1
    reply = console.post(f"/conversations/{handoff['id']}/reply", {"text": "Een late reactie"})
    assert reply.ok, reply.text
    sent = graph_api.wait_for(number, joined + 2)[joined + 1]
    assert sent.body["type"] == "template"
    assert sent.body["template"] == {"name": "gesprek_hervatten", "language": {"code": "nl"}}
    assert "Een late reactie" not in str(sent.body)


def test_a_photo_gets_the_request_to_type(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    photo = text(number, "")
    del photo["text"]
    photo["type"] = "image"
    photo["image"] = {"mime_type": "image/jpeg", "sha256": "abc", "id": "1234567890"}
    assert post(production_stack, webhook(photo)).status_code == 200
    (sent,) = graph_api.wait_for(number)
    assert "alleen tekst lezen" in shown_text(sent)


def test_an_english_speaking_parents_photo_gets_the_request_in_english(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    """The parent has written English: the reply to a photo is English, not the
    organisation's Dutch form of address."""
    number = new_number()
    post(production_stack, webhook(text(number, "Hello, how much does childcare cost?")))
    graph_api.wait_for(number, 2)
    wait_for_user_events(production_stack, f"whatsapp:{number}", 1)  # the turn is stored
    photo = text(number, "")
    del photo["text"]
    photo["type"] = "image"
    photo["image"] = {"mime_type": "image/jpeg", "sha256": "abc", "id": "1234567890"}
    assert post(production_stack, webhook(photo)).status_code == 200
    english, dutch = say("unsupported_message", "en"), say("unsupported_message", "u")
    deadline = time.monotonic() + 20
    while english not in (shown := [shown_text(s) for s in graph_api.sent_to(number)]):
        assert time.monotonic() < deadline, shown
        time.sleep(0.2)
    assert dutch not in shown


def test_a_failed_send_is_logged_without_the_text(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    graph_api.fail(number, 500, 500, 500, 500)
    post(production_stack, webhook(text(number, "Hallo")))
    graph_api.wait_for(number, 4)
    log = production_stack.var_dir / "log" / "rasa.log"
    deadline = time.monotonic() + 10
    while "failed (500) after 4 attempt(s)" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    lines = [line for line in log.read_text().splitlines() if "failed (500)" in line]
    assert lines and "whatsapp: sending failed" in lines[-1]
    assert "digitale assistent" not in log.read_text()
    assert number not in log.read_text()
