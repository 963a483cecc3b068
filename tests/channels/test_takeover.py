"""A person takes over on every channel, driven through the staff console's API as staff
would drive it (log in, find the conversation in the queue, claim, reply, hand back), with
the parent on the channel itself: the website over socket.io, WhatsApp and Messenger over
signed webhooks, WhatsApp through Twilio. Nothing here calls Rasa's HTTP API. While staff
type, the parent sees it where the channel can show it.

The website story runs on both stacks (`make run` as a new user gets it, with SQLite; and
with PostgreSQL), the others on the production stack, where those channels are on. Each
story ends by reading the stack's tracker store directly: its conversation is stored under
its own id, and no conversation exists under an encoded form of another's id (the phantom
conversations of issue #11)."""

import time
from collections.abc import Callable, Iterator
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import create_engine, text

from bot.conversation.texts import say
from tests.support.console import StaffConsole
from tests.support.graph_api import FakeGraphApi
from tests.support.parents import (
    MessengerParent,
    Parent,
    TwilioParent,
    WebsiteParent,
    WhatsAppParent,
)
from tests.support.stack import RunningStack
from tests.support.takeover import ASK, claim, escalate

STAFF_REPLY = "Goedemiddag, u spreekt met het plaatsingsbureau. Waarmee kan ik u helpen?"
PARENT_ANSWER = "Onze dochter staat al een jaar op de wachtlijst, wanneer is er plek?"
CLOSING = "Ik zet u op de lijst voor het volgende planningsoverleg. Fijne dag!"
QUIET_SECONDS = 3  # the bot's answer (or the silence guard's apology) comes well within this


@pytest.fixture
def parent_on(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[str, type[Parent]], tuple[Parent, StaffConsole, RunningStack]]]:
    """parent_on(stack_fixture, ParentClass): a new parent there, the staff console and
    the stack."""
    parents: list[Parent] = []

    def make(stack_name: str, kind: type[Parent]) -> tuple[Parent, StaffConsole, RunningStack]:
        stack: RunningStack = request.getfixturevalue(stack_name)
        if kind is WebsiteParent:
            parent: Parent = WebsiteParent(stack)
        else:
            graph_api: FakeGraphApi = request.getfixturevalue("graph_api")
            parent = kind(stack, graph_api)  # type: ignore[call-arg]
        parents.append(parent)
        return parent, StaffConsole(stack), stack

    yield make
    for parent in parents:
        parent.close()


def typing_is_shown(parent: Parent, console: StaffConsole, handoff_id: int) -> None:
    """The staff member types: the parent sees it where the channel can show it (WhatsApp:
    their last message read, with the indicator; Messenger: typing_on; Twilio: nothing)."""
    shown = console.post(f"/conversations/{handoff_id}/typing")
    assert shown.status_code == 200, shown.text
    assert shown.json()["shown"] is not isinstance(parent, TwilioParent)
    if isinstance(parent, WhatsAppParent):
        (indicator,) = parent.graph_api.read_with_typing(parent.message_ids[-1])
        assert indicator.body == {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": parent.message_ids[-1],
            "typing_indicator": {"type": "text"},
        }
    if isinstance(parent, MessengerParent):
        assert parent.sender_actions() == ["typing_on"]
    # at most once per few seconds per conversation
    assert console.post(f"/conversations/{handoff_id}/typing").json() == {"shown": False}


def take_over_and_hand_back(
    stack: RunningStack, parent: Parent, console: StaffConsole, handoff_id: int
) -> None:
    joined = claim(parent, console, handoff_id)
    typing_is_shown(parent, console, handoff_id)

    assert console.post(f"/conversations/{handoff_id}/reply", {"text": STAFF_REPLY}).ok
    replied = parent.wait_for(STAFF_REPLY, after=joined + 1)

    # the parent answers the person; the bot stays silent, the console shows the answer
    parent.say(PARENT_ANSWER)
    feed = console.wait_for_parent_message(handoff_id, PARENT_ANSWER)
    assert feed["paused"] is True and feed["status"] == "active"
    assert [m["who"] for m in feed["messages"][-2:]] == ["staff", "parent"]
    time.sleep(QUIET_SECONDS)
    assert len(parent.texts()) == replied + 1, parent.texts()[replied + 1 :]

    back = console.post(f"/conversations/{handoff_id}/handback", {"message": CLOSING})
    assert back.status_code == 200, back.text
    closing = parent.wait_for(CLOSING, after=replied + 1)
    bot_back = parent.wait_for(say("bot_back"), after=closing + 1)
    question = parent.wait_for(say("ask_satisfaction"), after=bot_back + 1)

    parent.choose("4")
    thanks = parent.wait_for(say("satisfaction_thanks"), after=question + 1)
    parent.say("Hallo")
    parent.wait_for(say("greet"), after=thanks + 1)  # the bot answers again

    feed = console.get(f"/conversations/{handoff_id}/messages")
    assert feed["status"] == "closed" and feed["paused"] is False
    assert feed["satisfaction"] == 4
    said = [m["text"] for m in feed["messages"] if m["who"] == "parent"]
    assert said[said.index(ASK) :][:2] == [ASK, PARENT_ANSWER]
    staff = [m["text"] for m in feed["messages"] if m["who"] == "staff"]
    assert staff == [STAFF_REPLY, CLOSING]
    assert_stored_under_its_own_id(stack, parent.sender)


@pytest.mark.stack  # the stack comes from `parent_on` or by name
@pytest.mark.parametrize("stack", ["default_stack", "production_stack"])
def test_website(stack: str, parent_on) -> None:
    parent, console, running = parent_on(stack, WebsiteParent)
    parent.say("Hallo")
    parent.wait_for(say("greet"))
    handoff = escalate(parent, console)
    assert handoff["channel"] == "website"
    assert "Hallo" in [m["text"] for m in handoff["messages"] if m["who"] == "parent"]
    take_over_and_hand_back(running, parent, console, handoff["id"])


@pytest.mark.stack  # the stack comes from `parent_on` or by name
def test_whatsapp(parent_on) -> None:
    parent, console, running = parent_on("production_stack", WhatsAppParent)
    handoff = escalate(parent, console)
    assert handoff["channel"] == "whatsapp"
    take_over_and_hand_back(running, parent, console, handoff["id"])


@pytest.mark.stack  # the stack comes from `parent_on` or by name
def test_twilio(parent_on) -> None:
    parent, console, running = parent_on("production_stack", TwilioParent)
    handoff = escalate(parent, console)
    take_over_and_hand_back(running, parent, console, handoff["id"])


@pytest.mark.stack  # the stack comes from `parent_on` or by name
def test_messenger_in_the_middle_of_the_identity_check(parent_on) -> None:
    parent, console, running = parent_on("production_stack", MessengerParent)
    parent.say("Is er al plek voor mijn kind?")
    asked = parent.wait_for("inschrijfnummer")
    parent.say("INS-000004")
    parent.wait_for("geboortedatum", after=asked + 1)

    handoff = escalate(parent, console)
    assert handoff["channel"] == "messenger"
    assert handoff["identity_verified"] is False and handoff["registration"] is None
    assert handoff["slots_at_handoff"]["registration_number"] == "INS-000004"
    assert "de stand van de inschrijving" in handoff["summary"]
    said = [m["text"] for m in handoff["messages"] if m["who"] == "parent"]
    assert said == ["Is er al plek voor mijn kind?", "INS-000004", ASK]
    take_over_and_hand_back(running, parent, console, handoff["id"])


def stored_conversation_ids(stack: RunningStack) -> set[str]:
    """Every conversation id in the stack's tracker store, read from the database."""
    url = stack.env.get("DATABASE_URL") if "TRACKER_STORE_URL" in stack.env else None
    engine = create_engine(url or f"sqlite:///{stack.var_dir / 'rasa.db'}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT DISTINCT sender_id FROM events"))
            return {sender for (sender,) in rows}
    finally:
        engine.dispose()


def encoded_twins(ids: set[str]) -> set[str]:
    """The ids that are a percent-encoded form of another id in `ids`."""
    return {i for i in ids if unquote(i) != i and unquote(i) in ids}


def test_the_check_finds_encoded_twins() -> None:
    ids = {"website:ab12", "website%3Aab12", "whatsapp:31612345678", "ouder 1", "ouder%201"}
    assert encoded_twins(ids) == {"website%3Aab12", "ouder%201"}
    assert encoded_twins({"website:ab12", "ouder%2"}) == set()


def assert_stored_under_its_own_id(stack: RunningStack, sender: str) -> None:
    """The story's conversation is in the tracker store under its id, under no encoded
    form of it, and no stored id is an encoded twin of another."""
    ids = stored_conversation_ids(stack)
    assert sender in ids
    assert {quote(sender, safe=""), quote(sender), quote(sender, safe=":")} & ids <= {sender}
    assert encoded_twins(ids) == set()
