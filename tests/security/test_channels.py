"""No input channel speaks in another channel's conversation, and knowing a conversation id
is not enough (bot/channels/callback.py, bot/channels/rest.py), against `make run`.

The REST and callback channels let the client name the conversation. The callback channel
is for a trusted front end: on only with CALLBACK_TOKEN, which every post must carry. The
REST channel is for trusted back ends (REST_TOKEN) and, without a token, for this machine.
Neither accepts another channel's conversation id."""

import pytest
import requests

from tests.support.channels import CALLBACK_TOKEN
from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.dates import month_day
from tests.support.processes import stack_secret
from tests.support.registrations import Family, import_families
from tests.support.stack import RunningStack

FAMILY = Family("INS-970101", "Mees", month_day(-20, 9), "mees.ouder@example.nl", "+31611110101")
RESERVED = [
    "whatsapp:+31611110101",
    "twilio:+31611110101",
    "messenger:1234567890",
    "website:0123456789abcdef0123456789abcdef",
    "WhatsApp:+31611110101",
]


@pytest.fixture(scope="module")
def family(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Family:
    import_families(default_stack, tmp_path_factory.mktemp("import-channels"), FAMILY)
    return FAMILY


def tracker_exists(stack: RunningStack, sender: str) -> bool:
    answer = requests.get(
        f"{stack.rasa_url}/console/tracker",
        params={"token": stack_secret(stack, "RASA_TOKEN"), "conversation_id": sender},
        timeout=30,
    )
    assert answer.status_code in (200, 404)
    return answer.status_code == 200


def post_callback(
    stack: RunningStack, sender: str, text: str, token: str | None = CALLBACK_TOKEN
) -> requests.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return requests.post(
        f"{stack.rasa_url}/webhooks/callback/webhook",
        json={"sender": sender, "message": text},
        headers=headers,
        timeout=30,
    )


def post_rest(stack: RunningStack, sender: str, text: str, **headers: str) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        headers=headers,
        timeout=30,
    )


def test_the_callback_channel_needs_its_token(default_stack: RunningStack) -> None:
    sender = "front-end-parent-1"
    assert post_callback(default_stack, sender, "Hallo", token=None).status_code == 401
    assert post_callback(default_stack, sender, "Hallo", token="wrong").status_code == 401
    assert not tracker_exists(default_stack, sender)
    assert post_callback(default_stack, sender, "Hallo").text == "success"


@pytest.mark.parametrize("sender", RESERVED)
def test_the_callback_channel_refuses_other_channels_ids(
    default_stack: RunningStack, sender: str
) -> None:
    assert post_callback(default_stack, sender, "ja").status_code == 403
    assert not tracker_exists(default_stack, sender)


@pytest.mark.parametrize("sender", RESERVED)
def test_the_rest_channel_refuses_other_channels_ids(
    default_stack: RunningStack, sender: str
) -> None:
    assert post_rest(default_stack, sender, "ja").status_code == 403
    assert not tracker_exists(default_stack, sender)


def test_a_reused_rest_id_reveals_nothing_from_outside(
    default_stack: RunningStack, family: Family
) -> None:
    """A parent verified on REST (from this machine); the same id relayed from outside by a
    proxy on this machine, without REST_TOKEN, is refused before Rasa sees it."""
    chat = Chat(default_stack)
    chat.say("Is er al plek voor mijn kind?")
    chat.say(family.number)
    chat.say(family.birth_date.strftime("%d-%m-%Y"))
    code = latest_code_in_outbox(default_stack.var_dir / "outbox", family.email)
    assert "Mees" in chat.say_text(code)

    relayed = {"X-Forwarded-For": "203.0.113.7"}
    for headers in (relayed, {"Forwarded": "for=203.0.113.7"}, {"X-Real-IP": "203.0.113.7"}):
        answer = post_rest(
            default_stack, chat.sender, "Hoe staat het met mijn inschrijving?", **headers
        )
        assert answer.status_code == 401
        assert "Mees" not in answer.text
    wrong_token = post_rest(default_stack, chat.sender, "Is er plek?", authorization="Bearer x")
    assert wrong_token.status_code == 200  # no REST_TOKEN here: this machine is trusted


@pytest.mark.parametrize(
    ("sender", "headers"),
    [
        # a page on another site: text/plain needs no preflight, but carries its Origin
        ("web-page-csrf", {"Origin": "https://evil.example", "Content-Type": "text/plain"}),
        # DNS rebinding: the page's own name now points at 127.0.0.1
        ("web-page-rebound", {"Host": "attacker.example:5005"}),
    ],
)
def test_without_rest_token_a_web_page_on_this_machine_is_refused(
    default_stack: RunningStack, sender: str, headers: dict[str, str]
) -> None:
    answer = post_rest(default_stack, sender, "hallo", **headers)
    assert answer.status_code == 403 and "REST_TOKEN" in answer.json()["error"]
    assert not tracker_exists(default_stack, sender)
