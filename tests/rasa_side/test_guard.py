"""The guard answers every turn: on time, or with an apology and the offer of a person."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import guard


async def not_paused(_: str, __: str | None) -> guard.PauseState:
    return guard.PauseState(guard.Pause.NO, "u")


async def paused(_: str, __: str | None) -> guard.PauseState:
    return guard.PauseState(guard.Pause.YES, "u")


async def first_while_waiting(_: str, __: str | None) -> guard.PauseState:
    return guard.PauseState(guard.Pause.WAITING_NOTE, "u")


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

    async def unknown(_: str, __: str | None) -> guard.PauseState:
        raise ConnectionError("tracker store down")

    msg = message()
    await guard.handle_guarded(broken, msg, unknown)
    (reply,) = msg.output_channel.messages
    assert "er gaat bij ons iets mis" in reply["text"]


async def test_an_english_parent_gets_the_waiting_note_in_english() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    async def waiting_in_english(_: str, __: str | None) -> guard.PauseState:
        return guard.PauseState(guard.Pause.WAITING_NOTE, "en")

    msg = message()
    await guard.handle_guarded(silent, msg, waiting_in_english)
    (reply,) = msg.output_channel.messages
    assert reply["text"].startswith("Your message is waiting.")


class Agent:
    """What `tracker_pause_check` reads of Rasa's agent: its tracker store."""

    def __init__(self, store: InMemoryTrackerStore) -> None:
        self.tracker_store = store


def handed_over(*, language: str = "nl") -> list[Event]:
    return [
        ActionExecuted("action_listen"),
        UserUttered("ik wil een medewerker", timestamp=1_000.0),
        ActionExecuted("action_handoff"),
        SlotSet("language", language),
        ConversationPaused(),
    ]


async def pause_state(events: list[Event], text: str | None = None) -> guard.PauseState:
    """The pause check after the parent's message `text` (default: the last one stored)."""
    domain = Domain.from_dict(
        {"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}}
    )
    store = InMemoryTrackerStore(domain)
    if events:
        await store.save(DialogueStateTracker.from_events("parent-1", events, domain.slots))
    if text is None:
        text = [e for e in events if isinstance(e, UserUttered)][-1].text
    return await guard.tracker_pause_check(Agent(store))("parent-1", text)


MINUTE = 60.0


async def test_every_quiet_period_after_the_handoff_gets_the_note() -> None:
    """The first message after the handoff, and a message after 10 minutes of the parent's
    silence, get the note; the other messages of a burst do not."""
    conversation = [
        ("hallo?", 1 * MINUTE, guard.Pause.WAITING_NOTE),
        ("is daar iemand?", 2 * MINUTE, guard.Pause.YES),
        ("???", 3 * MINUTE, guard.Pause.YES),
        ("nog steeds niemand?", 13 * MINUTE, guard.Pause.WAITING_NOTE),
        ("hallo", 22 * MINUTE, guard.Pause.YES),
    ]
    events = handed_over()
    for text, after, expected in conversation:
        events = [*events, UserUttered(text, timestamp=1_000.0 + after)]
        assert (await pause_state(events)).pause is expected, text


async def test_no_note_once_staff_wrote() -> None:
    staff = BotUttered("Hallo, met Anna", metadata={"source": "staff"}, timestamp=1_100.0)
    events = [*handed_over(), staff, UserUttered("hoi Anna", timestamp=1_100.0 + 30 * MINUTE)]
    assert (await pause_state(events)).pause is guard.Pause.YES


@pytest.mark.parametrize(
    ("language", "text", "form"),
    [
        ("en", "hello?", "en"),
        ("en", "is anyone there?", "en"),
        ("nl", "is there anyone who can help me please?", "en"),  # the message switches it
        ("nl", "hallo?", "u"),
    ],
)
async def test_the_note_speaks_the_conversations_language(
    language: str, text: str, form: str
) -> None:
    events = [*handed_over(language=language), UserUttered(text, timestamp=1_060.0)]
    state = await pause_state(events)
    assert state == guard.PauseState(guard.Pause.WAITING_NOTE, form)
    assert guard.waiting_note(state.form)["text"].startswith(
        "Your message is waiting." if form == "en" else "Uw bericht staat klaar."
    )


async def test_a_conversation_the_bot_has_is_not_paused() -> None:
    events = [ActionExecuted("action_listen"), UserUttered("hello there, what does it cost?")]
    assert await pause_state(events) == guard.PauseState(guard.Pause.NO, "en")


async def test_a_failed_first_message_in_english_gets_the_apology_in_english() -> None:
    """The turn failed before Rasa stored the conversation: the message alone decides."""
    assert await pause_state([], "Hello, is there a place for my son?") == guard.PauseState(
        guard.Pause.NO, "en"
    )
    assert await pause_state([], "Hallo, is er plek voor mijn zoon?") == guard.PauseState(
        guard.Pause.NO, "u"
    )


async def test_a_message_the_failed_turn_did_not_store_still_counts() -> None:
    """An English conversation stays English for "ok", and a Dutch one turns English with
    an English sentence the failed turn never stored (nor set the slot for)."""
    english = [
        ActionExecuted("action_listen"),
        UserUttered("hello, what does it cost?"),
        SlotSet("language", "en"),
    ]
    assert (await pause_state(english, "ok")).form == "en"
    dutch = [ActionExecuted("action_listen"), UserUttered("wat kost het?")]
    assert (await pause_state(dutch, "sorry, could you answer in English please?")).form == "en"
    assert (await pause_state(dutch, "ok")).form == "u"


async def test_an_address_left_while_waiting_is_kept_and_noted() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    msg = UserMessage(
        "mijn mail is ouder@voorbeeld.nl", CollectingOutputChannel(), "p", input_channel="website"
    )
    await guard.handle_guarded(silent, msg, first_while_waiting)
    assert msg.metadata == {"contact_email": "ouder@voorbeeld.nl"}
    (reply,) = msg.output_channel.messages
    assert reply["text"] == guard.texts.say("handoff_email_noted", "u", email="ouder@voorbeeld.nl")


async def test_an_address_that_is_not_one_is_asked_again_and_not_kept() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    msg = UserMessage("ouder@voorbeeld", CollectingOutputChannel(), "p", input_channel="website")
    await guard.handle_guarded(silent, msg, paused)
    assert not msg.metadata
    (reply,) = msg.output_channel.messages
    assert reply["text"] == guard.texts.say("handoff_email_invalid", "u")
