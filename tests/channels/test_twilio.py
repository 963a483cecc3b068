"""WhatsApp through Twilio, against the running production stack: form posts signed the
way Twilio signs them in, Messages API calls out to the local stand-in."""

import base64
import hashlib
import hmac
import random
import time
import uuid

import requests

from tests.support.channels import TWILIO, wait_for_user_events
from tests.support.graph_api import FakeGraphApi
from tests.support.stack import RunningStack

TOKEN = TWILIO["TWILIO_AUTH_TOKEN"]


def new_number() -> str:
    return "3162" + "".join(random.choices("0123456789", k=7))


def inbound(number: str, body: str) -> dict[str, str]:
    return {
        "SmsMessageSid": (sid := f"SM{uuid.uuid4().hex}"),
        "MessageSid": sid,
        "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"],
        "From": f"whatsapp:+{number}",
        "To": TWILIO["TWILIO_WHATSAPP_NUMBER"],
        "Body": body,
        "NumMedia": "0",
        "ProfileName": "Ouder",
        "WaId": number,
        "ApiVersion": "2010-04-01",
    }


def sign(url: str, params: dict[str, str], token: str = TOKEN) -> str:
    signed = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(
        hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()
    ).decode()


def post(stack: RunningStack, params: dict[str, str], token: str = TOKEN) -> requests.Response:
    url = f"{stack.rasa_url}/webhooks/twilio/webhook"
    headers = {"x-twilio-signature": sign(url, params, token)}
    return requests.post(url, data=params, headers=headers, timeout=30)


def test_a_text_is_answered_with_the_choices_listed(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    started = time.monotonic()
    assert post(production_stack, inbound(number, "Hallo")).status_code == 200
    assert time.monotonic() - started < 2
    _intro, sent = graph_api.wait_for(f"whatsapp:+{number}", 2)
    assert sent.path == f"/2010-04-01/Accounts/{TWILIO['TWILIO_ACCOUNT_SID']}/Messages.json"
    credentials = f"{TWILIO['TWILIO_ACCOUNT_SID']}:{TOKEN}".encode()
    assert sent.authorization == "Basic " + base64.b64encode(credentials).decode()
    assert sent.body["From"] == TWILIO["TWILIO_WHATSAPP_NUMBER"]
    assert "Waarmee kan ik u helpen?" in sent.body["Body"]
    assert "- Medewerker spreken" in sent.body["Body"]
    (event,) = wait_for_user_events(production_stack, f"twilio:{number}", 1)
    assert (event["input_channel"], event["metadata"]["phone"]) == ("twilio", f"+{number}")


def test_a_forged_or_missing_signature_is_refused(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    assert post(production_stack, inbound(number, "Hallo"), token="guess").status_code == 403
    unsigned = requests.post(
        f"{production_stack.rasa_url}/webhooks/twilio/webhook",
        data=inbound(number, "Hallo"),
        timeout=10,
    )
    assert unsigned.status_code == 403
    time.sleep(1)
    assert graph_api.sent_to(f"whatsapp:+{number}") == []


def test_a_duplicate_is_answered_once_and_a_status_callback_ignored(
    production_stack: RunningStack, graph_api: FakeGraphApi
) -> None:
    number = new_number()
    params = inbound(number, "Hallo")
    assert post(production_stack, params).status_code == 200
    assert post(production_stack, params).status_code == 200
    status = {
        "MessageSid": f"SM{uuid.uuid4().hex}",
        "MessageStatus": "delivered",
        "To": f"whatsapp:+{number}",
        "From": TWILIO["TWILIO_WHATSAPP_NUMBER"],
        "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"],
    }
    assert post(production_stack, status).status_code == 200
    graph_api.wait_for(f"whatsapp:+{number}", 2)
    time.sleep(2)
    assert len(graph_api.sent_to(f"whatsapp:+{number}")) == 2


def test_malformed_and_oversized_posts_are_refused(production_stack: RunningStack) -> None:
    assert post(production_stack, {"Body": "Hallo"}).status_code == 400
    big = inbound(new_number(), "x" * 3 * 1024 * 1024)
    assert post(production_stack, big).status_code == 413


# A staff reply through the console, and the whole takeover: tests/channels/test_takeover.py
