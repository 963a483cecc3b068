"""Never silence: a turn that produces no answer in time gets an apology and a person.

When the action server, the database, Redis or the tracker store is down or slow, Rasa
logs the failure and carries on without a word to the parent. The guard runs each turn
with a time limit; if the limit passes, or the turn ends without any bot message while
the conversation is not paused for a person, it sends the apology itself. A slow turn
keeps running in the background, so nothing the parent said is lost.

While a person has the conversation Rasa says nothing; until staff write (or hand back),
every message the parent sends after a quiet period (the first one after the handoff, and
any after 10 minutes of the parent's silence: bot/conversation/turns.py) gets one "your
message is waiting" reply in the conversation's language, so nobody types into silence.

A parent waiting for a person may leave an e-mail address (the after-hours handoff asks
for one on the website): a message that holds a valid address carries it in its metadata
as `contact_email`, where the console finds it when a reply has to go by e-mail
(bot/console/mail_replies.py), and the parent hears that it is noted, or that the address
does not look right, instead of the waiting note.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.language import conversation_form
from bot.conversation import texts
from bot.conversation.contact_address import attempted, valid_address
from bot.conversation.turns import waiting_note_due
from bot.shared.config import Channels, read

log = logging.getLogger(__name__)

REPLY_TIMEOUT_SECONDS = read(Channels).reply_timeout_seconds


class Pause(Enum):
    NO = "no"  # the bot answers
    WAITING_NOTE = "waiting_note"  # handed over, staff not there yet, the parent was quiet
    YES = "yes"


@dataclass(frozen=True)
class PauseState:
    pause: Pause
    # the texts' variant of the conversation: "en", or the configured "u" or "je"
    form: str


def waiting_note(form: str) -> dict[str, Any]:
    return {"text": texts.say("handoff_waiting", form)}


def apology(form: str) -> dict[str, Any]:
    return {
        "text": texts.say("technical_problem", form),
        "buttons": [{"title": texts.button("talk_to_person", form), "payload": "/request_human"}],
    }


def _count_sends(output: OutputChannel) -> Callable[[], int]:
    """Wraps the channel's send_response (through which Rasa sends every bot message)."""
    sent = 0
    original = output.send_response

    async def counting(recipient_id: str, message: dict[str, Any]) -> None:
        nonlocal sent
        sent += 1
        await original(recipient_id, message)

    output.send_response = counting  # type: ignore[method-assign]
    return lambda: sent


def contact_note(form: str, address: str | None) -> dict[str, Any]:
    if address is None:
        return {"text": texts.say("handoff_email_invalid", form)}
    return {"text": texts.say("handoff_email_noted", form, email=address)}


def take_contact_address(message: UserMessage) -> tuple[bool, str | None]:
    """Whether the message tries to give an e-mail address, and the address if it is valid
    (then also kept in the message's metadata)."""
    address = attempted(message.text)
    if address is None:
        return False, None
    if not valid_address(address):
        return True, None
    message.metadata = {**(message.metadata or {}), "contact_email": address}
    return True, address


async def handle_guarded(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    pause_of: Callable[[str, str | None], Awaitable[PauseState]],
) -> None:
    """Handle `message`; answer with an apology on time-out or on unexpected silence, in
    the conversation's variant (`pause_of` reads it with the message)."""
    output = message.output_channel
    gives_address, address = take_contact_address(message)
    sent = _count_sends(output)
    turn = asyncio.ensure_future(on_new_message(message))
    try:
        await asyncio.wait_for(asyncio.shield(turn), REPLY_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        log.error(
            "turn on channel %s exceeded %.1f s", message.input_channel, REPLY_TIMEOUT_SECONDS
        )
    except Exception as error:
        log.error("turn on channel %s failed: %s", message.input_channel, type(error).__name__)
    if sent() > 0:
        return
    try:
        state = await pause_of(message.sender_id, message.text)
    except Exception as error:  # the tracker store is down too: say so all the same
        log.error("pause check on %s failed: %s", message.input_channel, type(error).__name__)
        state = PauseState(Pause.NO, conversation_form(None, message.text))
    if state.pause is Pause.NO:
        await output.send_response(message.sender_id, apology(state.form))
    elif gives_address:
        await output.send_response(message.sender_id, contact_note(state.form, address))
    elif state.pause is Pause.WAITING_NOTE:
        await output.send_response(message.sender_id, waiting_note(state.form))


def tracker_pause_check(agent: Any) -> Callable[[str, str | None], Awaitable[PauseState]]:
    """`pause_of` for `handle_guarded`, reading the conversation from the tracker store.

    The variant is the conversation's `language` slot updated by the parent's message
    `text`: a turn that failed or is still running has not stored the message (nor its
    language), and a new conversation has no tracker yet."""

    async def pause_of(sender_id: str, text: str | None) -> PauseState:
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return PauseState(Pause.NO, conversation_form(None, text))
        form = conversation_form(tracker.get_slot("language"), text)
        if not tracker.is_paused():
            return PauseState(Pause.NO, form)
        events = [event.as_dict() for event in tracker.events]
        return PauseState(Pause.WAITING_NOTE if waiting_note_due(events) else Pause.YES, form)

    return pause_of
