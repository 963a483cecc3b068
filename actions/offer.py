"""Answering a placement offer in the chat, after the identity check.

The parent's words decide (bot/conversation/offer_words.py): an accept or a decline is read
back with the offer (location, days, start, deadline) and filed as a request of kind
`accept_offer` or `decline_offer` only on "ja"; a question about the offer, a request for
more time or for a later start goes to a person with the offer in the handoff's context,
and the bot promises nothing past the deadline. After a decline the child stays on the
list as it is: the parent may name other days or locations (a change request, the usual
path) or withdraw the registration (a cancellation, with its own read-back); nothing else
withdraws it.

The bot's open question is kept in `awaiting_confirmation` (OFFER_STEPS), open for one
answer; the answer comes here by the rules, or from any action whose message answers it
(actions/common.py `SafeAction`)."""

import copy
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    ANSWER_OFFER,
    SafeAction,
    choice,
    hand_over,
    mark_goal,
    person_button,
    say,
    with_database,
    yes_no_buttons,
)
from actions.identity import checked_children, identity_is_fresh
from actions.question_filters import days_in_message, locations_in_message
from actions.requests import file_request
from actions.said import own_words, stated_change
from actions.status_texts import offer_values, status_text
from bot.conversation import offer_words
from bot.conversation.offer_words import (
    ACCEPT,
    AFTER_DECLINE,
    DECLINE,
    NO,
    OFFER_SHOWN,
    OTHER_WISHES,
    WITHDRAW,
    YES,
)
from bot.conversation.standing import standing
from bot.shared import clock
from bot.waitlist.status import OpenOffer, RegistrationStatus

KINDS = {ACCEPT: "accept_offer", DECLINE: "decline_offer"}
DECISIONS = {kind: decision for decision, kind in KINDS.items()}
# what the request holds when the parent answered with a button, not in words
BUTTON_WORDS = {ACCEPT: "aanbod aangenomen (knop Ja)", DECLINE: "aanbod niet aangenomen (knop Nee)"}
# the offer's slots, forgotten once the question is answered
FORGET = [SlotSet("awaiting_confirmation", None), SlotSet("offer_words", None)]


async def current_status(tracker: Tracker, number: str | None = None) -> RegistrationStatus | None:
    number = number or tracker.get_slot("verified_registration")
    return await with_database(
        lambda session: standing(session=session, number=number, today=clock.today())
    )


async def answer_offer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    status: RegistrationStatus | None,
    reading: str,
    words: str | None,
) -> list[dict[str, Any]]:
    """The parent's first answer to the offer (`reading`: offer_words.decides): a read-back
    of the accept or decline, or a person for more time or a later start; with no open
    offer, how the registration stands."""
    if status is None or status.open_offer is None:
        say_no_offer(dispatcher, status)
        return FORGET
    if reading in KINDS:
        return read_back(dispatcher, status, reading, words)
    return await to_person(dispatcher, tracker, status, reading)


def say_no_offer(dispatcher: CollectingDispatcher, status: RegistrationStatus | None) -> None:
    """No open offer (none made, or its deadline passed): nothing is filed, and the parent
    hears how the registration stands."""
    if status is None:
        dispatcher.utter_message(text=say("identity_failed"), buttons=[person_button()])
        return
    dispatcher.utter_message(text=say("offer_none", child=status.child_first_name))
    dispatcher.utter_message(text=status_text(status), buttons=[person_button()])


def read_back(
    dispatcher: CollectingDispatcher,
    status: RegistrationStatus,
    decision: str,
    words: str | None,
    quoted: bool = True,
) -> list[dict[str, Any]]:
    """ "U schreef: "we nemen hem!". Het aanbod voor Noor: … Ik geef door dat u deze plek
    aanneemt. Klopt dat?" with Ja / Nee; the words are kept for the request (a bare "ja"
    to the bot's own question is not quoted back)."""
    child = status.child_first_name
    lines = [say("offer_you_wrote", words=words)] if words and quoted else []
    lines += [
        say("offer_details", child=child, **offer_values(status.open_offer)),
        say(f"confirm_{KINDS[decision]}", child=child),
    ]
    dispatcher.utter_message(text=" ".join(lines), buttons=yes_no_buttons())
    kept = words or BUTTON_WORDS[decision]
    return [SlotSet("awaiting_confirmation", KINDS[decision]), SlotSet("offer_words", kept)]


def offer_summary(offer: OpenOffer) -> str:
    """The offer for staff, in the handoff's context."""
    return (
        f"aanbod {offer.offer_id}: {offer.location_name}, {'|'.join(offer.weekdays)}, "
        f"start {offer.start_date.isoformat()}, reageren uiterlijk {offer.respond_by.isoformat()}"
    )


async def to_person(
    dispatcher: CollectingDispatcher, tracker: Tracker, status: RegistrationStatus, reading: str
) -> list[dict[str, Any]]:
    """A question, more time or a later start: a person decides, with the offer in the
    context. The offer stands as it is until its deadline, which the parent hears."""
    offer = status.open_offer
    dispatcher.utter_message(
        text=say(f"offer_{reading}_to_person", child=status.child_first_name, **offer_values(offer))
    )
    with_offer = copy.copy(tracker)
    with_offer.slots = {**tracker.slots, "open_offer": offer_summary(offer)}
    return [*FORGET, *await hand_over(dispatcher, with_offer, f"offer_{reading}")]


async def file_decision(
    dispatcher: CollectingDispatcher, tracker: Tracker, status: RegistrationStatus, kind: str
) -> list[dict[str, Any]]:
    """The request for staff, in the parent's words, naming the offer; then what happens
    next. After a decline: stay on the list as now, with other wishes, or withdraw."""
    words = tracker.get_slot("offer_words") or BUTTON_WORDS[DECISIONS[kind]]
    confirmed = await file_request(tracker, kind, words, offer_id=status.open_offer.offer_id)
    mailed = "" if confirmed else "_unconfirmed"
    child = status.child_first_name
    dispatcher.utter_message(text=say(f"{kind}_stored{mailed}", child=child))
    mark_goal(dispatcher, tracker, kind)
    if kind == "accept_offer":
        return FORGET
    dispatcher.utter_message(
        text=say("offer_after_decline", child=child),
        buttons=[
            choice("keep_waiting"),
            choice("other_wishes"),
            choice("withdraw"),
            person_button(),
        ],
    )
    return [SlotSet("awaiting_confirmation", AFTER_DECLINE), SlotSet("offer_words", None)]


def after_decline(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Withdrawing goes the cancellation's way (read back, confirmed on its own); other
    days or locations the change's way (asked for when not yet named); anything else keeps
    the registration as it is."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text")
    named = bool(days_in_message(tracker) or locations_in_message(tracker))
    wish = offer_words.after_decline(text, intent, named)
    if wish == WITHDRAW:
        words = own_words(tracker) or choice("withdraw")["title"]
        return [
            *FORGET,
            SlotSet("pending_question", "cancel"),
            SlotSet("change_details", words),
            FollowupAction("identity_form"),
        ]
    if wish == OTHER_WISHES:
        return [
            *FORGET,
            SlotSet("pending_question", "change"),
            SlotSet("change_details", stated_change(tracker)),
            FollowupAction("identity_form"),
        ]
    number = tracker.get_slot("verified_registration")
    child = checked_children(tracker).get(number) or number
    dispatcher.utter_message(text=say("offer_keep_waiting", child=child))
    return FORGET


class ActionAnswerOffer(SafeAction):
    """The parent's answer to the bot's open question about the offer."""

    def name(self) -> str:
        return ANSWER_OFFER

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        step = tracker.get_slot("awaiting_confirmation")
        if not identity_is_fresh(tracker):
            dispatcher.utter_message(text=say("identity_failed"), buttons=[person_button()])
            return FORGET
        if step == AFTER_DECLINE:
            return after_decline(dispatcher, tracker)
        status = await current_status(tracker)
        if status is None or status.open_offer is None:
            # the deadline passed, or head office settled it, while the parent answered
            say_no_offer(dispatcher, status)
            return FORGET
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text")
        reply = offer_words.reply_to_offer_question(text, intent)
        asked = DECISIONS.get(step)
        typed = own_words(tracker)
        if step == OFFER_SHOWN:
            # "Laat u ons weten of u de plek wilt?": "ja" is an accept, "nee" a decline
            decision = {YES: ACCEPT, ACCEPT: ACCEPT, NO: DECLINE, DECLINE: DECLINE}.get(reply)
            if decision:
                return read_back(dispatcher, status, decision, typed, reply in KINDS)
        elif reply in (YES, asked):
            return await file_decision(dispatcher, tracker, status, step)
        elif reply in KINDS:
            # the other decision, in so many words: read that one back instead
            return read_back(dispatcher, status, reply, typed)
        if reply in (offer_words.QUESTION, offer_words.MORE_TIME, offer_words.LATER_START):
            return await to_person(dispatcher, tracker, status, reply)
        respond_by = offer_values(status.open_offer)["respond_by"]
        dispatcher.utter_message(
            text=say("offer_not_passed_on", respond_by=respond_by), buttons=[person_button()]
        )
        return FORGET
