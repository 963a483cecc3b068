"""Reading the conversation as an action sees it: the parent's latest message, the slots,
the open form and the events (rasa_sdk's `Tracker`, seen through `TrackerView`: no Rasa
here), such as the message a remembered question came from, what a handoff's reason is
decided from, and the message the first action of a turn checks; actions only adapt what
these readers return. bot/conversation/turns.py reads the same events as plain dicts for
the channels; bot/conversation/answers.py reads what a message answers of the bot's own
questions, and bot/conversation/said.py what a message holds.
"""

from datetime import timedelta
from typing import Any, Protocol, TypedDict

from bot.conversation.language import DUTCH, ENGLISH
from bot.conversation.request_words import CHANGE
from bot.conversation.what_if_words import WHAT_IF
from bot.conversation.word_patterns import asks
from bot.settings import get_settings


class TrackerView(Protocol):
    """What the readers use of an action's tracker (rasa_sdk's `Tracker` has it all)."""

    sender_id: str
    slots: dict[str, Any]
    events: list[dict[str, Any]]
    latest_message: dict[str, Any]
    active_loop: dict[str, Any]
    latest_action_name: str | None

    def get_slot(self, key: str) -> Any: ...

    def slots_to_validate(self) -> dict[str, Any]: ...

    def get_latest_input_channel(self) -> str | None: ...


# channels whose verified webhooks set the sender's number as `phone` metadata
PHONE_CHANNELS = ("whatsapp", "twilio")


# the slot of every child checked in the conversation: number -> first name (actions/identity.py)
CHILDREN = "verified_children"


def identity_is_fresh(tracker: TrackerView) -> bool:
    """Verified, and no silence longer than the idle limit since then."""
    if not tracker.get_slot("identity_verified"):
        return False
    verified_at = tracker.get_slot("verified_at")
    if verified_at is None:
        return False
    idle = timedelta(minutes=get_settings().identity_idle_minutes).total_seconds()
    last = float(verified_at)
    for event in tracker.events:
        if event.get("event") == "user" and event.get("timestamp", 0) > last:
            if event["timestamp"] - last > idle:
                return False
            last = event["timestamp"]
    return True


def latest_user_metadata(tracker: TrackerView) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def waits_for_code(tracker: TrackerView) -> bool:
    """The identity check is waiting for the one-time code."""
    return (tracker.active_loop or {}).get("name") == "identity_form" and (
        tracker.get_slot("requested_slot") == "verification_code"
    )


def in_the_middle(tracker: TrackerView) -> bool:
    """A form, a read-back or a question of the bot is open: no rating question now."""
    return bool(
        (tracker.active_loop or {}).get("name")
        or tracker.get_slot("requested_slot")
        or tracker.get_slot("awaiting_confirmation")
        or tracker.get_slot("pending_question")
    )


def whatsapp_sender(tracker: TrackerView) -> str | None:
    """The number the parent chats from, as a channel with signed webhooks vouches for it."""
    if tracker.get_latest_input_channel() not in PHONE_CHANNELS:
        return None
    return latest_user_metadata(tracker).get("phone")


def form_follows_message(tracker: TrackerView) -> bool:
    """Whether the form validating now runs straight after the parent's message, with no
    other action answering it first (the form's own run is the latest action)."""
    actions = [event.get("name") for event in tracker.events if event.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


# the channel that sets `client` metadata: the connection's address (its sessions are free)
CLIENT_CHANNELS = ("website",)


def checked_children(tracker: TrackerView) -> dict[str, str]:
    """Number -> first name of every child checked in this conversation ("" when the name
    is not known: a verification from before the slot existed)."""
    children = dict(tracker.get_slot(CHILDREN) or {})
    current = tracker.get_slot("verified_registration")
    if tracker.get_slot("identity_verified") and current and current not in children:
        children[current] = ""
    return children


def registration_checked(tracker: TrackerView) -> bool:
    """Whether the number the identity check is about is a child checked in this
    conversation (else its details are asked, also from a parent verified for another)."""
    number = tracker.get_slot("registration_number")
    return bool(tracker.get_slot("identity_verified")) and number in checked_children(tracker)


def client_of(tracker: TrackerView) -> str:
    """Who the identity check's limit per client counts (bot/conversation/identity_limits):
    on the website the connection's address its channel added, elsewhere the conversation,
    which those channels vouch for (a verified number, a page-scoped id, a back end's id)."""
    if tracker.get_latest_input_channel() in CLIENT_CHANNELS:
        client = latest_user_metadata(tracker).get("client")
        if isinstance(client, str) and client:
            return client
    return f"conversation:{tracker.sender_id}"


def set_this_turn(tracker: TrackerView, slot: str) -> bool:
    """Whether the slot got a value since the parent's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == slot and event.get("value"):
            return True
    return False


def value_before_message(tracker: TrackerView, slot: str) -> Any:
    """The slot's value before the parent's latest message set it."""
    seen_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_message = True
        elif seen_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def message_asking(tracker: TrackerView, question: str) -> dict[str, Any] | None:
    """The parent's message (its `user` event) before the latest time `pending_question`
    became `question`: the one that asked it; None when no message did."""
    remembered = False
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "pending_question":
            remembered = remembered or event.get("value") == question
        elif remembered and event.get("event") == "user":
            return event
    return None


def change_request_words(tracker: TrackerView) -> str | None:
    """The parent's message that asked for the change in progress ("ik wil mijn
    e-mailadres wijzigen"); None when a button asked."""
    asked = message_asking(tracker, CHANGE) or {}
    text = " ".join((asked.get("text") or "").split())
    return text if text and not text.startswith("/") else None


def what_if_message(tracker: TrackerView) -> dict[str, Any]:
    """The message whose what-if is answered now (its parse data and text): the one before
    the identity check that remembered it, else the latest."""
    asked = message_asking(tracker, WHAT_IF)
    if asked is None:
        return tracker.latest_message
    return {**(asked.get("parse_data") or {}), "text": asked.get("text")}


def change_value_asked_before(tracker: TrackerView) -> bool:
    """Whether the parent already had the question for this change's value: a message came
    after the form asked for `change_details`, since the change was asked for (the latest
    `pending_question`)."""
    answered = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            answered = True
        elif event.get("event") == "slot" and event.get("name") == "requested_slot":
            if answered and event.get("value") == "change_details":
                return True
        elif event.get("event") == "slot" and event.get("name") == "pending_question":
            return False
    return False


def asks_for_change_value(tracker: TrackerView) -> bool:
    """The identity form waits for a verified parent's new value of a change."""
    return (
        tracker.active_loop.get("name") == "identity_form"
        and tracker.get_slot("requested_slot") == "change_details"
        and tracker.get_slot("pending_question") == CHANGE
        and identity_is_fresh(tracker)
    )


def answers_what_to_change(tracker: TrackerView) -> bool:
    """ "The first of May would suit us better." after "What is the new start date?": the
    answer the form took (the parent's own words, whatever the model made of them), not a
    question to answer, guess or ask about. A question ("hoeveelste sta ik?") is one."""
    return (
        tracker.active_loop.get("name") == "identity_form"
        and tracker.get_slot("requested_slot") == "change_details"
        and bool(tracker.get_slot("change_details"))
        and not asks(tracker.latest_message.get("text"))
    )


def slot_was_filled(tracker: TrackerView, slot: str) -> bool:
    return any(
        event.get("event") == "slot" and event.get("name") == slot and event.get("value")
        for event in tracker.events
    )


def answered_the_form(tracker: TrackerView) -> bool:
    """The latest message gave the change's new value the identity form asked for (the
    form took it and ended), whatever question the model read in it."""
    events = list(tracker.events)
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return any(
        e.get("event") == "slot" and e.get("name") == "change_details" and e.get("value")
        for e in events[latest + 1 :]
    )


def first_message_language(tracker: TrackerView) -> str:
    """The language of the message that starts the session (the channels put it in the
    metadata), else the one the conversation spoke before, else Dutch."""
    metadata = tracker.get_slot("session_started_metadata") or {}
    told = metadata.get("language") if isinstance(metadata, dict) else None
    if told in (DUTCH, ENGLISH):
        return told
    return tracker.get_slot("language") or DUTCH


def new_message_text(tracker: TrackerView) -> str | None:
    """The parent's latest message as the first action after it reads it; None for the
    turn's later actions, so that what is checked once per message is checked once."""
    if tracker.latest_action_name != "action_listen":
        return None
    return tracker.latest_message.get("text")


class HandoffGrounds(TypedDict):
    """What the reason of a handoff is decided from (bot/handoff/reasons.py `reason_for`)."""

    earlier: str | None  # the reason an earlier step set (identity check, fallback)
    text: str | None  # the parent's message
    intent: str | None  # the model's reading of it


def handoff_grounds(tracker: TrackerView) -> HandoffGrounds:
    return HandoffGrounds(
        earlier=tracker.get_slot("handoff_reason"),
        text=tracker.latest_message.get("text"),
        intent=(tracker.latest_message.get("intent") or {}).get("name"),
    )
