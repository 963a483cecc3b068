"""The console's one client for Rasa's HTTP API (token auth).

While a person has the conversation Rasa answers nothing, so the console reads the
parent's messages from the tracker and speaks by appending events with
output_channel=latest and execute_side_effects=true: the message goes out on the channel
the parent last used and is recorded in the conversation like any bot message, marked as
staff in its metadata.

Every call goes through the routes `bot/rasa_side/console_routes.py` adds to the Rasa server:
they take the conversation id as a query parameter (Rasa's own routes take it from the
path, undecoded, so `website:…` sent encoded would be another conversation) and refuse a
conversation the tracker store does not have instead of creating it. Each answer must be
about the conversation asked for, or the call fails.
"""

from typing import Any, NamedTuple

import requests

TIMEOUT = 10


class RasaError(RuntimeError):
    pass


class ConversationNotFound(RasaError):
    """Rasa does not have the conversation (and was not allowed to create it)."""


class ParentNow(NamedTuple):
    reachable: bool  # a message sent now reaches the parent in the chat
    typing: bool  # a website parent is typing


class RasaClient:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _call(
        self,
        method: str,
        path: str,
        sender_id: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
    ) -> dict[str, Any]:
        query = {"token": self.token, "conversation_id": sender_id, **(params or {})}
        try:
            response = requests.request(
                method, f"{self.base_url}{path}", params=query, json=json, timeout=TIMEOUT
            )
        except UnicodeError as error:  # e.g. a lone surrogate: no URL can carry it
            raise RasaError("this conversation id cannot be sent to Rasa") from error
        except requests.RequestException as error:
            raise RasaError(f"Rasa is not reachable: {type(error).__name__}") from error
        if response.status_code == 404:
            if _reason(response) == "ConversationNotFound":
                raise ConversationNotFound("Rasa does not have this conversation")
            raise RasaError(
                f"Rasa has no route {path}: start it with 'python -m bot.rasa_side.server' "
                "(as make run does)"
            )
        if not response.ok:
            raise RasaError(f"Rasa answered {response.status_code} to {method} {path}")
        answer = response.json()
        tracker = answer.get("tracker", answer)  # execute wraps the tracker
        if tracker.get("sender_id") != sender_id:
            raise RasaError(f"Rasa answered {method} {path} about another conversation")
        return answer

    def tracker(self, sender_id: str) -> dict[str, Any]:
        return self._call("GET", "/console/tracker", sender_id, params={"include_events": "ALL"})

    def append(self, sender_id: str, events: list[dict[str, Any]], *, send: bool) -> None:
        """Append `events`; with `send`, bot events also go out on the latest channel."""
        params = {"output_channel": "latest", "execute_side_effects": "true"} if send else {}
        self._call("POST", "/console/tracker/events", sender_id, params=params, json=events)

    def reachable(self, sender_id: str) -> bool:
        """Whether a message sent now reaches the parent in the chat (a website tab still
        there, WhatsApp's window open or a template to send)."""
        return self.parent(sender_id).reachable

    def parent(self, sender_id: str) -> "ParentNow":
        """Whether the parent is reachable in the chat now, and typing (website only)."""
        answer = self._call("GET", "/console/reachable", sender_id)
        return ParentNow(bool(answer.get("reachable")), bool(answer.get("typing")))

    def show_typing(self, sender_id: str) -> bool:
        """Show the parent that staff are typing, where the channel can (bot/channels/typing.py)."""
        return bool(self._call("POST", "/console/typing", sender_id).get("shown"))

    def execute(self, sender_id: str, action: str) -> None:
        self._call(
            "POST",
            "/console/execute",
            sender_id,
            params={"output_channel": "latest"},
            json={"name": action},
        )


def _reason(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("reason") if isinstance(body, dict) else None


def staff_message(text: str, via: str | None = None, name: str | None = None) -> dict[str, Any]:
    """A staff reply; `via` "email" when it also went by e-mail (bot/console/mail_replies.py);
    `name`: who wrote it, which the website widget shows above the message."""
    return {
        "event": "bot",
        "text": text,
        "metadata": {
            "source": "staff",
            **({"via": via} if via else {}),
            **({"staff_name": name} if name else {}),
        },
    }


def mailed_parent_message(text: str) -> dict[str, Any]:
    """A parent's answer by e-mail (bot/inbound_mail/server.py), in the conversation as the
    parent's message. No intent (Rasa needs parse data, but nobody read this one): the
    conversation is with a person and Rasa predicts nothing."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {}, "entities": [], "text": text},
        "metadata": {"via": "email"},
        "input_channel": "email",
    }


def bot_message(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {"source": "handoff"}}
