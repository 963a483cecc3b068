"""Free places for prospective parents: no identity check and no personal data.

Each availability question starts afresh: a care type, day or location the parent gave
earlier (in a cost question, say) is only used when this question names it again.
Locations are resolved against the imported locations (bot.waitlist.locations)."""

from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.common import (
    SafeAction,
    SafeFormValidation,
    choice,
    form,
    person_button,
    say,
    with_database,
)
from bot import clock
from bot.conversation import formats, texts
from bot.conversation.parsing import parse_date
from bot.waitlist.availability import FreePlace, free_places
from bot.waitlist.locations import KnownLocation, all_locations, mentioned_in, resolve

CARE_TYPES = ("kdv", "bso", "peuteropvang")
# slots an availability question may name; they are not carried over from earlier turns
QUESTION_SLOTS = ("care_type", "weekday", "location")


def place_names(locations: list[KnownLocation]) -> str:
    return formats.word_list([f"{place.name} ({place.city})" for place in locations], form())


def describe(place: FreePlace) -> str:
    """De Boomhut (Utrecht) op maandag vanaf januari 2026"""
    return say(
        "free_place",
        location=place.location_name,
        city=place.city,
        weekday=formats.weekday_name(place.weekday, form()),
        month=formats.month_year(place.month, form()),
    )


class ActionStartAvailability(SafeAction):
    """Clears what this question does not name, then starts the availability form (also
    when another form was running: the parent changed the subject)."""

    notices_other_requests = True

    def name(self) -> str:
        return "action_start_availability"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        named = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
        events = [SlotSet(slot, None) for slot in QUESTION_SLOTS if slot not in named]
        events.append(SlotSet("age_birth_date", None))
        if "location" not in named:
            text = tracker.latest_message.get("text") or ""
            places = await with_database(
                lambda session: mentioned_in(text, all_locations(session=session))
            )
            if places:
                events.append(SlotSet("location", places[0].name))
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return [*events, FollowupAction("availability_form")]


class ValidateAvailabilityForm(SafeFormValidation):
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
        if value is None:
            return {"age_birth_date": None}  # cleared, not typed
        birth_date = parse_date(str(value))
        if birth_date is None:
            dispatcher.utter_message(text=say("invalid_date"))
            return {"age_birth_date": None}
        return {"age_birth_date": birth_date.isoformat()}


class ActionAskCareType(SafeAction):
    ends_turn = False

    def name(self) -> str:
        return "action_ask_care_type"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": texts.button(kind, form()), "payload": f'/inform{{"care_type":"{kind}"}}'}
            for kind in CARE_TYPES
        ]
        dispatcher.utter_message(text=say("ask_care_type"), buttons=buttons)
        return []


class ActionAskAgeBirthDate(SafeAction):
    ends_turn = False

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
        asked_location = tracker.get_slot("location")

        def look_up(session: Session) -> tuple[list[KnownLocation], list[KnownLocation], list]:
            known = all_locations(session=session)
            wanted = resolve(asked_location, known) if asked_location else []
            places = free_places(
                session=session,
                care_type=care_type,
                birth_date=birth_date,
                weekdays=[weekday] if weekday else None,
                location_codes=[place.code for place in wanted] or None,
                today=clock.today(),
            )
            return known, wanted, places

        known, wanted, places = await with_database(look_up)
        if asked_location and not wanted:
            dispatcher.utter_message(
                text=say("location_unknown", name=asked_location, places=place_names(known))
            )
        self._answer(dispatcher, formats.care_type_name(care_type, form()), wanted, places)
        return [SlotSet("age_birth_date", None)]

    @staticmethod
    def _answer(
        dispatcher: CollectingDispatcher,
        care_type: str,
        wanted: list[KnownLocation],
        places: list[FreePlace],
    ) -> None:
        if places:
            listed = formats.word_list([describe(place) for place in places[:4]], form())
            dispatcher.utter_message(
                text=say("availability_found", care_type=care_type, places=listed)
            )
        elif wanted:
            names = formats.word_list([place.name for place in wanted], form())
            dispatcher.utter_message(
                text=say("availability_none_at", care_type=care_type, locations=names),
                buttons=[person_button()],
            )
        else:
            dispatcher.utter_message(
                text=say("availability_none", care_type=care_type), buttons=[person_button()]
            )


class ActionAnswerLocations(SafeAction):
    """ "Welke locaties hebben jullie?": the imported locations with their cities."""

    notices_other_requests = True

    def name(self) -> str:
        return "action_answer_locations"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        known = await with_database(lambda session: all_locations(session=session))
        buttons = [choice("availability")]
        dispatcher.utter_message(
            text=say("locations", places=place_names(known)), buttons=[*buttons, person_button()]
        )
        return []
