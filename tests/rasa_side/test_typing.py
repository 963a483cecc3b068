"""Typing indicators on the channels (bot/channels/typing.py): what WhatsApp's Cloud API and
Messenger's Send API receive, read at a local stand-in for Meta's Graph API; which channel
and message the indicator is for; the widget's event in the conversation's language; and
a website parent's typing, kept a few seconds in the channels' store."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.messenger import MessengerInput
from bot.channels.store import SqliteTtlStore
from bot.channels.twilio import TwilioInput
from bot.channels.typing import ParentTyping, last_message_id, show_staff_typing
from bot.channels.webhook_channel import window_key
from bot.channels.website import STAFF_TYPING_EVENT, WebsiteOutput
from bot.channels.whatsapp import WhatsAppInput
from bot.conversation import texts
from bot.shared.config import Messenger, Twilio, WhatsApp
from tests.support.graph_api import FakeGraphApi, running_graph_api

NUMBER = "31612345678"
PSID = "24012345678"
DOMAIN = Domain.from_dict(
    {"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}}
)


@pytest.fixture
def graph() -> Iterator[FakeGraphApi]:
    with running_graph_api() as api:
        yield api


@pytest.fixture
def store() -> SqliteTtlStore:
    return SqliteTtlStore(":memory:")


def conversation(sender_id: str, *said: tuple[str, str, str], language: str = "nl") -> Any:
    """A tracker in which the parent said (text, channel, message id) in turn, each answered."""
    events: list[Any] = [ActionExecuted("action_listen")]
    for text, channel, message_id in said:
        events += [
            UserUttered(text, input_channel=channel, message_id=message_id),
            SlotSet("language", language),
            BotUttered("Een ogenblik."),
        ]
    return DialogueStateTracker.from_events(sender_id, events, DOMAIN.slots)


def whatsapp_channel(graph: FakeGraphApi, store: SqliteTtlStore) -> WhatsAppInput:
    settings = WhatsApp(
        app_secret="s", access_token="wa-token", phone_number_id="1065", api_url=graph.url
    )
    return WhatsAppInput(settings, store)


async def test_whatsapp_marks_the_last_message_read_with_a_typing_indicator(
    graph: FakeGraphApi, store: SqliteTtlStore
) -> None:
    await store.touch(window_key("whatsapp", NUMBER), 3600)  # the parent wrote today
    tracker = conversation(
        f"whatsapp:{NUMBER}",
        ("Ik wil een medewerker", "whatsapp", "wamid.first"),
        ("Hallo?", "whatsapp", "wamid.last"),
    )
    assert await show_staff_typing([whatsapp_channel(graph, store)], tracker)
    (sent,) = graph._sent
    assert sent.path == "/v19.0/1065/messages"
    assert sent.authorization == "Bearer wa-token"  # the staff reply's credentials
    assert sent.body == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.last",
        "typing_indicator": {"type": "text"},
    }


async def test_whatsapp_shows_no_typing_outside_the_service_window(
    graph: FakeGraphApi, store: SqliteTtlStore
) -> None:
    """A reply would go as the template: no indicator for a message that never comes."""
    tracker = conversation(f"whatsapp:{NUMBER}", ("Hallo?", "whatsapp", "wamid.old"))
    assert not await show_staff_typing([whatsapp_channel(graph, store)], tracker)
    assert graph._sent == []


async def test_a_refused_indicator_is_tried_once(
    graph: FakeGraphApi, store: SqliteTtlStore
) -> None:
    await store.touch(window_key("whatsapp", NUMBER), 3600)
    graph.fail("", 503)  # the indicator names no recipient; Meta is down
    tracker = conversation(f"whatsapp:{NUMBER}", ("Hallo?", "whatsapp", "wamid.1"))
    assert not await show_staff_typing([whatsapp_channel(graph, store)], tracker)
    assert len(graph._sent) == 1  # no retries: worth nothing a few seconds later


async def test_messenger_gets_the_typing_on_sender_action(
    graph: FakeGraphApi, store: SqliteTtlStore
) -> None:
    settings = Messenger(app_secret="s", page_access_token="page-token", api_url=graph.url)
    tracker = conversation(f"messenger:{PSID}", ("Hallo?", "messenger", "m_1"))
    assert await show_staff_typing([MessengerInput(settings, store)], tracker)
    (sent,) = graph.sent_to(PSID)
    assert sent.path == "/v19.0/me/messages" and sent.authorization == "Bearer page-token"
    assert sent.body == {"recipient": {"id": PSID}, "sender_action": "typing_on"}


async def test_the_indicator_goes_where_the_parent_last_wrote(
    graph: FakeGraphApi, store: SqliteTtlStore
) -> None:
    """Twilio has no typing indicator: nothing is sent, not even on another channel."""
    twilio = TwilioInput(Twilio(account_sid="AC1", auth_token="t", api_url=graph.twilio_url), store)
    tracker = conversation(
        f"twilio:+{NUMBER}", ("Hallo", "whatsapp", "wamid.1"), ("Nog een vraag", "twilio", "SM1")
    )
    channels = [whatsapp_channel(graph, store), twilio]
    assert last_message_id(tracker, "whatsapp") == "wamid.1"
    assert not await show_staff_typing(channels, tracker)
    assert graph._sent == []


class RecordingSocket:
    """What WebsiteOutput uses of python-socketio's server: emit."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, str]] = []

    async def emit(self, event: str, data: Any, room: str) -> None:
        self.emitted.append((event, data, room))


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_widget_is_told_in_the_conversations_language(language: str) -> None:
    socket = RecordingSocket()
    output = WebsiteOutput(socket, "bot_uttered")  # type: ignore[arg-type]
    tracker = conversation("website:abc", ("Hallo", "website", "m1"), language=language)

    class Website:  # the input channel as Rasa registers it
        @staticmethod
        def name() -> str:
            return "website"

        @staticmethod
        def get_output_channel() -> WebsiteOutput:
            return output

    assert await show_staff_typing([Website()], tracker)  # type: ignore[list-item]
    words = texts.say("staff_typing", texts.variant(language))
    assert socket.emitted == [(STAFF_TYPING_EVENT, {"text": words}, "website:abc")]
    assert words == {"nl": "Medewerker typt…", "en": "A team member is typing…"}[language]


async def test_a_parent_types_for_a_few_seconds_or_until_the_message_is_sent(
    store: SqliteTtlStore,
) -> None:
    typing = ParentTyping(store, seconds=0.3)
    assert not await typing.now("website:abc")
    await typing.typing("website:abc")
    assert await typing.now("website:abc") and not await typing.now("website:other")
    await typing.sent("website:abc")
    assert not await typing.now("website:abc")
    await typing.typing("website:abc")
    await asyncio.sleep(0.4)
    assert not await typing.now("website:abc")  # stopped typing without sending


async def test_a_staff_message_reaches_the_widget_as_staffs() -> None:
    """Review30 P3: a staff reply (the console's bot event with source "staff") goes to the
    widget with the staff member's name, so it looks apart from the assistant's; the
    assistant's messages go as Rasa sends them."""
    socket = RecordingSocket()
    output = WebsiteOutput(socket, "bot_uttered")  # type: ignore[arg-type]
    staff = BotUttered(
        "Ik kijk het na.\n\nEen moment.", metadata={"source": "staff", "staff_name": "Sanne"}
    )
    await output.send_response("website:abc", staff.message())
    await output.send_response("website:abc", BotUttered("Waarmee kan ik helpen?").message())
    await output.send_response(
        "website:abc", BotUttered("Hallo", metadata={"source": "staff"}).message()
    )
    assert socket.emitted == [
        ("bot_uttered", {"text": "Ik kijk het na.", "staff": "Sanne"}, "website:abc"),
        ("bot_uttered", {"text": "Een moment.", "staff": "Sanne"}, "website:abc"),
        ("bot_uttered", {"text": "Waarmee kan ik helpen?"}, "website:abc"),
        ("bot_uttered", {"text": "Hallo", "staff": ""}, "website:abc"),
    ]
