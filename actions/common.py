"""What every action shares: the texts in the configured address form, database work off
the event loop with a time limit, and the handoff to a person (decided in
bot/handoff/service.py, told and paused here). The base class with its safety net and the
rules every turn passes through are in actions/base.py.

Every answer ends the bot's turn explicitly (`end_turn`): it is followed by listening, or
by the form that was interrupted, never by another guess of the dialogue policy. Without
this a message no rule covered ("nee" after "Kan ik u nog ergens mee helpen?") made Rasa
predict the fallback again and again until its circuit breaker tripped.

When the parent answers the bot's "Bedoelt u: … of …?" (bot/conversation/which_intent.py)
with one of the meanings offered, the answering action reads the message the bot asked
about, with the chosen intent (`parent_choice`), and the choice is kept for the NLU review.
"""

import abc
import asyncio
import copy
import json
import logging
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import (
    ActionExecutionRejected,
    ActiveLoop,
    ConversationPaused,
    FollowupAction,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from bot.conversation import bot_rating, texts
from bot.conversation.answers import OFFERED_INTENTS, accepted_offer
from bot.conversation.buttons import button
from bot.conversation.language import DUTCH, ENGLISH, conversation_language
from bot.conversation.short_replies import (
    OFFER_CHECK,
    OFFER_NEW_CODE,
    OFFER_PERSON,
    OFFER_WHATSAPP,
    OFFERS,
)
from bot.conversation.tracker import (
    CHILDREN,
    form_follows_message,
    identity_is_fresh,
    in_the_middle,
    whatsapp_sender,
)
from bot.conversation.which_intent import (
    Choice,
    answered_message,
    form_steps_aside,
)
from bot.db.session import session_scope
from bot.handoff.notify import shared_notifier
from bot.handoff.service import HandoffRequest, Utterance
from bot.handoff.service import hand_over as hand_over_in_queue
from bot.handoff.topics import sensitive_topic
from bot.reporting.nlu_review import record_choice
from bot.settings import get_settings
from bot.shared import clock
from bot.updates.preferences import (
    give_consent,
    whatsapp_target,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


RESEND_CODE = "action_resend_code"
ANSWER_OFFER = "action_answer_offer"


# The parent must hear something within 5 seconds, even when the database hangs.
DATABASE_TIMEOUT_SECONDS = 3.5


# The texts' variant of the conversation an action is serving: "en", or the configured form
# of address ("u" or "je"). Set by every action from its tracker (`speak_language_of`);
# each action call runs in its own task, so conversations never share it.
_variant: ContextVar[str | None] = ContextVar("text_variant", default=None)


def form() -> str:
    """The texts' variant for this conversation: "en", "u" or "je"."""
    return _variant.get() or get_settings().address_form


def language() -> str:
    """The conversation's language: "en" or "nl"."""
    return ENGLISH if form() == ENGLISH else DUTCH


def use_variant(language: str | None) -> list[dict[str, Any]]:
    """Speak `language` from now on in this action; the slot events that say so (the
    `address_form` slot holds the variant for Rasa's own responses: utter_goodbye)."""
    variant = texts.variant(language, get_settings().address_form)
    _variant.set(variant)
    return [SlotSet("language", language), SlotSet("address_form", variant)]


def speak_language_of(tracker: Tracker) -> list[dict[str, Any]]:
    """Answer in the conversation's language, updated by the parent's new message (the
    first action after it decides); the slot event when it changed."""
    previous = tracker.get_slot("language") or DUTCH
    language = previous
    text = tracker.latest_message.get("text") or ""
    # a button's payload is no language ('/ask_costs{"registration_number": …}' read as English)
    if tracker.latest_action_name == "action_listen" and not text.startswith("/"):
        language = conversation_language(previous, text)
    events = use_variant(language)
    return [] if language == previous else events


def say(key: str, **values: object) -> str:
    return texts.say(key, form(), **values)


def choice(key: str) -> dict[str, str]:
    """The button `key` (bot/conversation/buttons.py) in this conversation's language."""
    return button(key, form())


def button_to(intent: str, title: str, **entities: str) -> dict[str, str]:
    """A button sending `intent` with `entities` ("En Daan?" sends his number)."""
    sent = json.dumps(entities, separators=(",", ":")) if entities else ""
    return {"title": title, "payload": f"/{intent}{sent}"}


def person_button() -> dict[str, str]:
    return choice("talk_to_person")


def topic_buttons() -> list[dict[str, str]]:
    return [choice("my_registration"), choice("availability"), choice("register"), person_button()]


def yes_no_buttons() -> list[dict[str, str]]:
    return [choice("yes"), choice("no")]


def offer(what: str) -> list[dict[str, Any]]:
    """Remember the yes/no question just asked (bot/conversation/short_replies.py `OFFERS`):
    a "ja" to it does what it offered. Open for one answer (`end_turn`)."""
    return [SlotSet("awaiting_confirmation", what)]


async def off_the_loop(work: Callable[[], T]) -> T:
    """Run blocking `work()` in a worker thread, within the database time limit.

    rasa-sdk calls actions on its event loop; a blocking query there would stall every
    other conversation."""
    return await asyncio.wait_for(asyncio.to_thread(work), DATABASE_TIMEOUT_SECONDS)


async def with_database(work: Callable[[Session], T]) -> T:
    """Run `work(session)` off the event loop, in one transaction, within the time limit."""

    def unit_of_work() -> T:
        with session_scope() as session:
            return work(session)

    return await off_the_loop(unit_of_work)


def end_turn(tracker: Tracker, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`events`, then listen (or go back to the interrupted form), unless the action chose
    what follows itself. A yes/no question the bot asked is only open for one answer."""
    if any(event.get("event") in ("followup", "user") for event in events):
        # the action chose what follows, or gave the message again for the policies to answer
        return events
    loop = (tracker.active_loop or {}).get("name")
    for event in events:
        if event.get("event") == "active_loop":
            loop = event.get("name")
    closes_question = tracker.get_slot("awaiting_confirmation") and not any(
        event.get("name") == "awaiting_confirmation" for event in events
    )
    closing = [SlotSet("awaiting_confirmation", None)] if closes_question else []
    return [*events, *closing, FollowupAction(loop or "action_listen")]


# the identity check's slots that say who the parent is (actions/identity.py)
IDENTITY_SLOTS = (
    "child_birth_date",
    "birth_day_month",
    "verification_code",
    "identity_verified",
    "verified_at",
    CHILDREN,
)


def forget_identity() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in IDENTITY_SLOTS]


def failure_cause(error: BaseException) -> str:
    """Type and place of a failure, without its message (which may hold personal data)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 2)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"


def now() -> datetime:
    return clock.now()


async def take_offer(
    dispatcher: CollectingDispatcher, tracker: Tracker, offered: str
) -> list[dict[str, Any]]:
    """Do what the bot offered and the parent said yes to."""
    close = [SlotSet("awaiting_confirmation", None)]
    if offered == OFFER_PERSON:
        # the reason an earlier step gave (a failed identity check), else the parent's wish
        reason = tracker.get_slot("handoff_reason") or "request_human"
        return [*close, *await hand_over(dispatcher, tracker, reason)]
    if offered == OFFER_NEW_CODE:
        return [*close, FollowupAction(RESEND_CODE)]
    if offered == OFFER_WHATSAPP:
        return [*close, *await start_whatsapp_updates(dispatcher, tracker)]
    if offered == OFFER_CHECK:
        return [*close, SlotSet("pending_question", "status"), FollowupAction("identity_form")]
    raise ValueError(f"unknown offer {offered}")


async def hand_over(
    dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> list[dict[str, Any]]:
    """Hand the conversation to a person: the handoff service stores it, notifies head
    office and says what happens next; the parent hears that and Rasa falls silent."""
    request = HandoffRequest(
        sender_id=tracker.sender_id,
        channel=tracker.get_latest_input_channel() or "rest",
        reason=reason,
        events=tracker.events,
        # the language this very message may have changed, not yet in the slot
        slots={**tracker.slots, "language": language()},
        form=form(),
    )
    settings, moment, notify = get_settings(), now(), shared_notifier().notify
    outcome = await off_the_loop(
        lambda: hand_over_in_queue(
            request, unit_of_work=session_scope, settings=settings, notify=notify, now=moment
        )
    )
    for message in outcome.messages:
        dispatcher.utter_message(text=spoken(message))
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("handoff_reason", None),
        ConversationPaused(),
    ]


def spoken(message: Utterance) -> str:
    """The handoff service's text in the conversation's variant, with the texts it holds."""
    values = {
        name: spoken(value) if isinstance(value, Utterance) else value
        for name, value in message.values.items()
    }
    return say(message.key, **values)


def outcome(tracker: Tracker, value: str, comment: str = "") -> dict[str, str]:
    """The metadata a bot message carries to record an outcome the dashboard counts
    (bot/conversation/bot_rating.py), with the parent's channel."""
    marked = {
        bot_rating.OUTCOME: value,
        bot_rating.OUTCOME_CHANNEL: tracker.get_latest_input_channel() or "onbekend",
    }
    return marked | ({bot_rating.OUTCOME_COMMENT: comment} if comment else {})


def mark_goal(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> None:
    """The message just sent answers the parent's question (`question`: status,
    availability, change, accept_offer…): recorded on it as a goal reached."""
    if dispatcher.messages:
        dispatcher.messages[-1].update(outcome(tracker, bot_rating.goal(question)))


def may_ask_rating(tracker: Tracker, *, after_goodbye: bool) -> bool:
    return bot_rating.may_ask(
        tracker.events,
        after_goodbye=after_goodbye,
        in_form=in_the_middle(tracker),
        sensitive=lambda text: sensitive_topic(text) is not None,
    )


def ask_rating(dispatcher: CollectingDispatcher, tracker: Tracker, key: str) -> None:
    """ "Heeft dit u geholpen?" with Ja / Nee."""
    dispatcher.utter_message(
        text=say(key), buttons=yes_no_buttons(), **outcome(tracker, bot_rating.ASKED)
    )


async def ask_whatsapp_updates(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """ "Stuur me updates via WhatsApp": after the identity check, the number they would go
    to (the WhatsApp sender's, else the one on file: never another) for a yes."""
    settings = get_settings()
    if not (settings.whatsapp_access_token and settings.whatsapp_phone_number_id):
        dispatcher.utter_message(text=say("updates_whatsapp_unavailable"))
        return []
    if not identity_is_fresh(tracker):
        dispatcher.utter_message(text=say("updates_whatsapp_check_first"))
        stale = forget_identity() if tracker.get_slot("identity_verified") else []
        return [
            *stale,
            SlotSet("pending_question", OFFER_WHATSAPP),
            FollowupAction("identity_form"),
        ]
    wording = await whatsapp_consent_wording(tracker)
    if wording is None:
        dispatcher.utter_message(text=say("updates_whatsapp_no_number"), buttons=[person_button()])
        return []
    dispatcher.utter_message(text=wording, buttons=yes_no_buttons())
    return offer(OFFER_WHATSAPP)


async def whatsapp_consent_wording(tracker: Tracker) -> str | None:
    """The question the parent says yes to: the words of their consent."""
    number, sender = tracker.get_slot("verified_registration"), whatsapp_sender(tracker)
    target = await with_database(
        lambda session: whatsapp_target(session=session, number=number, sender_phone=sender)
    )
    if target is None:
        return None
    key = "updates_whatsapp_confirm_here" if sender else "updates_whatsapp_confirm"
    return say(key, child=target.child, digits=target.phone[-4:])


async def start_whatsapp_updates(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """The yes to that question: consent recorded as the command line records it, with
    the question as its wording."""
    wording = await whatsapp_consent_wording(tracker) if identity_is_fresh(tracker) else None
    if wording is None:
        dispatcher.utter_message(text=say("identity_failed"), buttons=[person_button()])
        return []
    number, sender = tracker.get_slot("verified_registration"), whatsapp_sender(tracker)
    channel, moment = tracker.get_latest_input_channel() or "chat", now()

    def consent(session: Session) -> str:
        give_consent(
            session=session,
            number=number,
            channel="whatsapp",
            by="ouder (in de chat)",
            ip=channel,
            now=moment,
            wording=f"{wording} ja",
            phone=sender,
        )
        target = whatsapp_target(session=session, number=number, sender_phone=sender)
        return target.child if target else ""

    child = await with_database(consent)
    dispatcher.utter_message(text=say("updates_whatsapp_on", child=child))
    return []


def close_question(tracker: Tracker) -> list[dict[str, Any]]:
    """The question which meaning was meant is open for one answer."""
    if tracker.latest_action_name != "action_listen" or not tracker.get_slot(OFFERED_INTENTS):
        return []
    return [SlotSet(OFFERED_INTENTS, None)]


def answering(tracker: Tracker, chosen: Choice) -> Tracker:
    """The tracker as the answering action reads it: the latest message is the one the bot
    asked about (the parent's own words and details) with the meaning the parent chose."""
    answered = copy.copy(tracker)
    answered.latest_message = answered_message(chosen)
    return answered


async def remember_choice(chosen: Choice) -> None:
    """The choice as a labelled example for the NLU review (masked there); failing to
    store it does not keep the parent from the answer."""
    moment = now()
    try:
        await with_database(
            lambda session: record_choice(
                session=session,
                text=chosen.text,
                intent=chosen.intent,
                offered=[(m.intent, m.confidence) for m in chosen.offered],
                now=moment,
            )
        )
    except Exception as error:
        log.warning("the parent's choice was not stored: %s", failure_cause(error))


class SafeFormValidation(FormValidationAction, abc.ABC):
    """A form's validation whose failures end in an apology: the form then asks again."""

    @abc.abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        language = speak_language_of(tracker)
        try:
            if not form_follows_message(tracker):
                return language + await super().run(dispatcher, tracker, domain)
            # the form reads the parent's message first: it checks what answering actions check
            topic = sensitive_topic(tracker.latest_message.get("text"))
            if topic:
                return language + await hand_over(dispatcher, tracker, f"topic_{topic}")
            if accepted_offer(tracker) == OFFER_PERSON:
                return language + await take_offer(dispatcher, tracker, OFFER_PERSON)
            if form_steps_aside(tracker.latest_message):
                # "stop" with doubt only the ambiguity margin raised: not an answer; the
                # fallback gives it again as the best guess, and the rules answer it
                return [*language, ActionExecutionRejected(self.form_name())]
            events = await super().run(dispatcher, tracker, domain)
            return language + events + close_offer(tracker, events)
        except Exception as error:
            log.error("action %s failed: %s", self.name(), failure_cause(error))
            dispatcher.utter_message(text=say("technical_problem"), buttons=[person_button()])
            return language


def close_offer(tracker: Tracker, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An offer the bot made is open for one answer: also when a form read the answer."""
    asked = tracker.get_slot("awaiting_confirmation")
    if asked not in OFFERS or any(event.get("name") == "awaiting_confirmation" for event in events):
        return []
    return [SlotSet("awaiting_confirmation", None)]
