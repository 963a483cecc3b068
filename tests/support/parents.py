"""A parent on each channel of the running stack, as the channel's platform delivers them:
the website widget over socket.io, WhatsApp and Messenger over webhooks signed with the app
secret, WhatsApp through Twilio signed the way Twilio signs. What the bot sends back is
read where it arrives: the socket, or the local Graph API / Twilio stand-in."""

import base64
import hashlib
import hmac
import random
import threading
import time
import uuid
from abc import ABC, abstractmethod
from typing import Any

import requests
import socketio

from tests.support.channels import MESSENGER, TWILIO, WHATSAPP, post_webhook
from tests.support.graph_api import FakeGraphApi, Sent
from tests.support.stack import RunningStack


class Parent(ABC):
    sender: str  # the conversation id Rasa gives this parent

    @abstractmethod
    def say(self, text: str) -> None: ...

    @abstractmethod
    def texts(self) -> list[str]:
        """Every text the parent has received, in order (buttons may be listed under it)."""

    @abstractmethod
    def choose(self, title: str) -> None:
        """Pick the choice `title` of the latest message that offered it."""

    def close(self) -> None:  # noqa: B027 - most channels hold no connection
        """Let go of the channel's connection, if it has one."""

    def wait_for(self, *texts: str, after: int = 0, timeout: float = 20) -> int:
        """The index of the first message from `after` on that contains one of `texts`."""
        deadline = time.monotonic() + timeout
        while True:
            for index, received in enumerate(self.texts()[after:], start=after):
                if any(text in received for text in texts):
                    return index
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts!r} did not arrive; got {self.texts()[after:]}")
            time.sleep(0.1)


class WebsiteParent(Parent):
    """The widget's protocol with the python-socketio client; on the stack's Rasa address,
    or on `url` (one Rasa process of the production profile)."""

    def __init__(self, stack: RunningStack, url: str | None = None) -> None:
        self._messages: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.confirmed = threading.Event()
        self.session_id: str | None = None
        self.client = socketio.Client()
        self.client.on("bot_uttered", self._received)
        self.client.on("session_confirm", self._confirmed)
        # as widget.js: every connect, a reconnect too, asks for the session it has
        self.client.on("connect", self._request_session)
        self.disconnected = threading.Event()
        self.client.on("disconnect", lambda *_: (self.confirmed.clear(), self.disconnected.set()))
        self.client.connect(url or stack.rasa_url, transports=["polling"], wait_timeout=10)
        assert self.confirmed.wait(10), "no session_confirm"
        assert self.session_id is not None
        self.sender = "website:" + self.session_id.split(".")[0]

    def _request_session(self) -> None:
        self.confirmed.clear()
        self.client.emit("session_request", {"session_id": self.session_id})

    def _confirmed(self, session_id: str) -> None:
        self.session_id = session_id
        self.confirmed.set()

    def _received(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._messages.append(message)

    def say(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text})

    def texts(self) -> list[str]:
        with self._lock:
            return [m.get("text", "") for m in self._messages]

    def choose(self, title: str) -> None:
        with self._lock:
            offered = [
                reply
                for m in reversed(self._messages)
                for reply in m.get("quick_replies") or []
                if reply["title"] == title
            ]
        self.say(offered[0]["payload"])

    def close(self) -> None:
        # tells the server, without waiting for the pending long poll to come back (up to
        # socket.io's ping interval, 25 s, per parent)
        self.client.eio.disconnect(abort=True)


class WhatsAppParent(Parent):
    """WhatsApp Cloud API webhooks in, Graph API calls out to the stand-in."""

    def __init__(self, stack: RunningStack, graph_api: FakeGraphApi) -> None:
        self.stack, self.graph_api = stack, graph_api
        self.number = "3161" + "".join(random.choices("0123456789", k=7))
        self.sender = f"whatsapp:{self.number}"
        self.message_ids: list[str] = []  # what WhatsApp gave the parent's messages

    def _post(self, message: dict[str, Any]) -> None:
        self.message_ids.append(f"wamid.{uuid.uuid4().hex}")
        message = {
            "from": self.number,
            "id": self.message_ids[-1],
            "timestamp": str(int(time.time())),
            **message,
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": "15550001111",
                "phone_number_id": WHATSAPP["WHATSAPP_PHONE_NUMBER_ID"],
            },
            "contacts": [{"profile": {"name": "Ouder"}, "wa_id": self.number}],
            "messages": [message],
        }
        change = {"value": value, "field": "messages"}
        body = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [change]}],
        }
        answer = post_webhook(self.stack, "whatsapp", body, WHATSAPP["WHATSAPP_APP_SECRET"])
        assert answer.status_code == 200, answer.text

    def say(self, text: str) -> None:
        self._post({"type": "text", "text": {"body": text}})

    def _sent(self) -> list[Sent]:
        return self.graph_api.sent_to(self.number)

    def texts(self) -> list[str]:
        return [_whatsapp_text(s) for s in self._sent()]

    def choose(self, title: str) -> None:
        for sent in reversed(self._sent()):
            for choice in _whatsapp_choices(sent):
                if choice["title"] == title:
                    kind = "button_reply" if "reply" in choice else "list_reply"
                    reply = {"id": choice["id"], "title": title}
                    self._post({"type": "interactive", "interactive": {"type": kind, kind: reply}})
                    return
        raise AssertionError(f"no choice {title!r} was offered")


def _whatsapp_text(sent: Sent) -> str:
    if sent.body["type"] == "text":
        return sent.body["text"]["body"]
    if sent.body["type"] == "interactive":
        return sent.body["interactive"]["body"]["text"]
    return ""


def _whatsapp_choices(sent: Sent) -> list[dict[str, Any]]:
    """Reply buttons as {"id", "title", "reply"}, list rows as {"id", "title"}."""
    if sent.body["type"] != "interactive":
        return []
    action = sent.body["interactive"]["action"]
    buttons = [{**b["reply"], "reply": True} for b in action.get("buttons", [])]
    rows = [row for section in action.get("sections", []) for row in section["rows"]]
    return buttons + rows


class MessengerParent(Parent):
    """Messenger webhooks in, Send API calls out to the stand-in."""

    PAGE_ID = "106274175529370"

    def __init__(self, stack: RunningStack, graph_api: FakeGraphApi) -> None:
        self.stack, self.graph_api = stack, graph_api
        self.psid = "".join(random.choices("123456789", k=16))
        self.sender = f"messenger:{self.psid}"

    def _post(self, message: dict[str, Any]) -> None:
        now = int(time.time() * 1000)
        event = {
            "sender": {"id": self.psid},
            "recipient": {"id": self.PAGE_ID},
            "timestamp": now,
            "message": {"mid": f"m_{uuid.uuid4().hex}", **message},
        }
        entry = {"id": self.PAGE_ID, "time": now, "messaging": [event]}
        body = {"object": "page", "entry": [entry]}
        answer = post_webhook(self.stack, "messenger", body, MESSENGER["MESSENGER_APP_SECRET"])
        assert answer.status_code == 200, answer.text

    def say(self, text: str) -> None:
        self._post({"text": text})

    def _sent(self) -> list[Sent]:
        """The messages sent to the parent (not sender actions such as typing_on)."""
        return [s for s in self.graph_api.sent_to(self.psid) if "message" in s.body]

    def sender_actions(self) -> list[str]:
        return [
            s.body["sender_action"]
            for s in self.graph_api.sent_to(self.psid)
            if "sender_action" in s.body
        ]

    def texts(self) -> list[str]:
        return [s.body["message"].get("text", "") for s in self._sent()]

    def choose(self, title: str) -> None:
        for sent in reversed(self._sent()):
            for reply in sent.body["message"].get("quick_replies") or []:
                if reply["title"] == title:
                    self._post({"text": title, "quick_reply": {"payload": reply["payload"]}})
                    return
        raise AssertionError(f"no quick reply {title!r} was offered")


class TwilioParent(Parent):
    """Twilio's form posts with X-Twilio-Signature in, Messages API calls out to the stand-in.
    Twilio has no free-form buttons: the choices are listed in the text and typed back."""

    def __init__(self, stack: RunningStack, graph_api: FakeGraphApi) -> None:
        self.stack, self.graph_api = stack, graph_api
        self.number = "3162" + "".join(random.choices("0123456789", k=7))
        self.sender = f"twilio:{self.number}"

    def say(self, text: str) -> None:
        params = {
            "MessageSid": f"SM{uuid.uuid4().hex}",
            "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"],
            "From": f"whatsapp:+{self.number}",
            "To": TWILIO["TWILIO_WHATSAPP_NUMBER"],
            "Body": text,
            "NumMedia": "0",
            "WaId": self.number,
        }
        url = f"{self.stack.rasa_url}/webhooks/twilio/webhook"
        signed = url + "".join(name + params[name] for name in sorted(params))
        digest = hmac.new(TWILIO["TWILIO_AUTH_TOKEN"].encode(), signed.encode(), hashlib.sha1)
        headers = {"x-twilio-signature": base64.b64encode(digest.digest()).decode()}
        answer = requests.post(url, data=params, headers=headers, timeout=30)
        assert answer.status_code == 200, answer.text

    def texts(self) -> list[str]:
        return [s.body["Body"] for s in self.graph_api.sent_to(f"whatsapp:+{self.number}")]

    def choose(self, title: str) -> None:
        assert any(f"- {title}" in text for text in self.texts()), f"{title!r} was not offered"
        self.say(title)
