"""What every action shares: the texts in the configured address form, database work off
the event loop with a time limit, the handoff to a person (decided in bot/handoff/service.py,
told and paused here), and a safety net that turns any failure into an apology with the
offer of a person instead of silence.

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
import re
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any, TypeVar

from rasa_sdk import Action, Tracker
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
from bot.conversation.buttons import button
from bot.conversation.language import DUTCH, ENGLISH, conversation_language
from bot.conversation.offer_words import READ_BACKS, answers_offer_question
from bot.conversation.request_words import asks_to_undo
from bot.conversation.second_request import other_request
from bot.conversation.short_replies import (
    OFFER_CHECK,
    OFFER_NEW_CODE,
    OFFER_PERSON,
    OFFER_WHATSAPP,
    OFFERS,
    code_not_received,
    says_yes,
    without_words,
)
from bot.conversation.which_intent import (
    Choice,
    answered_message,
    choice_in,
    form_steps_aside,
)
from bot.db.session import session_scope
from bot.handoff import queue
from bot.handoff.notify import shared_notifier
from bot.handoff.satisfaction import parse_score
from bot.handoff.service import HandoffRequest, Utterance
from bot.handoff.service import hand_over as hand_over_in_queue
from bot.handoff.topics import sensitive_topic
from bot.parent_requests.withdrawal import withdraw_latest
from bot.reporting.nlu_review import record_choice
from bot.settings import get_settings
from bot.shared import clock
from bot.updates.preferences import (
    asks_for_whatsapp_updates,
    asks_no_more_updates,
    give_consent,
    stop_registration,
    stop_whatsapp,
    updates_by_email,
    whatsapp_target,
)
from bot.waitlist.queries import find_registration

log = logging.getLogger(__name__)
T = TypeVar("T")

# what a change or cancellation leaves while it is asked for and read back
PENDING_REQUEST = ("pending_question", "change_details", "awaiting_confirmation", "offer_words")

RESEND_CODE = "action_resend_code"
ANSWER_OFFER = "action_answer_offer"

# the meanings the bot offered in its "Bedoelt u: … of …?" (actions/faq.py), for one answer
OFFERED_INTENTS = "offered_intents"

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


# channels whose verified webhooks set the sender's number as `phone` metadata
PHONE_CHANNELS = ("whatsapp", "twilio")
# the identity check's slots that say who the parent is (actions/identity.py)
CHILDREN = "verified_children"
IDENTITY_SLOTS = (
    "child_birth_date",
    "birth_day_month",
    "verification_code",
    "identity_verified",
    "verified_at",
    CHILDREN,
)


def identity_is_fresh(tracker: Tracker) -> bool:
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


def forget_identity() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in IDENTITY_SLOTS]


def failure_cause(error: BaseException) -> str:
    """Type and place of a failure, without its message (which may hold personal data)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 2)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"


def latest_user_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def now() -> datetime:
    return clock.now()


def accepted_offer(tracker: Tracker) -> str | None:
    """What the bot offered in its last question, when the parent's message says yes to it
    ("ja", "ja graag", "yes please", "oké", 👍, the Ja button), whatever the model made of it."""
    asked = tracker.get_slot("awaiting_confirmation")
    if asked not in OFFERS:
        return None
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text")
    # an emoji the model took for a yes counts only when it is one (👍, not 😡)
    said_yes = says_yes(text) or (intent == "affirm" and not without_words(text))
    return asked if said_yes else None


NO = re.compile(r"^\W*(?:nee+|neen|no+|nope|liever niet|niet doen|no thanks)\b", re.IGNORECASE)


def declines_whatsapp_updates(tracker: Tracker) -> bool:
    """A no to "Zal ik de updates … via WhatsApp sturen?" (nothing is recorded)."""
    if tracker.get_slot("awaiting_confirmation") != OFFER_WHATSAPP:
        return False
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent == "deny" or bool(NO.match(tracker.latest_message.get("text") or ""))


def answers_placement_offer(tracker: Tracker) -> bool:
    """The parent's message answers the bot's open question about a placement offer."""
    if tracker.latest_action_name != "action_listen":
        return False
    entities = tracker.latest_message.get("entities") or []
    parts = {"weekday", "location"} & {entity.get("entity") for entity in entities}
    return answers_offer_question(
        tracker.get_slot("awaiting_confirmation"),
        tracker.latest_message.get("text"),
        (tracker.latest_message.get("intent") or {}).get("name"),
        bool(parts),
    )


def waits_for_code(tracker: Tracker) -> bool:
    """The identity check is waiting for the one-time code."""
    return (tracker.active_loop or {}).get("name") == "identity_form" and (
        tracker.get_slot("requested_slot") == "verification_code"
    )


def sensitive_topic_of_turn(tracker: Tracker) -> str | None:
    """The sensitive topic of the parent's message, checked once: by the first action after it."""
    if tracker.latest_action_name != "action_listen":
        return None
    return sensitive_topic(tracker.latest_message.get("text"))


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


def in_the_middle(tracker: Tracker) -> bool:
    """A form, a read-back or a question of the bot is open: no rating question now."""
    return bool(
        (tracker.active_loop or {}).get("name")
        or tracker.get_slot("requested_slot")
        or tracker.get_slot("awaiting_confirmation")
        or tracker.get_slot("pending_question")
    )


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


def answer_to_rating(tracker: Tracker) -> str | None:
    """What the parent's message says to "Heeft dit u geholpen?" (`bot_rating.YES` or
    `NO`), or to "Wat miste u?" after a no (`COMMENT`); None when it is something else."""
    if tracker.latest_action_name != "action_listen":
        return None
    asked = bot_rating.last_asked(tracker.events)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    if asked == bot_rating.ASKED:
        return {"affirm": bot_rating.YES, "deny": bot_rating.NO}.get(intent or "")
    typed = text.strip() and not text.startswith("/")
    # "bedankt" or "doei" after "Wat miste u?" is no comment
    courtesy = intent in ("thank", "goodbye", "greet") and len(text.split()) < 4
    if asked == bot_rating.NO and typed and not courtesy:
        return None if intent in bot_rating.NOT_AFTER_INTENTS else bot_rating.COMMENT
    return None


def store_rating(dispatcher: CollectingDispatcher, tracker: Tracker, answer: str) -> None:
    """The answer, kept as the outcome of the bot's reply; a no asks what was missing."""
    text = tracker.latest_message.get("text") or ""
    if answer == bot_rating.COMMENT:
        comment = " ".join(text.split())[: bot_rating.MAX_COMMENT]
        key = "bot_rating_comment_thanks"
    else:
        comment = bot_rating.comment_in(text)
        key = {bot_rating.YES: "bot_rating_yes", bot_rating.NO: "bot_rating_no"}[answer]
        if answer == bot_rating.NO and comment:
            key = "bot_rating_comment_thanks"  # what was missing came with the no
    buttons = [] if answer == bot_rating.YES else [person_button()]
    dispatcher.utter_message(text=say(key), buttons=buttons, **outcome(tracker, answer, comment))


SATISFACTION_QUESTION = "action_ask_satisfaction"
# a score this low gets a question of its own: what could be better
LOW_SCORE = 2


def answers_satisfaction_question(tracker: Tracker) -> bool:
    """The parent's message follows the satisfaction question directly and starts with a
    score ("4, snel geholpen" reads to the model as anything from a question to a
    complaint)."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return False
            seen_user = True
        elif kind == "action" and seen_user and event.get("name") != "action_listen":
            return event.get("name") == SATISFACTION_QUESTION and (
                parse_score(tracker.latest_message.get("text") or "") is not None
            )
    return False


async def store_satisfaction(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The score (and the words after it) on the conversation's latest closed handoff."""
    scored = satisfaction_of(tracker)
    if scored is None:
        dispatcher.utter_message(text=say("satisfaction_skipped"))
        return
    score, comment = scored
    await with_database(
        lambda session: queue.record_satisfaction(
            session=session, sender_id=tracker.sender_id, score=score, comment=comment
        )
    )
    low = score <= LOW_SCORE and not comment
    dispatcher.utter_message(text=say("satisfaction_thanks_low" if low else "satisfaction_thanks"))


# what a comment after a good score reads as to the model ("Sanne was very helpful"): not
# a question or a wish, which the bot answers as usual
COMMENT_INTENTS = {"thank", "inform", "out_of_scope", "nlu_fallback", "affirm"}


def answers_what_could_be_better(tracker: Tracker) -> bool:
    """The parent's typed message is a comment on the score just given: it follows
    "Wilt u vertellen wat beter kan?" directly (a low score without a comment), or it
    follows the thanks for a score given without a comment and reads as a remark, not a
    question (so "5", then "Sanne was very helpful" is kept, not "Sorry, I didn't…").
    A request for a person never is."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if tracker.latest_action_name != "action_listen" or not text.strip() or text.startswith("/"):
        return False
    if intent == "request_human":
        return False
    asked = {texts.say("satisfaction_thanks_low", variant) for variant in texts.VARIANTS}
    thanked = {texts.say("satisfaction_thanks", variant) for variant in texts.VARIANTS}
    said: str | None = None  # the bot's answer to the parent's previous message
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if said is not None:  # the message the thanks answered: a bare score?
                score_text = event.get("text") or ""
                scored = parse_score(score_text)
                bare = score_text.startswith("/") or (scored is not None and not scored[1])
                remark = intent in COMMENT_INTENTS and "?" not in text
                return said in thanked and remark and bare
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user and said is None:
            said = event.get("text") or ""
            if said in asked:
                return True
            if said not in thanked:
                return False
    return False


async def store_what_could_be_better(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The parent's answer, as the comment on the score just given."""
    comment = tracker.latest_message.get("text") or ""
    await with_database(
        lambda session: queue.add_satisfaction_comment(
            session=session, sender_id=tracker.sender_id, comment=comment
        )
    )
    dispatcher.utter_message(text=say("satisfaction_comment_thanks"))


def stop_on_whatsapp(session: Session, phone: str, moment: datetime) -> str | None:
    """Stop the WhatsApp updates of the registrations with this number; what the parent
    hears, which says whether e-mail takes over (None: the number is not on file)."""
    numbers = stop_whatsapp(session=session, phone=phone, now=moment)
    if not numbers:
        return None
    by_mail = updates_by_email(session=session, numbers=numbers, settings=get_settings())
    return say("updates_stopped_mail" if by_mail else "updates_stopped")


async def stop_updates(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """No more updates: on every channel for a verified parent's registration, on
    WhatsApp for the number the channel vouches for; otherwise where to switch them off."""
    number = (
        tracker.get_slot("verified_registration") if tracker.get_slot("identity_verified") else None
    )
    phone = latest_user_metadata(tracker).get("phone")
    moment = now()

    def stop(session: Session) -> str:
        """What the parent hears: all stopped (the child's registration, verified), only
        WhatsApp (the number the channel vouches for), or how to stop them."""
        stopped = stop_on_whatsapp(session, phone, moment) if phone else None
        if number:
            stop_registration(session=session, number=number, now=moment)
            registration = find_registration(session=session, number=number)
            child = registration.child.first_name if registration else number
            return say("updates_stopped_all", child=child)
        return stopped or say("updates_how_to_stop")

    dispatcher.utter_message(text=await with_database(stop))


def whatsapp_sender(tracker: Tracker) -> str | None:
    """The number the parent chats from, as a channel with signed webhooks vouches for it."""
    if tracker.get_latest_input_channel() not in PHONE_CHANNELS:
        return None
    return latest_user_metadata(tracker).get("phone")


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


async def take_back_request(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """ "Dat was niet de bedoeling": a change or cancellation being read back is dropped,
    else the conversation's latest open request is withdrawn (staff see it as withdrawn);
    None when there is nothing to take back, and the message is answered as usual."""
    in_check = (tracker.active_loop or {}).get("name") == "identity_form"
    asked = tracker.get_slot("awaiting_confirmation") or (
        tracker.get_slot("pending_question") if in_check else None
    )
    forget = [SlotSet(slot, None) for slot in PENDING_REQUEST]
    if asked in ("change", "cancel", *READ_BACKS):
        dispatcher.utter_message(text=say("request_not_passed_on"), buttons=[person_button()])
        leave = [ActiveLoop(None), SlotSet("requested_slot", None)] if in_check else []
        return [*leave, *forget]
    moment, variant = now(), form()

    def withdraw(session: Session) -> str | None:
        request = withdraw_latest(
            session=session, sender_id=tracker.sender_id, now=moment, form=variant
        )
        return request.details if request else None

    details = await with_database(withdraw)
    if details is None:
        return None
    dispatcher.utter_message(
        text=say("request_withdrawn", details=details), buttons=[person_button()]
    )
    return forget


def satisfaction_of(tracker: Tracker) -> tuple[int, str] | None:
    """The score and the comment after it; the model's entity wins for the score."""
    text = tracker.latest_message.get("text") or ""
    typed = parse_score(text)
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "satisfaction_score":
            score = parse_score(str(entity.get("value")))
            return (score[0], typed[1] if typed else "") if score else None
    return typed


# a second request in the same message: answered, or acknowledged with the way there
OTHER_REQUEST_ANSWERS = {
    "missing_number": "missing_number",
    "costs": "costs",
    "register": "registration_process",
    "policy": "placement_policy",
}
OTHER_REQUEST_BUTTONS = {"registration": "my_registration", "person": "talk_to_person"}


def say_other_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    topic = other_request(tracker.latest_message.get("text"), intent)
    if topic in OTHER_REQUEST_ANSWERS:
        dispatcher.utter_message(text=say(OTHER_REQUEST_ANSWERS[topic]), buttons=[person_button()])
    elif topic in OTHER_REQUEST_BUTTONS:
        dispatcher.utter_message(
            text=say(f"also_{topic}"), buttons=[button(OTHER_REQUEST_BUTTONS[topic])]
        )


def parent_choice(tracker: Tracker) -> Choice | None:
    """The meaning the parent chose, by its button, right after the bot asked which one."""
    if tracker.latest_action_name != "action_listen":
        return None
    return choice_in(
        tracker.events,
        tracker.get_slot(OFFERED_INTENTS),
        tracker.latest_message.get("text") or "",
        (tracker.latest_message.get("intent") or {}).get("name"),
    )


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


class SafeAction(Action, abc.ABC):
    """An action whose failures end in an apology and the offer of a person.

    Subclasses implement `act`; anything it raises (database down, time limit, a bug) is
    logged without message text or personal data, and the parent is told what happened."""

    @abc.abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]: ...

    # Whether a message on a topic only a person may handle (custody, health, a signed
    # contract, a data request, urgency) goes to staff instead of this action's answer.
    checks_topics = True
    # Whether this action answers the parent, so the turn ends with it (see `end_turn`).
    ends_turn = True
    # Whether this action answers a question, after which a second request in the same
    # message is answered or acknowledged (bot/conversation/second_request.py).
    notices_other_requests = False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        chosen = parent_choice(tracker)
        closed = close_question(tracker)
        if chosen:
            tracker = answering(tracker, chosen)
        language = speak_language_of(tracker)
        try:
            if chosen:
                await remember_choice(chosen)
            return closed + language + await self._respond(dispatcher, tracker, domain)
        except Exception as error:
            log.error("action %s failed: %s", self.name(), failure_cause(error))
            dispatcher.utter_message(text=say("technical_problem"), buttons=[person_button()])
            return [*closed, *language, FollowupAction("action_listen")]

    async def _respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        rated = answer_to_rating(tracker)
        if rated:
            # "Ja" / "Nee" to "Heeft dit u geholpen?", whatever else they could mean
            store_rating(dispatcher, tracker, rated)
            return end_turn(tracker, [])
        if answers_satisfaction_question(tracker):
            # a score is a score, whatever the model made of the words after it
            await store_satisfaction(dispatcher, tracker)
            return end_turn(tracker, [])
        if answers_what_could_be_better(tracker):
            # the answer to "wat kan beter?" after a low score, whatever the model made of it
            await store_what_could_be_better(dispatcher, tracker)
            return end_turn(tracker, [])
        if asks_no_more_updates(tracker.latest_message.get("text") or ""):
            # honoured at once, whatever the model made of it
            await stop_updates(dispatcher, tracker)
            return end_turn(tracker, [])
        if tracker.latest_action_name == "action_listen" and asks_for_whatsapp_updates(
            tracker.latest_message.get("text")
        ):
            # asked for in words, whatever the model made of them; a yes records consent
            return end_turn(tracker, await ask_whatsapp_updates(dispatcher, tracker))
        topic = sensitive_topic_of_turn(tracker) if self.checks_topics else None
        if topic:
            return await hand_over(dispatcher, tracker, f"topic_{topic}")
        if tracker.latest_action_name == "action_listen" and asks_to_undo(
            tracker.latest_message.get("text")
        ):
            # whatever the model made of it: "terugdraaien" once got the price list
            taken_back = await take_back_request(dispatcher, tracker)
            if taken_back is not None:
                return end_turn(tracker, taken_back)
        taken = await self._take_offer_or_resend(dispatcher, tracker)
        if taken is not None:
            return taken
        if self.name() != ANSWER_OFFER and answers_placement_offer(tracker):
            # "ja graag, we willen de plek" read as a status question answers the bot's
            # question about the offer (actions/offer.py)
            return [FollowupAction(ANSWER_OFFER)]
        events = await self.act(dispatcher, tracker, domain)
        handed_over = any(event.get("event") == "pause" for event in events)
        first_answer = tracker.latest_action_name == "action_listen"
        if self.notices_other_requests and first_answer and not handed_over:
            say_other_request(dispatcher, tracker)
        return end_turn(tracker, events) if self.ends_turn else events

    async def _take_offer_or_resend(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[dict[str, Any]] | None:
        """A yes to the bot's last question does what it offered; "the code does not
        arrive" while the code is awaited is a resend (the model once read it as "not
        registered"). None: the action answers as usual."""
        if tracker.latest_action_name != "action_listen" or self.name() == RESEND_CODE:
            return None
        if declines_whatsapp_updates(tracker):
            dispatcher.utter_message(text=say("updates_whatsapp_not_on"))
            return end_turn(tracker, [SlotSet("awaiting_confirmation", None)])
        offered = accepted_offer(tracker)
        if offered:
            events = await take_offer(dispatcher, tracker, offered)
            handed_over = any(event.get("event") == "pause" for event in events)
            return events if handed_over else end_turn(tracker, events)
        if waits_for_code(tracker) and code_not_received(tracker.latest_message.get("text")):
            return [FollowupAction(RESEND_CODE)]
        return None


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


def form_follows_message(tracker: Tracker) -> bool:
    """Whether the form validating now runs straight after the parent's message, with no
    other action answering it first (the form's own run is the latest action)."""
    actions = [event.get("name") for event in tracker.events if event.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


def close_offer(tracker: Tracker, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An offer the bot made is open for one answer: also when a form read the answer."""
    asked = tracker.get_slot("awaiting_confirmation")
    if asked not in OFFERS or any(event.get("name") == "awaiting_confirmation" for event in events):
        return []
    return [SlotSet("awaiting_confirmation", None)]
