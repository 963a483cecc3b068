"""Answers that need no registration: small talk, process, policy, costs, offers in general,
and what the bot says when it did not understand."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    SafeAction,
    choice,
    latest_user_metadata,
    now,
    offer,
    person_button,
    say,
    topic_buttons,
    with_database,
)
from actions.identity import PHONE_CHANNELS
from actions.registration import (
    ask_registration,
    entity_names,
    registration_question_instead,
)
from bot.conversation.short_replies import OFFER_PERSON
from bot.conversation.turns import misses_in_a_row
from bot.conversation.what_if_words import asks_what_would_help
from bot.updates.preferences import is_stop, stop_whatsapp

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
        if intent == "deny" and await stopped_updates(tracker):
            dispatcher.utter_message(text=say("updates_stopped"))
            return []
        instead = await registration_question_instead(dispatcher, tracker)
        if instead is not None:
            # "wat kan ik doen om sneller een plek te krijgen?" from a verified parent gets
            # that registration's own what-ifs, not the general policy
            return instead
        return say_answer(dispatcher, ANSWERS.get(intent, "out_of_scope"))


async def stopped_updates(tracker: Tracker) -> bool:
    """A parent who answers "stop" on WhatsApp, outside any question, wants no more
    updates there (the channel vouches for the number)."""
    phone = latest_user_metadata(tracker).get("phone")
    text = tracker.latest_message.get("text") or ""
    if tracker.get_latest_input_channel() not in PHONE_CHANNELS or not phone or not is_stop(text):
        return False
    stopped = await with_database(
        lambda session: stop_whatsapp(session=session, phone=phone, now=now())
    )
    return bool(stopped)


class ActionFallback(SafeAction):
    """The first miss asks to rephrase (with topics); every further miss in a row offers a
    person first. The parent's next message is read afresh either way."""

    def name(self) -> str:
        return "action_fallback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if not tracker.active_loop.get("name"):
            # not understood, but a what-if or a verified parent's other child
            instead = await registration_question_instead(dispatcher, tracker)
            if instead is not None:
                return instead
            if asks_what_would_help(tracker.latest_message.get("text")):
                # "wat kan ik doen om sneller een plek te krijgen?" before any check: what
                # helps in general (a verified parent gets the registration's own what-ifs)
                return say_answer(dispatcher, "placement_policy")
            if "registration_number" in entity_names(tracker):
                # not understood, but it names a registration: the parent wants to know how
                # it stands ("Is er al plek voor mijn dochter, INS-004217, geboren 3-5-2025?")
                return ask_registration(dispatcher, tracker, "status", None)
        if misses_in_a_row(tracker.events, self.name()) >= 2:
            topics = [b for b in topic_buttons() if b["payload"] != "/request_human"]
            dispatcher.utter_message(text=say("fallback_again"), buttons=[person_button(), *topics])
            return offer(OFFER_PERSON)  # "Wilt u een medewerker spreken?"
        if tracker.active_loop.get("name"):
            # the form asks its question again right after this
            dispatcher.utter_message(text=say("fallback_in_form"))
        else:
            dispatcher.utter_message(text=say("fallback_first"), buttons=topic_buttons())
        return []
