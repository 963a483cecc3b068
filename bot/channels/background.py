"""Webhook turns run after the HTTP answer: Meta wants a 200 within seconds and retries
otherwise, while a turn (NLU, actions, database) may take longer."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.guard import handle_guarded, tracker_pause_check
from bot.channels.language import tracker_form
from bot.conversation import texts

log = logging.getLogger(__name__)

_running: set[asyncio.Task[None]] = set()


def process_later(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    agent: Any,
    messages: Iterable[UserMessage],
) -> None:
    """Handle `messages` one after the other (they come from one sender, in order)."""
    batch = list(messages)

    async def run() -> None:
        for message in batch:
            try:
                await handle_guarded(on_new_message, message, tracker_pause_check(agent))
            except Exception as error:
                log.error("%s: turn failed: %s", message.input_channel, type(error).__name__)

    _start(run())


def reply_later(output: OutputChannel, recipient_id: str, agent: Any, key: str) -> None:
    """Send the text `key` outside a turn (e.g. "I can only read text"), in the variant of
    the conversation in `agent`'s tracker store."""

    async def send() -> None:
        form = await tracker_form(agent, recipient_id)
        await output.send_response(recipient_id, {"text": texts.say(key, form)})

    _start(send())


def _start(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.get_running_loop().create_task(work)
    _running.add(task)
    task.add_done_callback(_running.discard)
