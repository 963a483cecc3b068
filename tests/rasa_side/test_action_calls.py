"""Calls to the action server give up after ACTION_TIMEOUT_SECONDS, and a failed custom
action ends the turn, so that the guard answers the parent (bot/rasa_side/action_calls.py)."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import rasa.core.actions.action as rasa_actions
from rasa.core.actions.action import ActionBotResponse, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import FollowupAction
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_side import action_calls
from tests.support.ports import free_port

DOMAIN = Domain.from_dict(
    {"actions": ["action_status"], "responses": {"utter_hoi": [{"text": "hoi"}]}}
)


@pytest.fixture(autouse=True)
def short_timeout() -> None:
    action_calls.apply(0.3)


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """An action server that takes the call and never answers."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(-1)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/webhook"
    server.close()


async def call(action: RemoteAction) -> list:
    tracker = DialogueStateTracker("ouder-1", DOMAIN.slots)
    return await action.run(CollectingOutputChannel(), None, tracker, DOMAIN)


async def test_a_call_without_answer_fails_after_the_timeout(silent_server: str) -> None:
    action = RemoteAction("action_status", EndpointConfig(silent_server))
    started = time.monotonic()
    with pytest.raises(RasaException, match=r"no answer within 0\.3 s"):
        await call(action)
    assert time.monotonic() - started < 2


async def test_a_chosen_action_that_times_out_ends_the_turn(silent_server: str) -> None:
    action = rasa_actions.action_for_name_or_text(
        "action_status", DOMAIN, EndpointConfig(silent_server)
    )
    assert await call(action) == [FollowupAction("action_listen")]


async def test_a_chosen_action_whose_server_is_down_ends_the_turn() -> None:
    down = EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")
    action = rasa_actions.action_for_name_or_text("action_status", DOMAIN, down)
    assert await call(action) == [FollowupAction("action_listen")]


def test_only_custom_actions_are_changed() -> None:
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    assert isinstance(
        rasa_actions.action_for_name_or_text("utter_hoi", DOMAIN, endpoint), ActionBotResponse
    )
    custom = rasa_actions.action_for_name_or_text("action_status", DOMAIN, endpoint)
    assert isinstance(custom, action_calls.TurnEndingAction) and custom.name() == "action_status"


def test_applying_again_changes_the_timeout_and_wraps_once() -> None:
    action_calls.apply(5)
    assert RemoteAction.run.within_seconds == 5
    assert not hasattr(RemoteAction.run.__wrapped__, "within_seconds")
