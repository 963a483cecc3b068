"""The Messenger channel, against the running production stack: real-format webhook posts
in, Send API calls out to the local stand-in (tests/support/graph_api.py)."""

import random
import time
import uuid
from typing import Any

import requests

from tests.support.channels import MESSENGER, post_webhook, user_events, wait_for_user_events
from tests.support.console import StaffConsole
from tests.support.graph_api import FakeGraphApi
from tests.support.parents import MessengerParent
from tests.support.stack import RunningStack
from tests.support.takeover import claim, escalate

SECRET = MESSENGER["MESSENGER_APP_SECRET"]
PAGE_ID = "106274175529370"


def new_psid() -> str:
    return "".join(random.choices("123456789", k=16))


def event(psid: str, **content: Any) -> dict[str, Any]:
    now = int(time.time() * 1000)
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": now, **content}


def text(psid: str, body: str) -> dict[str, Any]:
    return event(psid, message={"mid": f"m_{uuid.uuid4().hex}", "text": body})


def webhook(*entries: list[dict[str, Any]]) -> dict[str, Any]:
    now = int(time.time() * 1000)
    return {
        "object": "page",
        "entry": [{"id": PAGE_ID, "time": now, "messaging": events} for events in entries],
    }


def post(stack: RunningStack, body: bytes | dict[str, Any], **kwargs: Any) -> requests.Response:
    return post_webhook(stack, "messenger", body, SECRET, **kwargs)


def test_verification_handshake(production_stack: RunningStack) -> None:
    url = f"{production_stack.rasa_url}/webhooks/messenger/webhook"
    token = MESSENGER["MESSENGER_VERIFY_TOKEN"]
    params = {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "CHALLENGE"}
    ok = requests.get(url, params=params, timeout=10)
    assert (ok.status_code, ok.text) == (200, "CHALLENGE")
    wrong = requests.get(url, params={**params, "hub.verify_token": "guess"}, timeout=10)
    assert wrong.status_code == 403


def test_a_text_is_acknowledged_at_once_and_answered_with_quick_replies(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    psid = new_psid()
    started = time.monotonic()
    assert post(production_stack, webhook([text(psid, "Hallo")])).status_code == 200
    assert time.monotonic() - started < 2
    intro, sent = graph_api.wait_for(psid, 2)
    assert "digitale assistent" in intro.body["message"]["text"]
    assert sent.path == "/v19.0/me/messages"
    assert sent.authorization == f"Bearer {MESSENGER['MESSENGER_PAGE_ACCESS_TOKEN']}"
    assert sent.body["messaging_type"] == "RESPONSE"
    message = sent.body["message"]
    assert "Waarmee kan ik u helpen?" in message["text"]
    assert {
        "content_type": "text",
        "title": "Medewerker spreken",
        "payload": "/request_human",
    } in message["quick_replies"]


def test_quick_replies_and_postbacks_become_their_payload(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    psid = new_psid()
    quick = event(
        psid,
        message={
            "mid": f"m_{uuid.uuid4().hex}",
            "text": "Hoe schrijf ik in?",
            "quick_reply": {"payload": "/ask_registration_process"},
        },
    )
    post(production_stack, webhook([quick]))
    assert "Inschrijven" in graph_api.wait_for(psid, 2)[1].body["message"]["text"]
    postback = event(
        psid, postback={"mid": f"m_{uuid.uuid4().hex}", "title": "Start", "payload": "/greet"}
    )
    post(production_stack, webhook([postback]))
    graph_api.wait_for(psid, 3)
    intents = [
        e["parse_data"]["intent"]["name"]
        for e in wait_for_user_events(production_stack, f"messenger:{psid}", 2)
    ]
    assert intents == ["ask_registration_process", "greet"]


def test_every_event_of_every_entry_is_handled_and_receipts_ignored(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    first, second = new_psid(), new_psid()
    delivery = event(first, delivery={"mids": [f"m_{uuid.uuid4().hex}"], "watermark": 1})
    echo = event(second, message={"mid": f"m_{uuid.uuid4().hex}", "text": "x", "is_echo": True})
    body = webhook([text(first, "Hallo"), delivery], [echo, text(second, "Goedemorgen")])
    assert post(production_stack, body).status_code == 200
    graph_api.wait_for(first)
    graph_api.wait_for(second)
    time.sleep(2)
    assert len(user_events(production_stack, f"messenger:{first}")) == 1
    assert len(user_events(production_stack, f"messenger:{second}")) == 1


def test_a_duplicate_delivery_is_answered_once(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    psid = new_psid()
    body = webhook([text(psid, "Hallo")])
    post(production_stack, body)
    post(production_stack, body)
    graph_api.wait_for(psid, 2)
    time.sleep(2)
    assert len(graph_api.sent_to(psid)) == 2  # introduction and answer, once


def test_forged_malformed_and_oversized_bodies_are_refused(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    psid = new_psid()
    assert (
        post(production_stack, webhook([text(psid, "Hallo")]), signed_with="x").status_code == 403
    )
    assert post(production_stack, b"[1, 2").status_code == 400
    assert post(production_stack, {"object": "page", "entry": [{"id": PAGE_ID}]}).status_code == 400
    big = webhook([text(psid, "x" * 3 * 1024 * 1024)])
    assert post(production_stack, big).status_code == 413
    time.sleep(1)
    assert graph_api.sent_to(psid) == []


def test_staff_messages_carry_the_human_agent_tag(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    parent = MessengerParent(production_stack, graph_api)
    console = StaffConsole(production_stack)
    handoff = escalate(parent, console)
    joined = claim(parent, console, handoff["id"])
    reply = console.post(f"/conversations/{handoff['id']}/reply", {"text": "Hallo, met Anouk."})
    assert reply.ok, reply.text
    sent = graph_api.wait_for(parent.psid, joined + 2)
    assert sent[joined + 1].body["message"] == {"text": "Hallo, met Anouk."}
    kinds = [(s.body["messaging_type"], s.body.get("tag")) for s in sent]
    # the bot's answers to the parent are responses; what staff send comes on its own
    assert kinds[0] == ("RESPONSE", None)
    assert kinds[joined:] == [("MESSAGE_TAG", "HUMAN_AGENT")] * 2


def test_a_photo_gets_the_request_to_type(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    psid = new_psid()
    image = {"type": "image", "payload": {"url": "https://scontent.example/foto.jpg"}}
    photo = event(psid, message={"mid": f"m_{uuid.uuid4().hex}", "attachments": [image]})
    assert post(production_stack, webhook([photo])).status_code == 200
    (sent,) = graph_api.wait_for(psid)
    assert "alleen tekst lezen" in sent.body["message"]["text"]
