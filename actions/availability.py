"""Free places for prospective parents: no identity check and no personal data."""

from datetime import date, datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import SafeAction, person_button, say, with_database
from bot.conversation import texts
from bot.conversation.parsing import parse_date
from bot.waitlist.availability import free_places

CARE_TYPES = ("kdv", "bso", "peuteropvang")


class ValidateAvailabilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_availability_form"

    async def validate_care_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        care_type = str(value).lower()
        return {"care_type": care_type if care_type in CARE_TYPES else None}

    async def validate_age_birth_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        birth_date = parse_date(str(value))
        if birth_date is None:
            dispatcher.utter_message(text=say("invalid_date"))
            return {"age_birth_date": None}
        return {"age_birth_date": birth_date.isoformat()}


class ActionAskCareType(SafeAction):
    def name(self) -> str:
        return "action_ask_care_type"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": texts.button(kind), "payload": f'/inform{{"care_type":"{kind}"}}'}
            for kind in CARE_TYPES
        ]
        dispatcher.utter_message(text=say("ask_care_type"), buttons=buttons)
        return []


class ActionAskAgeBirthDate(SafeAction):
    def name(self) -> str:
        return "action_ask_age_birth_date"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("ask_availability_birth_date"))
        return []


class ActionAnswerAvailability(SafeAction):
    def name(self) -> str:
        return "action_answer_availability"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        care_type = tracker.get_slot("care_type")
        birth_date = datetime.fromisoformat(tracker.get_slot("age_birth_date")).date()
        weekday = tracker.get_slot("weekday")
        location = tracker.get_slot("location")
        places = await with_database(
            lambda session: free_places(
                session=session,
                care_type=care_type,
                birth_date=birth_date,
                weekdays=[weekday] if weekday else None,
                location_codes=[location] if location else None,
                today=date.today(),
            )
        )
        name = texts.CARE_TYPE_NAMES.get(care_type, care_type)
        if not places:
            dispatcher.utter_message(
                text=say("availability_none", care_type=name), buttons=[person_button()]
            )
        else:
            listed = texts.dutch_list([place.describe() for place in places[:4]])
            dispatcher.utter_message(text=say("availability_found", care_type=name, places=listed))
        return [SlotSet("age_birth_date", None)]
