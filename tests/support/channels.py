"""Channel secrets the test stack runs with, and signed webhook posts to it."""

import hashlib
import hmac
import json
import time
from typing import Any

import requests

from tests.support.graph_api import FakeGraphApi
from tests.support.stack import RunningStack

RASA_TOKEN = "test-rasa-token"
# the callback channel is for a trusted front end; the default stack's front end is the tests
CALLBACK_TOKEN = "test-callback-token"
WHATSAPP = {
    "WHATSAPP_APP_SECRET": "test-whatsapp-app-secret",
    "WHATSAPP_VERIFY_TOKEN": "test-whatsapp-verify-token",
    "WHATSAPP_ACCESS_TOKEN": "test-whatsapp-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": "1100220033",
    "WHATSAPP_TEMPLATE_NAME": "gesprek_hervatten",
}
MESSENGER = {
    "MESSENGER_APP_SECRET": "test-messenger-app-secret",
    "MESSENGER_VERIFY_TOKEN": "test-messenger-verify-token",
    "MESSENGER_PAGE_ACCESS_TOKEN": "test-messenger-page-token",
}

TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef",
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
}


def channel_env(graph_api: FakeGraphApi) -> dict[str, str]:
    return {
        **WHATSAPP,
        **MESSENGER,
        **TWILIO,
        "WHATSAPP_API_URL": graph_api.url,
        "MESSENGER_API_URL": graph_api.url,
        "TWILIO_API_URL": graph_api.twilio_url,
        "RASA_TOKEN": RASA_TOKEN,
    }


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(
    stack: RunningStack,
    channel: str,
    body: bytes | dict[str, Any],
    secret: str,
    signed_with: str | None = None,
) -> requests.Response:
    """POST `body` to the channel's webhook, signed with `signed_with` (default: `secret`)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(
        f"{stack.rasa_url}/webhooks/{channel}/webhook",
        data=raw,
        headers={
            "content-type": "application/json",
            "x-hub-signature-256": signature(raw, signed_with or secret),
        },
        timeout=30,
    )


def tracker(stack: RunningStack, sender: str) -> dict[str, Any] | None:
    """The conversation as Rasa holds it, or None when Rasa does not have it. Read through
    the console's route (bot/rasa_side/console_routes.py): Rasa's own GET
    /conversations/{id}/tracker would create the conversation it does not find."""
    answer = requests.get(
        f"{stack.rasa_url}/console/tracker",
        params={"token": RASA_TOKEN, "conversation_id": sender},
        timeout=30,
    )
    if answer.status_code == 404 and answer.json().get("reason") == "ConversationNotFound":
        return None
    answer.raise_for_status()
    return answer.json()


def user_events(stack: RunningStack, sender: str) -> list[dict[str, Any]]:
    conversation = tracker(stack, sender)
    events = conversation["events"] if conversation else []
    return [event for event in events if event["event"] == "user"]


def wait_for_user_events(
    stack: RunningStack, sender: str, count: int, timeout: float = 10
) -> list[dict[str, Any]]:
    """The conversation's user events once there are at least `count`: Rasa stores a turn
    when it ends, which can be after its messages have reached the parent."""
    deadline = time.monotonic() + timeout
    while len(events := user_events(stack, sender)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return events
