"""Free places for prospective parents: no identity check and no personal data.

Each availability question starts afresh: a care type, day or location the parent gave
earlier (in a cost question, say) is only used when this question names it again. The
child's birth is the child's, not the question's: given in any message ("mijn dochter is
in maart 2025 geboren", the first message included), it is not asked again; a month and
year are enough to know the age.
Several days and locations may be named (bot/conversation/question_filters.py); a city means
every location in it. Locations are resolved against the imported locations
(bot.waitlist.locations). The answer says which days and locations it looked at, and
gives the earliest places for each of them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import SafeAction
from actions.common import (
    SafeFormValidation,
    choice,
    form,
    mark_goal,
    person_button,
    say,
    with_database,
)
from actions.registration import entity_names, registration_instead
from bot.conversation import birth_given, formats, question_filters, texts
from bot.conversation.parsing import parse_date
from bot.conversation.said import birth_said
from bot.shared import clock
from bot.waitlist.availability import FreePlace, earliest_each, free_places
from bot.waitlist.calendar import weekdays_in
from bot.waitlist.locations import (
    KnownLocation,
    all_locations,
    is_stop_word,
    mentioned_in,
    resolve,
)

CARE_TYPES = ("kdv", "bso", "peuteropvang")
# slots an availability question may name; they are not carried over from earlier turns
QUESTION_SLOTS = ("care_type", "weekday", "location")
# places listed without a day or location asked; with them, the earliest of each (at most
# LISTED_MAX, so a message stays readable)
LISTED = 4
LISTED_MAX = 10


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
    when another form was running: the parent changed the subject). A verified parent or
    a registration number in the question gets the registration instead."""

    notices_other_requests = True

    def name(self) -> str:
        return "action_start_availability"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        instead = await registration_instead(dispatcher, tracker)
        if instead is not None:
            return instead
        named = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
        days = question_filters.days_in_message(tracker)
        locations = question_filters.locations_in_message(tracker)
        if not locations:
            text = tracker.latest_message.get("text") or ""
            places = await with_database(
                lambda session: mentioned_in(text, all_locations(session=session))
            )
            locations = list(dict.fromkeys(place.name for place in places))
        events = [SlotSet(slot, None) for slot in ("care_type",) if slot not in named]
        born = birth_said(tracker)
        events += [
            SlotSet("weekday", question_filters.joined(days)),
            SlotSet("location", question_filters.joined(locations)),
            SlotSet("age_birth_date", born.for_age.isoformat() if born else None),
        ]
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return [*events, FollowupAction("availability_form")]


class ValidateAvailabilityForm(SafeFormValidation):
    def name(self) -> str:
        return "validate_availability_form"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Also the days and locations a message in the middle of the question names: only
        valid ones (rasa-sdk validates required slots only). A registration number ends
        the question: the parent is registered, and gets the identity check instead."""
        if "registration_number" in entity_names(tracker):
            return await registration_instead(dispatcher, tracker) or []
        events = await super().get_validation_events(dispatcher, tracker, domain)
        filters = question_filters.filters_in_message(tracker)
        events += [SlotSet(slot, value) for slot, value in filters.items()]
        asked_now = tracker.get_slot("requested_slot") == "age_birth_date"
        if not asked_now and not tracker.get_slot("age_birth_date"):
            # "kdv, ze is in maart 2025 geboren": the birth with the answer to another question
            born = birth_said(tracker)
            if born is not None:
                events.append(SlotSet("age_birth_date", born.for_age.isoformat()))
        return events

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
            # "maart 2025": the month and year are enough for the age
            month = birth_given.month_year_in(str(value))
            birth_date = birth_given.GivenBirth(month).for_age if month else None
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
        days = weekdays_in(question_filters.asked(tracker, "weekday"))
        asked = [
            name for name in question_filters.asked(tracker, "location") if not is_stop_word(name)
        ]

        def look_up(session: Session) -> tuple[list[KnownLocation], dict[str, list], list]:
            known = all_locations(session=session)
            resolved = {name: resolve(name, known) for name in asked}
            wanted = list(dict.fromkeys(p for places in resolved.values() for p in places))
            places = free_places(
                session=session,
                care_type=care_type,
                birth_date=birth_date,
                weekdays=days or None,
                location_codes=[place.code for place in wanted] or None,
                today=clock.today(),
            )
            return known, resolved, places

        known, resolved, places = await with_database(look_up)
        for name in [name for name, found in resolved.items() if not found]:
            dispatcher.utter_message(
                text=say("location_unknown", name=name, places=place_names(known))
            )
        wanted = list(dict.fromkeys(p for found in resolved.values() for p in found))
        answer = Answer(formats.care_type_name(care_type, form()), days, wanted, places)
        answer.tell(dispatcher)
        mark_goal(dispatcher, tracker, "availability")
        return [SlotSet("age_birth_date", None)]


@dataclass(frozen=True)
class Answer:
    """What the data gives for the days and locations asked, and how the parent reads it."""

    care_type: str
    days: list[str]
    locations: list[KnownLocation]
    places: list[FreePlace]

    def tell(self, dispatcher: CollectingDispatcher) -> None:
        looked_at = self.filter_words(self.days, self.locations)
        if not self.places:
            key = "availability_none_for" if looked_at else "availability_none"
            text = say(key, care_type=self.care_type, filter=looked_at)
            dispatcher.utter_message(text=text, buttons=[person_button()])
            return
        listed = formats.word_list([describe(place) for place in self.listed()], form())
        key = "availability_found_for" if looked_at else "availability_found"
        text = say(key, care_type=self.care_type, places=listed, filter=looked_at)
        dispatcher.utter_message(text=text)
        missing = self.missing()
        if missing:
            dispatcher.utter_message(text=" ".join(missing))

    def listed(self) -> list[FreePlace]:
        """The earliest places: of each day and location asked, else of all."""
        if not self.days and not self.locations:
            return self.places[:LISTED]
        codes = [place.code for place in self.locations]
        return earliest_each(self.places, weekdays=self.days, location_codes=codes)[:LISTED_MAX]

    def missing(self) -> list[str]:
        """ "Ik zie geen plek op vrijdag." for each day or location asked without a place."""
        days = [day for day in self.days if all(p.weekday != day for p in self.places)]
        codes = {place.location_code for place in self.places}
        locations = [place for place in self.locations if place.code not in codes]
        parts = []
        if days:
            parts.append(say("availability_none_part", filter=self.filter_words(days, [])))
        if locations:
            parts.append(say("availability_none_part", filter=self.filter_words([], locations)))
        return parts

    @staticmethod
    def filter_words(days: list[str], locations: list[KnownLocation]) -> str:
        """ "op maandag en woensdag bij De Boomhut", "on Wednesday" or "" """
        parts = []
        if days:
            parts.append(say("filter_days", days=formats.weekday_list(days, form())))
        if locations:
            names = formats.word_list(list(dict.fromkeys(p.name for p in locations)), form())
            parts.append(say("filter_locations", locations=names))
        return " ".join(parts)


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
