"""Rasa's calls to the action server, made short and final (applied by bot/rasa_side/server.py).

Rasa 3.6 waits up to 300 seconds for an answer (DEFAULT_REQUEST_TIMEOUT). The turn holds
the conversation's lock all that time, and the lock expires after 60 (Rasa's ticket
lifetime), after which the parent's next message would run beside the hung turn. Here:

- every call to the action server gives up after ACTION_TIMEOUT_SECONDS and then fails
  like a call the action server refused (a RasaException), so that Rasa's own handling of
  a failed call applies, also to the calls made for forms and slot mappings;
- a custom action the dialogue chose that fails so (no answer in time, refused, an error
  status) ends the turn: the bot listens instead of guessing what else to do, and the
  channel's guard (bot/channels/guard.py) answers the parent with the apology and the
  offer of a person, once, whether the turn failed before the guard's time limit or after.

A rejection (a form's validation refusing the message) is not a failure: Rasa handles it.
"""

import asyncio
import logging
from functools import wraps
from typing import Any

import rasa.core.actions.action as rasa_actions
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, FollowupAction
from rasa.shared.exceptions import RasaException

log = logging.getLogger(__name__)


def within(seconds: float, run: Any) -> Any:
    """RemoteAction.run that fails with a RasaException after `seconds`."""
    if getattr(run, "within_seconds", None) is not None:
        run = run.__wrapped__

    @wraps(run)
    async def run_within(self: RemoteAction, *args: Any) -> list[Event]:
        try:
            return await asyncio.wait_for(run(self, *args), seconds)
        except asyncio.TimeoutError:
            raise RasaException(
                f"custom action '{self.name()}' had no answer within {seconds:g} s"
            ) from None

    run_within.within_seconds = seconds  # type: ignore[attr-defined]
    return run_within


class TurnEndingAction(RemoteAction):
    """A custom action the dialogue chose: if the call fails, the bot listens."""

    async def run(self, *args: Any) -> list[Event]:
        try:
            return await super().run(*args)
        except ActionExecutionRejection:
            raise
        except RasaException as error:
            log.error("%s; the turn ends (the parent is offered a person)", error)
            return [FollowupAction(ACTION_LISTEN_NAME)]


def turn_ending(action_for_name_or_text: Any) -> Any:
    """Rasa's factory of the actions it runs, making its custom actions TurnEndingAction."""
    if getattr(action_for_name_or_text, "ends_turns", False):
        return action_for_name_or_text

    @wraps(action_for_name_or_text)
    def action_for(name: str, domain: Any, action_endpoint: Any) -> Any:
        action = action_for_name_or_text(name, domain, action_endpoint)
        if type(action) is RemoteAction:
            return TurnEndingAction(action.name(), action_endpoint)
        return action

    action_for.ends_turns = True  # type: ignore[attr-defined]
    return action_for


def apply(timeout_seconds: float) -> None:
    RemoteAction.run = within(timeout_seconds, RemoteAction.run)  # type: ignore[method-assign]
    # the processor (and action_for_index) call it through the module
    rasa_actions.action_for_name_or_text = turn_ending(rasa_actions.action_for_name_or_text)
