"""The channels' building blocks, without a server: session ids, the TTL store, webhook
parsing and the shape of WhatsApp's interactive messages."""

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import background, website, whatsapp
from bot.channels.messenger import MessengerInput, inbound_events
from bot.channels.sessions import SessionIssuer
from bot.channels.store import SqliteTtlStore, ttl_store
from bot.channels.webhook_channel import Inbound, window_key
from bot.channels.webhooks import Rejected
from bot.conversation import texts
from bot.conversation.buttons import LIST_LABEL, score_buttons
from bot.shared import clock
from bot.shared.config import Messenger, Storage, WhatsApp


class Agent:
    """What the channels read of Rasa's agent: its tracker store."""

    def __init__(self, store: InMemoryTrackerStore) -> None:
        self.tracker_store = store


DOMAIN = Domain.from_dict(
    {"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}}
)
NO_CONVERSATIONS = Agent(InMemoryTrackerStore(DOMAIN))


async def agent_with(sender_id: str, *said: str, language: str) -> Agent:
    """Rasa's agent holding a conversation in which the parent said `said`, the actions
    having set its `language` slot."""
    events = [ActionExecuted("action_listen")]
    for text in said:
        events += [UserUttered(text), SlotSet("language", language)]
    store = InMemoryTrackerStore(DOMAIN)
    await store.save(DialogueStateTracker.from_events(sender_id, events, DOMAIN.slots))
    return Agent(store)


def test_issued_session_ids_are_recognised_and_others_refused() -> None:
    issuer = SessionIssuer("secret")
    session_id = issuer.issue()
    random_part, _ = session_id.split(".")
    assert len(random_part) == 32 and issuer.issue() != session_id
    assert issuer.sender_of(session_id) == f"website:{random_part}"
    assert SessionIssuer("other secret").sender_of(session_id) is None
    for forged in (random_part, f"{random_part}.{'0' * 32}", "a.b.c", None, 42):
        assert issuer.sender_of(forged) is None


async def test_the_store_forgets_after_the_ttl(tmp_path: Path) -> None:
    store = SqliteTtlStore(tmp_path / "channels.db")
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert await store.add_if_new("a", 60)
        assert not await store.add_if_new("a", 60)
        await store.touch("b", 60)
        traveller.shift(timedelta(seconds=61))
        assert not await store.contains("a") and not await store.contains("b")
        assert await store.add_if_new("a", 60)


async def test_seen_ids_outlive_a_restart_of_the_embedded_set_up(tmp_path: Path) -> None:
    """A WhatsApp message id delivered before a restart was answered again after it."""
    storage = Storage(var_dir=tmp_path)
    message = Inbound("31612345678", "wamid.1", "hallo", sent_at=clock.timestamp())
    before = whatsapp.WhatsAppInput(WhatsApp(app_secret="s"), ttl_store(storage))
    assert await before._new_turns([message], NO_CONVERSATIONS)
    after = whatsapp.WhatsAppInput(WhatsApp(app_secret="s"), ttl_store(storage))  # restarted
    assert await after._new_turns([message], NO_CONVERSATIONS) == {}


def test_whatsapp_statuses_are_no_messages_and_junk_is_rejected() -> None:
    statuses = {"statuses": [{"id": "wamid.1", "status": "read"}]}
    body = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": statuses}]}]}
    assert whatsapp.inbound_messages(body) == []
    with pytest.raises(Rejected):
        whatsapp.inbound_messages({"object": "page", "entry": []})
    with pytest.raises(Rejected):
        whatsapp.inbound_messages({"object": "whatsapp_business_account", "entry": ["x"]})


def test_messenger_receipts_and_echoes_are_skipped() -> None:
    events = [
        {"sender": {"id": "123"}, "delivery": {"mids": ["m_1"]}},
        {"sender": {"id": "123"}, "message": {"mid": "m_2", "text": "hoi", "is_echo": True}},
        {"sender": {"id": "123"}, "message": {"mid": "m_3", "text": "hallo"}},
    ]
    body = {"object": "page", "entry": [{"messaging": events}]}
    assert inbound_events(body) == [Inbound("123", "m_3", "hallo")]


def messenger_postback(sent_at: float) -> dict:
    event = {"sender": {"id": "123"}, "timestamp": int(sent_at * 1000)}
    return {"object": "page", "entry": [{"messaging": [{**event, "postback": {"payload": "/x"}}]}]}


async def test_messenger_events_without_an_id_are_handled_once(tmp_path: Path) -> None:
    channel = MessengerInput(Messenger(app_secret="s"), SqliteTtlStore(tmp_path / "c.db"))
    now = clock.timestamp()
    replays = [inbound_events(messenger_postback(now)) for _ in range(3)]
    assert [len(await channel._new_turns(events, NO_CONVERSATIONS)) for events in replays] == [
        1,
        0,
        0,
    ]
    later = inbound_events(messenger_postback(now + 5))  # the same button, pressed again
    assert len(await channel._new_turns(later, NO_CONVERSATIONS)) == 1


async def test_meta_messages_older_than_a_day_are_dropped_without_their_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqliteTtlStore(tmp_path / "c.db")
    whatsapp_channel = whatsapp.WhatsAppInput(WhatsApp(app_secret="s"), store)
    messenger_channel = MessengerInput(Messenger(app_secret="s"), store)
    two_days_ago = clock.timestamp() - 2 * 24 * 3600
    old = Inbound("31612345678", "wamid.old", "geheim bericht", sent_at=two_days_ago)
    untimed = Inbound("31612345678", "wamid.untimed", "geheim bericht")
    assert await whatsapp_channel._new_turns([old, untimed], NO_CONVERSATIONS) == {}
    assert (
        await messenger_channel._new_turns(
            inbound_events(messenger_postback(two_days_ago)), NO_CONVERSATIONS
        )
        == {}
    )
    hour_ago = Inbound("31612345678", "wamid.recent", "hallo", sent_at=clock.timestamp() - 3600)
    assert await whatsapp_channel._new_turns([hour_ago], NO_CONVERSATIONS)
    assert "dropped" in caplog.text and "geheim" not in caplog.text and "316" not in caplog.text


class RecordingClient:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def send(self, payload: dict, kind: str) -> bool:
        self.sent.append(payload)
        return True


@pytest.fixture
async def output() -> whatsapp.WhatsAppOutput:
    settings = WhatsApp(app_secret="s", access_token="t", phone_number_id="1")
    store = SqliteTtlStore(":memory:")
    await store.touch(window_key("whatsapp", "31612345678"), 60)
    channel = whatsapp.WhatsAppOutput(settings, store)
    channel.client = RecordingClient()  # type: ignore[assignment]
    return channel


def buttons(count: int) -> list[dict[str, str]]:
    return [
        {"title": f"Onderwerp nummer {i} met een lange titel", "payload": f"/x{i}"}
        for i in range(count)
    ]


async def test_up_to_three_buttons_are_reply_buttons(output: whatsapp.WhatsAppOutput) -> None:
    await output.send_response("whatsapp:31612345678", {"text": "Kies", "buttons": buttons(3)})
    (sent,) = output.client.sent
    assert sent["to"] == "31612345678"
    action = sent["interactive"]["action"]
    assert sent["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in action["buttons"]] == ["/x0", "/x1", "/x2"]
    assert all(len(b["reply"]["title"]) <= 20 for b in action["buttons"])


async def test_more_buttons_become_a_list_of_at_most_ten(output: whatsapp.WhatsAppOutput) -> None:
    await output.send_response("whatsapp:31612345678", {"text": "Kies", "buttons": buttons(12)})
    (sent,) = output.client.sent
    rows = sent["interactive"]["action"]["sections"][0]["rows"]
    assert sent["interactive"]["type"] == "list" and len(rows) == 10


async def test_outside_the_window_without_a_template_nothing_is_sent(
    output: whatsapp.WhatsAppOutput,
) -> None:
    await output.send_response("whatsapp:31699999999", {"text": "Hallo"})
    assert output.client.sent == []


async def test_a_delivery_is_handled_once_and_opens_the_service_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = SqliteTtlStore(":memory:")
    channel = whatsapp.WhatsAppInput(WhatsApp(app_secret="s"), store)
    replies: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        background,
        "reply_later",
        lambda _, recipient, agent, key: replies.append((recipient, key)),
    )
    number = "31612345678"
    now = clock.timestamp()
    message = Inbound(number, "wamid.1", "hallo", {"phone": f"+{number}"}, now)
    photo = Inbound(number, "wamid.2", None, sent_at=now)
    turns = await channel._new_turns([message, photo, message], NO_CONVERSATIONS)
    (turn,) = turns[number]
    assert (turn.text, turn.sender_id, turn.message_id) == (
        "hallo",
        f"whatsapp:{number}",
        "wamid.1",
    )
    assert turn.metadata == {"phone": f"+{number}"} and turn.input_channel == "whatsapp"
    assert replies == [(f"whatsapp:{number}", "unsupported_message")]
    assert await store.contains(window_key("whatsapp", number))
    assert await channel._new_turns([message], NO_CONVERSATIONS) == {}  # a re-delivery


async def test_messenger_has_no_service_window() -> None:
    store = SqliteTtlStore(":memory:")
    channel = MessengerInput(Messenger(app_secret="s"), store)
    message = Inbound("123", "m_1", "hoi", sent_at=clock.timestamp())
    (turn,) = (await channel._new_turns([message], NO_CONVERSATIONS))["123"]
    assert turn.sender_id == "messenger:123" and turn.metadata is None
    assert not await store.contains(window_key("messenger", "123"))


def test_the_demo_sites_widget_speaks_the_organisations_form_of_address() -> None:
    from bot.channels.website import STATIC_DIR, demo_page

    assert 'data-form="je"' in demo_page("je") and 'data-form="u"' in demo_page("u")
    widget = (STATIC_DIR / "widget.js").read_text("utf-8")
    assert "Typ je vraag" in widget and "Typ uw vraag" in widget  # both forms, chosen by data-form
    assert "Type your question" in widget and "navigator.language" in widget  # and English
    assert 'data-lang="en"' in demo_page("u", "en") and "data-lang" not in demo_page("u")
    assert "data-lang" not in demo_page("u", '"><script>')


def test_the_widgets_language_is_a_hint_for_the_messages_language() -> None:
    from bot.channels.website import page_language

    assert page_language({"message": "ok", "language": "en"}) == {"language": "en"}
    assert page_language({"message": "ok", "language": "fr"}) == {}
    assert page_language({"message": "ok"}) == {}


def test_only_an_update_reference_is_taken_from_the_clients_data() -> None:
    from bot.channels.website import update_reference

    assert update_reference({"message": "hoi", "update": "k3y-of-the_update"}) == {
        "update_reference": "k3y-of-the_update"
    }
    for given in ({"update": "<script>"}, {"update": 42}, {"update": "x" * 40}, {"phone": "+31"}):
        assert update_reference({"message": "hoi", **given}) is None


class _Request:
    """What the socket's environ holds of the Sanic request that opened it."""

    def __init__(self, ip: str, forwarded_for: str | None = None) -> None:
        self.ip = ip
        self.headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}


def test_a_website_message_carries_the_connections_client_and_no_forged_one() -> None:
    from bot.channels.website import client_metadata

    forged = {"message": "hoi", "client": "ip:192.0.2.1", "language": "en"}
    assert client_metadata(forged, "ip:203.0.113.7") == {
        "language": "en",
        "client": "ip:203.0.113.7",
    }
    assert "client" not in client_metadata(forged, None)


def test_the_website_client_is_the_connection_or_whom_a_trusted_proxy_names() -> None:
    from bot.channels.website import connection_client
    from bot.shared.forwarded import trusted_proxies

    nginx = trusted_proxies("10.0.0.5")

    def client(ip: str, forwarded_for: str | None = None) -> str | None:
        return connection_client({"sanic.request": _Request(ip, forwarded_for)}, nginx)

    # engineio's REMOTE_ADDR is always 127.0.0.1 under Sanic: the request is asked
    assert connection_client({"REMOTE_ADDR": "127.0.0.1"}, nginx) is None
    assert client("203.0.113.7") == "ip:203.0.113.7"
    assert client("203.0.113.7", "192.0.2.1") == "ip:203.0.113.7"  # a header anyone can send
    assert client("10.0.0.5", "192.0.2.1, 198.51.100.9") == "ip:198.51.100.9"
    # an IPv6 client is its /64: the next address in it costs nothing
    assert client("2001:db8:1:2::1") == client("2001:db8:1:2:ffff::9") == "ip:2001:db8:1:2::/64"
    assert client("::ffff:203.0.113.7") == "ip:203.0.113.7"


def test_a_read_receipt_marks_the_update_it_is_for_as_opened(tmp_path) -> None:
    from sqlalchemy import create_engine, text

    from bot.channels.receipts import record_reads

    engine = create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with engine.begin() as db:
        db.execute(text("CREATE TABLE update_messages (provider_message_id TEXT, opened_at TEXT)"))
        db.execute(text("INSERT INTO update_messages VALUES ('wamid.ours', NULL)"))
    statuses = [
        {"id": "wamid.ours", "status": "read"},
        {"id": "wamid.ours", "status": "delivered"},
        {"id": "wamid.not-an-update", "status": "read"},
    ]
    payload = {"entry": [{"changes": [{"value": {"statuses": statuses}}]}]}

    assert record_reads(payload, engine) == 1
    assert record_reads(payload, engine) == 0  # the first read counts
    with engine.connect() as db:
        assert db.execute(text("SELECT opened_at FROM update_messages")).scalar() is not None


def test_website_rooms_are_shared_through_redis_when_the_lock_store_is() -> None:
    assert website.shared_rooms(Storage()) is None  # one Rasa process: rooms in it
    manager = website.shared_rooms(Storage(lock_store_type="redis", redis_port=6380, redis_db=4))
    assert manager is not None
    assert manager.redis_url == "redis://127.0.0.1:6380/4"
    assert manager.channel == "placement:socketio:4"


def sent_by_channel(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """What every WhatsApp output sends from now on (recorded instead of Meta's API)."""
    client = RecordingClient()
    monkeypatch.setattr(whatsapp.WhatsAppOutput, "sender", lambda self: client)
    return client.sent


async def until(sent: list[dict], count: int) -> list[dict]:
    for _ in range(100):
        if len(sent) >= count:
            return sent
        await asyncio.sleep(0.02)
    raise AssertionError(f"{len(sent)} of {count} messages sent")


def whatsapp_input() -> whatsapp.WhatsAppInput:
    settings = WhatsApp(app_secret="s", access_token="t", phone_number_id="1")
    return whatsapp.WhatsAppInput(settings, SqliteTtlStore(":memory:"))


@pytest.mark.parametrize(("language", "form"), [("en", "en"), ("nl", "u")])
async def test_a_photo_is_answered_in_the_conversations_language(
    monkeypatch: pytest.MonkeyPatch, language: str, form: str
) -> None:
    """An English-speaking parent who sends a photo reads English, not the organisation's
    Dutch: the channel asks the tracker store what the conversation speaks."""
    number = "31612345678"
    said = "Hello, is there a place for my daughter?" if language == "en" else "Is er plek?"
    agent = await agent_with(f"whatsapp:{number}", said, language=language)
    sent = sent_by_channel(monkeypatch)
    photo = Inbound(number, "wamid.photo", None, sent_at=clock.timestamp())
    assert await whatsapp_input()._new_turns([photo], agent) == {}
    (reply,) = await until(sent, 1)
    assert reply["to"] == number
    assert reply["text"]["body"] == texts.say("unsupported_message", form)


async def test_an_english_parents_failed_turn_gets_the_apology_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The action server is down: the turn raises before Rasa stored the message (or its
    language). The parent's first message, in English, decides the apology's language, and
    an earlier English conversation keeps it for a message that says no language ("ok")."""

    async def action_server_down(_: UserMessage) -> None:
        raise ConnectionError("action server down")

    sent = sent_by_channel(monkeypatch)
    channel = whatsapp_input()
    now = clock.timestamp()
    first = Inbound("31600000001", "wamid.a", "Hello, what does a place cost?", sent_at=now)
    for turns in (await channel._new_turns([first], NO_CONVERSATIONS)).values():
        background.process_later(action_server_down, NO_CONVERSATIONS, turns)
    known = await agent_with("whatsapp:31600000002", "Hi, is there a place?", language="en")
    later = Inbound("31600000002", "wamid.b", "ok", sent_at=now)
    for turns in (await channel._new_turns([later], known)).values():
        background.process_later(action_server_down, known, turns)
    replies = await until(sent, 2)
    assert {reply["to"] for reply in replies} == {"31600000001", "31600000002"}
    for reply in replies:
        interactive = reply["interactive"]
        assert interactive["body"]["text"] == texts.say("technical_problem", "en")
        (person,) = interactive["action"]["buttons"]
        assert person["reply"]["title"] == "Talk to a person"


async def test_the_score_list_carries_its_own_label(output: whatsapp.WhatsAppOutput) -> None:
    """The score from 1 to 5 is no topic: its list opens with "Geef een cijfer" ("Give a score"),
    as the action labels it; other lists keep "Kies een onderwerp"."""
    for form, label in (("u", "Geef een cijfer"), ("en", "Give a score")):
        question = {
            "text": texts.say("ask_satisfaction", form),
            "buttons": score_buttons(form),
            LIST_LABEL: texts.button("give_score", form),
        }
        await output.send_response("whatsapp:31612345678", question)
        interactive = output.client.sent[-1]["interactive"]
        assert interactive["type"] == "list"
        assert interactive["action"]["button"] == label
        (section,) = interactive["action"]["sections"]
        assert section["title"] == label
        titles = [row["title"] for row in section["rows"]]
        assert titles == ["1", "2", "3", "4", "5"]
        ends = [section["rows"][0]["description"], section["rows"][-1]["description"]]
        assert ends == [texts.button("score_lowest", form), texts.button("score_highest", form)]
        assert "description" not in section["rows"][2]
        assert all(len(row["title"]) <= 24 for row in section["rows"])
    await output.send_response("whatsapp:31612345678", {"text": "Kies", "buttons": buttons(5)})
    assert output.client.sent[-1]["interactive"]["action"]["button"] == "Kies een onderwerp"
