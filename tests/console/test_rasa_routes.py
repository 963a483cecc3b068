"""The routes bot/rasa_side/server.py adds to Rasa for the console
(bot/rasa_side/console_routes.py), against the running production stack: every id
reaches its own conversation, none is created, the token comes first. And the Sanic
behaviour that makes them necessary."""

import uuid
from urllib.parse import quote

import pytest
import requests

from tests.support.channels import RASA_TOKEN
from tests.support.chat import Chat
from tests.support.stack import RunningStack

ROUTES = [
    ("GET", "/console/tracker", None),
    ("POST", "/console/tracker/events", [{"event": "bot", "text": "Hallo"}]),
    ("POST", "/console/execute", {"name": "action_listen"}),
]
# REST conversation ids with what cannot stand unencoded in a URL path, and what
# looks encoded already
AWKWARD_IDS = [
    "ouder 1",
    "ouder/2",
    "vraag?x=1&y=2",
    "anker#3",
    "100%",
    "ouder%3A4",
    "ouder+5",
    "zoë-€-日本",
]


def console_route(
    stack: RunningStack, method: str, path: str, params: dict, body: object = None
) -> requests.Response:
    return requests.request(method, f"{stack.rasa_url}{path}", params=params, json=body, timeout=30)


@pytest.mark.parametrize("name", AWKWARD_IDS)
def test_every_id_reaches_its_own_conversation(production_stack: RunningStack, name: str) -> None:
    sender = f"{name}-{uuid.uuid4().hex[:8]}"
    Chat(production_stack, sender).say("Hallo")
    params = {"token": RASA_TOKEN, "conversation_id": sender}
    tracker = console_route(production_stack, "GET", "/console/tracker", params).json()
    assert tracker["sender_id"] == sender
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["Hallo"]

    staff = {"event": "bot", "text": "Een medewerker", "metadata": {"source": "staff"}}
    appended = console_route(production_stack, "POST", "/console/tracker/events", params, staff)
    assert appended.json()["sender_id"] == sender
    assert appended.json()["events"][-1]["text"] == "Een medewerker"


def test_a_conversation_rasa_does_not_have_is_404_and_stays_absent(
    production_stack: RunningStack,
) -> None:
    sender = f"website:{uuid.uuid4().hex}"
    params = {"token": RASA_TOKEN, "conversation_id": sender}
    for method, path, body in ROUTES * 2:  # the second round finds nothing made by the first
        answer = console_route(production_stack, method, path, params, body)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["reason"] == "ConversationNotFound"


def test_the_token_comes_before_anything_about_the_conversation(
    production_stack: RunningStack,
) -> None:
    known = f"ouder-{uuid.uuid4().hex}"
    Chat(production_stack, known).say("Hallo")
    for sender in (known, f"ouder-{uuid.uuid4().hex}"):
        for token in ("wrong", None):
            params = {"conversation_id": sender, "token": token}
            for method, path, body in ROUTES:
                answer = console_route(production_stack, method, path, params, body)
                assert answer.status_code == 401, (path, answer.text)


@pytest.mark.parametrize("ids", [[], ["a", "b"], [""]])
def test_exactly_one_id_is_required(production_stack: RunningStack, ids: list[str]) -> None:
    params = {"token": RASA_TOKEN, "conversation_id": ids}
    answer = console_route(production_stack, "GET", "/console/tracker", params)
    assert answer.status_code == 400


def test_rasas_own_routes_take_the_path_undecoded(production_stack: RunningStack) -> None:
    """Why the console does not use them (README, "Staff console"). The story route reads
    without creating: 404 means "another conversation, which does not exist"."""
    sender = f"ouder:{uuid.uuid4().hex}"
    Chat(production_stack, sender).say("Hallo")

    def story(path_id: str) -> int:
        url = f"{production_stack.rasa_url}/conversations/{path_id}/story"
        return requests.get(url, params={"token": RASA_TOKEN}, timeout=30).status_code

    assert story(sender) == 200
    assert story(quote(sender, safe="")) == 404
