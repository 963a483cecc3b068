"""Moving between topics: leaving a form ("laat maar", "stop", "doei") and what a bare
detail means when no form asked for it."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import SafeAction
from actions.common import (
    say,
    topic_buttons,
)
from actions.faq import ANSWERS, say_answer
from actions.registration import (
    registration_instead,
    registration_question_instead,
)
from bot.conversation.request_words import PART_ENTITIES, removes_a_part
from bot.conversation.said import asks_for_room
from bot.conversation.tracker import identity_is_fresh

# what an abandoned form or question leaves behind
ABANDONED = (
    "requested_slot",
    "pending_question",
    "change_details",
    "awaiting_confirmation",
    "birth_day_month",
    "offer_words",
)
AVAILABILITY_DETAILS = {"care_type", "location", "weekday"}


# reasons to leave the identity check that have an answer of their own
LEAVING_ANSWERS = {"not_registered", "missing_number"}


class ActionStopForm(SafeAction):
    """The parent leaves the form: "laat maar" gets the topics, "doei" the goodbye, "geen
    inschrijfnummer" where to find it or how to register."""

    def name(self) -> str:
        return "action_stop_form"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        offered: list[dict[str, Any]] = []
        if intent == "goodbye":
            dispatcher.utter_message(response="utter_goodbye")
        elif intent in LEAVING_ANSWERS:
            offered = say_answer(dispatcher, ANSWERS[intent])
        else:
            dispatcher.utter_message(text=say("form_stopped"), buttons=topic_buttons())
        return [ActiveLoop(None), *(SlotSet(slot, None) for slot in ABANDONED), *offered]


class ActionRouteInform(SafeAction):
    """A detail with no question open: a registration number starts the status check (a
    birth date with it is kept), a location or day to remove a change request; from a
    verified parent a date, day or location is about the registration, and a checked
    child's name about that child; a what-if is answered as one; otherwise a care type,
    day or location the availability question; anything else gets the topics."""

    def name(self) -> str:
        return "action_route_inform"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if tracker.active_loop.get("name"):
            return []  # the form asks its question again (`end_turn`)
        if asks_for_room(tracker):
            # "mijn zoon is in februari geboren, is er plek in Testdorp?": availability
            return [FollowupAction("action_start_availability")]
        named = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
        about_registration = named & (AVAILABILITY_DETAILS | {"date"}) and identity_is_fresh(
            tracker
        )
        if "registration_number" in named or about_registration:
            # a number, or a registered parent naming a day, location or date
            return await registration_instead(dispatcher, tracker) or []
        instead = await registration_question_instead(dispatcher, tracker)
        if instead is not None:
            # "en als ik woensdag erbij doe?", or a verified parent's "en Daan?"
            return instead
        words = tracker.latest_message.get("text")
        if named & PART_ENTITIES and removes_a_part(words):
            # "alleen nog De Boomhut graag": a change to the registration, not availability
            return [
                SlotSet("pending_question", "change"),
                SlotSet("change_details", " ".join(words.split())),
                FollowupAction("identity_form"),
            ]
        if named & AVAILABILITY_DETAILS:
            return [FollowupAction("action_start_availability")]
        dispatcher.utter_message(text=say("affirm_no_question"), buttons=topic_buttons())
        return []
