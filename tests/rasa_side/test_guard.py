"""The guard answers every turn: on time, or with an apology and the offer of a person."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import guard


async def not_paused(_: str) -> guard.Pause:
    return guard.Pause.NO


async def paused(_: str) -> guard.Pause:
    return guard.Pause.YES


async def first_while_waiting(_: str) -> guard.Pause:
    return guard.Pause.FIRST_WHILE_WAITING


def message() -> UserMessage:
    return UserMessage("hallo", CollectingOutputChannel(), "parent-1", input_channel="rest")


async def test_a_normal_answer_passes_unchanged() -> None:
    async def answer(msg: UserMessage) -> None:
        await msg.output_channel.send_response(msg.sender_id, {"text": "Goedendag!"})

    msg = message()
    await guard.handle_guarded(answer, msg, not_paused)
    assert [m["text"] for m in msg.output_channel.messages] == ["Goedendag!"]


async def test_silence_gets_an_apology_with_a_person_button() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    msg = message()
    await guard.handle_guarded(silent, msg, not_paused)
    (reply,) = msg.output_channel.messages
    assert "er gaat bij ons iets mis" in reply["text"]
    assert reply["buttons"][0]["payload"] == "/request_human"


async def test_a_failing_turn_gets_an_apology() -> None:
    async def broken(_: UserMessage) -> None:
        raise ConnectionError("action server down")

    msg = message()
    await guard.handle_guarded(broken, msg, not_paused)
    assert len(msg.output_channel.messages) == 1


async def test_a_slow_turn_is_answered_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "REPLY_TIMEOUT_SECONDS", 0.2)
    finished = asyncio.Event()

    async def slow(msg: UserMessage) -> None:
        await asyncio.sleep(0.5)
        finished.set()

    msg = message()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await guard.handle_guarded(slow, msg, not_paused)
    assert loop.time() - started < 0.4
    assert len(msg.output_channel.messages) == 1
    await asyncio.wait_for(finished.wait(), 1)  # the turn itself still completes


async def test_a_paused_conversation_stays_silent() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    msg = message()
    await guard.handle_guarded(silent, msg, paused)
    assert msg.output_channel.messages == []


async def test_the_first_message_while_waiting_for_staff_gets_one_note() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    msg = message()
    await guard.handle_guarded(silent, msg, first_while_waiting)
    (reply,) = msg.output_channel.messages
    assert reply["text"].startswith("Uw bericht staat klaar.")


async def test_a_turn_gets_an_apology_when_the_tracker_store_is_down_too() -> None:
    async def broken(_: UserMessage) -> None:
        raise ConnectionError("tracker store down")

    async def unknown(_: str) -> guard.Pause:
        raise ConnectionError("tracker store down")

    msg = message()
    await guard.handle_guarded(broken, msg, unknown)
    (reply,) = msg.output_channel.messages
    assert "er gaat bij ons iets mis" in reply["text"]
