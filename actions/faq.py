"""Answers that need no registration: small talk, process, policy, costs, offers in general,
and what the bot says when it did not understand, or was unsure what the parent meant."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SlotSet, UserUtteranceReverted, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import SafeAction
from actions.common import (
    ask_rating,
    choice,
    form,
    may_ask_rating,
    now,
    offer,
    person_button,
    say,
    topic_buttons,
    with_database,
)
from actions.identity import change_value_checked
from actions.registration import (
    QUESTIONS,
    ask_registration,
    entity_names,
    registration_question_instead,
)
from actions.turn_rules.updates import stop_on_whatsapp
from bot.conversation.answers import OFFERED_INTENTS
from bot.conversation.buttons import CHOICES
from bot.conversation.formats import word_list
from bot.conversation.request_words import CHANGE, changes_a_part
from bot.conversation.second_request import asks_for_person, other_request
from bot.conversation.short_replies import OFFER_PERSON
from bot.conversation.tracker import (
    PHONE_CHANNELS,
    answers_what_to_change,
    identity_is_fresh,
    latest_user_metadata,
)
from bot.conversation.turns import misses_in_a_row
from bot.conversation.what_if_words import asks_what_would_help
from bot.conversation.which_intent import (
    SOMETHING_ELSE,
    Meaning,
    as_slot,
    best_guess,
    choices,
    model_ranking,
    payload,
)
from bot.db.tracker_store import READ_AGAIN
from bot.updates.preferences import is_stop

ANSWERS = {
    "greet": "greet",
    "thank": "thank",
    "bot_challenge": "bot_challenge",
    "out_of_scope": "out_of_scope",
    "ask_registration_process": "registration_process",
    "ask_placement_policy": "placement_policy",
    "ask_costs": "costs",
    "complain": "complain",
    # "ja" / "nee" with no question of the bot open
    "affirm": "affirm_no_question",
    "deny": "deny_no_question",
    "not_registered": "not_registered",
    "missing_number": "missing_number",
}
WITH_TOPICS = {"greet", "out_of_scope", "affirm_no_question"}
NO_BUTTONS = {"deny_no_question"}
# answers that end in the offer of a person ("Wilt u liever een medewerker spreken?",
# "Kunt u hem niet vinden? Dan zoekt een medewerker het voor u op."): "ja" takes it
OFFER_A_PERSON = {"bot_challenge", "missing_number"}


def prospective_parent_buttons() -> list[dict[str, str]]:
    return [
        choice("availability"),
        choice("register"),
        person_button(),
    ]


def say_answer(dispatcher: CollectingDispatcher, key: str) -> list[dict[str, Any]]:
    """The answer `key` with the buttons that fit it; the events of the offer it makes."""
    if key in WITH_TOPICS:
        dispatcher.utter_message(text=say(key), buttons=topic_buttons())
    elif key == "not_registered":
        dispatcher.utter_message(text=say(key), buttons=prospective_parent_buttons())
    elif key in NO_BUTTONS:
        dispatcher.utter_message(text=say(key))
    else:
        dispatcher.utter_message(text=say(key), buttons=[person_button()])
    return offer(OFFER_PERSON) if key in OFFER_A_PERSON else []


class ActionAnswerFaq(SafeAction):
    notices_other_requests = True

    def name(self) -> str:
        return "action_answer_faq"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "deny" and (stopped := await stopped_updates(tracker)):
            dispatcher.utter_message(text=stopped)
            return []
        instead = await registration_question_instead(dispatcher, tracker)
        if instead is not None:
            # "wat kan ik doen om sneller een plek te krijgen?" from a verified parent gets
            # that registration's own what-ifs, not the general policy
            return instead
        if intent == "thank" and may_ask_rating(tracker, after_goodbye=False):
            # thanks once the parent got what they came for: "Graag gedaan! Heeft dit u geholpen?"
            ask_rating(dispatcher, tracker, "bot_rating_after_thanks")
            return []
        return say_answer(dispatcher, ANSWERS.get(intent, "out_of_scope"))


async def stopped_updates(tracker: Tracker) -> str | None:
    """A parent who answers "stop" on WhatsApp, outside any question, wants no more
    updates there (the channel vouches for the number): what they hear, or None."""
    phone = latest_user_metadata(tracker).get("phone")
    text = tracker.latest_message.get("text") or ""
    if tracker.get_latest_input_channel() not in PHONE_CHANNELS or not phone or not is_stop(text):
        return None
    moment = now()
    return await with_database(lambda session: stop_on_whatsapp(session, phone, moment))


class ActionFallback(SafeAction):
    """A message the model was unsure of or did not understand. A wish for a person in its
    words comes first, then what its words and details settle (`settled_by_words`); then,
    when the model was unsure between meanings, the bot asks which one
    (bot/conversation/which_intent.py), or answers the best guess when only the ambiguity
    margin raised the doubt or the message asks two things. Otherwise not understood: the
    first miss asks to rephrase (with topics); every further miss in a row offers a person
    first. The parent's next message is read afresh."""

    def name(self) -> str:
        return "action_fallback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        in_form = bool(tracker.active_loop.get("name"))
        if in_form and answers_what_to_change(tracker):
            # the form goes on with the answer, checked as the form would
            return await change_value_checked(dispatcher, tracker, domain)
        offered = [] if in_form else choices(tracker.latest_message)
        if offered and asks_for_person(tracker.latest_message.get("text")):
            # "ik wil graag iemand spreken over mijn inschrijving", "kan ik iemand spreken over
            # het wisselen van locatie?": the person, whatever else the model doubted between
            return read_again_as(tracker, "request_human")
        if not in_form:
            settled = await settled_by_words(dispatcher, tracker, offered)
            if settled is not None:
                return settled
        guess = best_guess(tracker.latest_message)
        other = other_request(tracker.latest_message.get("text"), guess) if guess else None
        if offered and other is not None:
            # two questions in one message, not doubt: the answer to the likelier one also
            # points to the other ("also_registration")
            return read_again_as(tracker, guess)
        if offered:
            return ask_which(dispatcher, tracker, offered)
        if guess:
            return read_again_as(tracker, guess)
        if misses_in_a_row(tracker.events, self.name()) >= 2:
            topics = [b for b in topic_buttons() if b["payload"] != "/request_human"]
            dispatcher.utter_message(text=say("fallback_again"), buttons=[person_button(), *topics])
            return offer(OFFER_PERSON)  # "Wilt u een medewerker spreken?"
        if in_form:
            # the form asks its question again right after this
            dispatcher.utter_message(text=say("fallback_in_form"))
        else:
            dispatcher.utter_message(text=say("fallback_first"), buttons=topic_buttons())
        return []


async def settled_by_words(
    dispatcher: CollectingDispatcher, tracker: Tracker, offered: list[Meaning]
) -> list[dict[str, Any]] | None:
    """Outside a form, what the words and details of an unsure message settle, before any
    question about its meaning: a what-if or the other child, what would help, a
    registration number, a verified parent's change of a day or location."""
    text = tracker.latest_message.get("text")
    instead = await registration_question_instead(dispatcher, tracker)
    if instead is not None:
        return instead
    if asks_what_would_help(text):
        # "wat kan ik doen om sneller een plek te krijgen?" before any check: what helps in
        # general (a verified parent gets the registration's own what-ifs)
        return say_answer(dispatcher, "placement_policy")
    about_it = all(meaning.intent in QUESTIONS for meaning in offered)
    if "registration_number" in entity_names(tracker) and about_it:
        # it names a registration and asks nothing else: the identity check first, then
        # how it stands ("Is er al plek voor mijn dochter, INS-004217, geboren 3-5-2025?"
        # was unsure between position and change: the status answers both best)
        return ask_registration(dispatcher, tracker, "status", None)
    if identity_is_fresh(tracker) and changes_a_part(text):
        # a verified parent's "kan er een dag bij, de woensdag?"
        return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
    return None


def ask_which(
    dispatcher: CollectingDispatcher, tracker: Tracker, offered: list[Meaning]
) -> list[dict[str, Any]]:
    """ "Bedoelt u: 'Mijn inschrijving' of 'Hoeveelste sta ik'?": a button per meaning,
    carrying the message's details, and "Iets anders" (the second miss: a person first)."""
    entities = tracker.latest_message.get("entities") or []
    buttons = [
        {"title": choice(CHOICES[m.intent])["title"], "payload": payload(m.intent, entities)}
        for m in offered
    ]
    titles = [f"'{b['title'].rstrip('?')}'" for b in buttons]
    dispatcher.utter_message(
        text=say("which_intent", choices=word_list(titles, form(), alternatives=True)),
        buttons=[*buttons, choice(SOMETHING_ELSE)],
    )
    return [SlotSet(OFFERED_INTENTS, as_slot(offered))]


def read_again_as(tracker: Tracker, intent: str) -> list[dict[str, Any]]:
    """The parent's message once more, read as `intent`, with the slots it set: the
    dialogue policies then answer it as if the model had been sure (Rasa's own two-stage
    fallback does the same after "Did you mean …? Yes"). Also inside a form, after the form
    stepped aside."""
    events = list(tracker.events)
    start = max(i for i, event in enumerate(events) if event.get("event") == "user")
    message, since = events[start], events[start + 1 :]
    ranking = model_ranking(tracker.latest_message)
    confidence = next(m.confidence for m in ranking if m.intent == intent)
    meaning = {"name": intent, "confidence": confidence}
    parse_data = {
        **tracker.latest_message,
        "intent": meaning,
        "intent_ranking": [{"name": m.intent, "confidence": m.confidence} for m in ranking],
    }
    again = UserUttered(message.get("text"), parse_data, input_channel=message.get("input_channel"))
    again["metadata"] = {**(message.get("metadata") or {}), READ_AGAIN: True}
    # not the text a form took for its answer: the form stepped aside (actions/common.py)
    answer = tracker.get_slot("requested_slot") if tracker.active_loop.get("name") else None
    slots = [
        SlotSet(e["name"], e.get("value"))
        for e in since
        if e.get("event") == "slot" and e.get("name") != answer
    ]
    return [UserUtteranceReverted(), ActionExecuted("action_listen"), again, *slots]
