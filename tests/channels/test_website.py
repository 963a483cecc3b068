"""The website channel's socket.io protocol, against the running production stack, with the
python-socketio client (what the widget does in a browser, without the browser)."""

import queue
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
import socketio

from tests.support.channels import user_events, wait_for_user_events
from tests.support.stack import RunningStack

SESSION_ID = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{32}$")


class WebChat:
    def __init__(self, stack: RunningStack) -> None:
        self.client = socketio.Client()
        self.confirmed: queue.Queue[str] = queue.Queue()
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.errors: queue.Queue[Any] = queue.Queue()
        self.client.on("session_confirm", self.confirmed.put)
        self.client.on("bot_uttered", self.messages.put)
        self.client.on("error_message", self.errors.put)
        self.client.connect(stack.rasa_url, transports=["polling"], wait_timeout=10)

    def start(self, session_id: str | None = None) -> str:
        self.client.emit("session_request", {"session_id": session_id})
        return self.confirmed.get(timeout=10)

    def say(self, text: str, **extra: Any) -> dict[str, Any]:
        self.client.emit("user_uttered", {"message": text, **extra})
        return self.messages.get(timeout=20)


@contextmanager
def web_chat(stack: RunningStack) -> Iterator[WebChat]:
    chat = WebChat(stack)
    try:
        yield chat
    finally:
        chat.client.disconnect()


def sender_of(session_id: str) -> str:
    return "website:" + session_id.split(".")[0]


def test_the_server_issues_a_random_session_and_answers_with_buttons(
    production_stack: RunningStack,
) -> None:
    with web_chat(production_stack) as chat:
        session_id = chat.start()
        assert SESSION_ID.match(session_id)
        answer = chat.say("Hallo")
    assert "digitale assistent" in answer["text"]
    assert {
        "content_type": "text",
        "title": "Medewerker spreken",
        "payload": "/request_human",
    } in answer["quick_replies"]
    (event,) = wait_for_user_events(production_stack, sender_of(session_id), 1)
    assert event["input_channel"] == "website"


def test_a_session_id_the_server_did_not_issue_is_replaced(
    production_stack: RunningStack,
) -> None:
    with web_chat(production_stack) as chat:
        made_up = "0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"
        assert chat.start(made_up) != made_up
    with web_chat(production_stack) as chat:
        assert SESSION_ID.match(chat.start("parent-1"))


def test_a_reconnect_with_the_issued_session_continues_the_conversation(
    production_stack: RunningStack,
) -> None:
    with web_chat(production_stack) as chat:
        session_id = chat.start()
        chat.say("Hallo")
    with web_chat(production_stack) as chat:
        assert chat.start(session_id) == session_id
        chat.say("/ask_registration_process")
    events = wait_for_user_events(production_stack, sender_of(session_id), 2)
    assert [e["text"] for e in events] == ["Hallo", "/ask_registration_process"]


def test_messages_name_neither_conversation_nor_metadata(production_stack: RunningStack) -> None:
    with web_chat(production_stack) as victim:
        victims_session = victim.start()
        victim.say("Hallo")
    with web_chat(production_stack) as attacker:
        own = attacker.start()
        attacker.say("Hallo", session_id=victims_session, metadata={"phone": "+31612345678"})
    assert len(user_events(production_stack, sender_of(victims_session))) == 1
    (event,) = wait_for_user_events(production_stack, sender_of(own), 1)
    assert "phone" not in event["metadata"]


def test_a_message_before_the_session_request_is_refused(production_stack: RunningStack) -> None:
    with web_chat(production_stack) as chat:
        chat.client.emit("user_uttered", {"message": "Hallo"})
        assert chat.errors.get(timeout=10)


# A staff reply through the console, and the whole takeover: tests/channels/test_takeover.py


def test_the_demo_page_and_widget_are_served_locally(production_stack: RunningStack) -> None:
    base = f"{production_stack.rasa_url}/webhooks/website"
    page = requests.get(f"{base}/demo", timeout=10)
    assert page.status_code == 200
    assert "/webhooks/website/static/widget.js" in page.text
    assert "http" not in page.text.split("<script", 1)[1]  # no CDN
    for name in ("widget.js", "widget.css", "vendor/socket.io.min.js"):
        assert requests.get(f"{base}/static/{name}", timeout=10).status_code == 200
    assert requests.get(f"{base}/static/../website.py", timeout=10).status_code == 404
