"""A registered parent stays with the registration, and details given are used (issue 26,
points 3 and 4): against a real (SQLite) waitlist, reading the slots set, the question
asked and the request stored."""

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.availability import ActionStartAvailability, ValidateAvailabilityForm
from actions.flow import ActionRouteInform
from actions.identity import (
    ValidateIdentityForm,
)
from actions.registration import ActionAnswerRegistration, ActionRememberQuestion
from actions.requests import ActionAskChangeDetails, ActionHandleConfirmation
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.parent_requests.models import RegistrationRequest
from tests.support.dates import dutch, iso, month_day
from tests.support.trackers import make_tracker, slot_values, verified
from tests.support.waitlists import MILA

NUMBER = "INS-000001"
IDENTITY_FORM = {"event": "followup", "timestamp": None, "name": "identity_form"}
WEDNESDAY = [{"entity": "weekday", "value": "wo"}]


def request_slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The question and change remembered (not the language the message set)."""
    wanted = ("pending_question", "change_details")
    return {name: value for name, value in slot_values(events).items() if name in wanted}


def in_any_variant(key: str, **values: str) -> set[str]:
    return {say(key, variant, **values) for variant in ("u", "je", "en")}


def stored() -> list[tuple[str, str]]:
    with session_scope() as session:
        requests = session.scalars(select(RegistrationRequest).order_by(RegistrationRequest.id))
        return [(r.kind, r.details) for r in requests]


def number_entity(text: str) -> list[dict[str, Any]]:
    """As the language pipeline gives it (bot/nlu/registration_numbers.py): normalised."""
    return [{"entity": "registration_number", "value": NUMBER}]


@pytest.mark.parametrize(
    "text",
    [
        "is er op woensdag plek voor INS-000001?",
        "hebben jullie bij De Boomhut nog plek voor ins000001",
        "Any room on Wednesday for INS 000001?",
    ],
)
async def test_a_typed_number_in_an_availability_question_starts_the_identity_check(
    waitlist: Path, text: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "ask_availability",
        text=text,
        entities=number_entity(text) + WEDNESDAY,
        slots={"registration_number": NUMBER},  # Rasa's mapping keeps the number
    )
    events = await ActionStartAvailability().run(dispatcher, tracker, {})
    assert request_slots(events) == {"pending_question": "status"}
    assert events[-1] == IDENTITY_FORM
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    "text", ["ons inschrijfnummer is INS-000001", "we are already registered: ins 000001"]
)
async def test_a_number_given_in_the_availability_questions_ends_them(
    waitlist: Path, text: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "inform",
        text=text,
        entities=number_entity(text),
        slots={"care_type": "kdv", "requested_slot": "age_birth_date", "age_birth_date": text},
        active_loop={"name": "availability_form"},
    )
    events = await ValidateAvailabilityForm().run(
        dispatcher, tracker, {"forms": {"availability_form": {}}}
    )
    assert dispatcher.messages == []  # no "invalid date" for the number
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert request_slots(events) == {"pending_question": "status"}
    assert slot_values(events)["requested_slot"] is None
    assert events[-1] == IDENTITY_FORM


async def test_a_new_parent_still_gets_the_availability_question(waitlist: Path) -> None:
    tracker = make_tracker("ask_availability", text="is er op woensdag plek?", entities=WEDNESDAY)
    events = await ActionStartAvailability().run(CollectingDispatcher(), tracker, {})
    assert events[-1]["name"] == "availability_form"


async def test_the_new_value_ends_the_check_and_the_change_is_read_back(waitlist: Path) -> None:
    """The form took "The first of May would suit us better." and ended; the model read a
    position question in it: the pending change is read back, not the position."""
    text = "The first of May would suit us better."
    slots = {**verified(), "pending_question": "change", "change_details": text}
    tracker = make_tracker("ask_waitlist_position", text=text, slots=slots)
    tracker.events.append({"event": "slot", "name": "change_details", "value": text})
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    assert slot_values(events)["awaiting_confirmation"] == "change"
    assert text in dispatcher.messages[0]["text"]


async def test_a_new_parent_dropping_a_day_is_asked_for_the_registration(waitlist: Path) -> None:
    """ "kan de vrijdag eruit?" read as a question about room presumes a registration."""
    friday = [{"entity": "weekday", "value": "vr"}]
    tracker = make_tracker(
        "ask_availability", text="kan de vrijdag eruit? donderdag blijft", entities=friday
    )
    events = await ActionStartAvailability().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["pending_question"] == "change"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}


@pytest.mark.parametrize(
    ("text", "asked"),
    [("The first of May would suit us better.", False), ("hoeveelste sta ik?", True)],
)
async def test_the_answer_to_the_new_value_is_taken_and_a_question_is_answered(
    waitlist: Path, text: str, asked: bool
) -> None:
    slots = {**verified(), "requested_slot": "change_details", "change_details": text}
    tracker = make_tracker(
        "ask_waitlist_position", text=text, slots=slots, active_loop={"name": "identity_form"}
    )
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    pending = slot_values(events).get("pending_question")
    assert (pending == "position") is asked
    assert events[-1]["name"] == "identity_form"
    # the same message once the parent is verified (the rules answer a question at once)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    assert bool(dispatcher.messages) is asked


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        ("kan er een dag bij, de woensdag?", "ask_availability", WEDNESDAY),
        ("we willen de woensdag er graag bij", "ask_availability", WEDNESDAY),
        ("Could we add the Wednesday?", "ask_availability", WEDNESDAY),
        ("wo erbij graag", "inform", WEDNESDAY),
        ("ze is geboren op 3 mei", "inform", [{"entity": "date", "value": iso(MILA)}]),
    ],
)
async def test_a_verified_parent_adding_a_day_or_a_birth_gets_the_change_read_back(
    waitlist: Path, text: str, intent: str, entities: list
) -> None:
    action = ActionStartAvailability() if intent == "ask_availability" else ActionRouteInform()
    tracker = make_tracker(intent, text=text, entities=entities, slots=verified())
    events = await action.run(CollectingDispatcher(), tracker, {})
    asked = request_slots(events)
    assert asked == {"pending_question": "change", "change_details": text}
    assert events[-1] == IDENTITY_FORM

    dispatcher = CollectingDispatcher()
    answered = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("inform", text=text, slots=verified(**asked)), {}
    )
    assert dispatcher.messages[0]["text"] in in_any_variant(
        "confirm_change", number=NUMBER, details=text
    )
    waiting = verified(**asked, **slot_values(answered))
    await ActionHandleConfirmation().run(
        CollectingDispatcher(), make_tracker("affirm", text="ja", slots=waiting), {}
    )
    assert stored() == [("change", text)]


@pytest.mark.parametrize(
    "text", ["is er op woensdag plek bij De Boomhut?", "Is there a place on Wednesday?"]
)
async def test_a_verified_parent_asking_for_room_hears_about_the_registration(
    waitlist: Path, text: str
) -> None:
    tracker = make_tracker("ask_availability", text=text, entities=WEDNESDAY, slots=verified())
    events = await ActionStartAvailability().run(CollectingDispatcher(), tracker, {})
    assert request_slots(events) == {"pending_question": "status"}
    assert events[-1] == IDENTITY_FORM


async def activate_identity_form(events: list[dict[str, Any]], text: str) -> tuple[list, dict]:
    """What Rasa does when the form starts: the slots filled before, validated."""
    slots = slot_values(events)
    prefilled = {"registration_number": NUMBER, "child_birth_date": slots["child_birth_date"]}
    tracker = make_tracker(
        "ask_placement_status",
        text=text,
        slots=slots | prefilled,
        events=[
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}},
            *({"event": "slot", "name": k, "value": v} for k, v in prefilled.items()),
        ],
    )
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().run(dispatcher, tracker, {"forms": {"identity_form": {}}})
    return [m["text"] for m in dispatcher.messages], slot_values(result)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            f"Is er al plek voor mijn dochter, INS-000001, geboren {dutch(MILA)}?",
            "ask_placement_status",
        ),
        (f"hoe staat het met ins000001? geb. {dutch(MILA)}", "ask_placement_status"),
        (f"When will we hear something? INS-000001, born {dutch(MILA)}", "ask_response_time"),
        (f"INS-000001 geboortedatum {dutch(MILA)}", "inform"),
    ],
)
async def test_a_birth_date_in_the_first_message_goes_straight_to_the_code(
    waitlist: Path, text: str, intent: str
) -> None:
    date = [{"entity": "date", "value": iso(MILA)}]
    action = ActionRouteInform() if intent == "inform" else ActionRememberQuestion()
    tracker = make_tracker(intent, text=text, entities=number_entity(text) + date)
    events = await action.run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["child_birth_date"] == iso(MILA)
    assert events[-1] == IDENTITY_FORM

    messages, slots = await activate_identity_form(events, text)
    assert len(messages) == 1
    assert messages[0] in in_any_variant("code_sent", address="s***@e***.nl")
    assert slots["registration_number"] == NUMBER
    assert slots["child_birth_date"] == iso(MILA)


async def test_a_date_in_a_change_is_the_new_value_not_the_identity_check(waitlist: Path) -> None:
    text = f"INS-000001: de startdatum wordt {dutch(MILA)}"
    date = [{"entity": "date", "value": iso(MILA)}]
    tracker = make_tracker("change_registration", text=text, entities=number_entity(text) + date)
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert "child_birth_date" not in slot_values(events)
    assert slot_values(events)["change_details"] == text


def change_asked(text: str) -> list[dict[str, Any]]:
    """The conversation so far: the request, then the bot remembering it."""
    return [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "change_registration"}}},
        {"event": "slot", "name": "pending_question", "value": "change"},
        {"event": "slot", "name": "change_details", "value": None},
        {"event": "slot", "name": "requested_slot", "value": "change_details"},
    ]


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        ("Ik wil mijn e-mailadres wijzigen", "ask_change_email", "nieuw.adres@example.nl"),
        ("we hebben een nieuw mailadres", "ask_change_email", "zoë@example.nl"),
        ("I need to change my email address", "ask_change_email", "new@example.com"),
        ("ons telefoonnummer is veranderd", "ask_change_phone", "06 12345678"),
        (
            "Ons kindje is geboren, hoe geef ik de geboortedatum door?",
            "ask_change_birth_date",
            "3 mei",
        ),
        (
            "our baby was born, how do I pass on the date of birth?",
            "ask_change_birth_date",
            "May 3",
        ),
        ("Ik wil andere dagen", "ask_change_days", "maandag en donderdag"),
        ("can we change the days?", "ask_change_days", "Monday and Thursday"),
        ("Kan de startdatum opschuiven?", "ask_change_start_date", "1 oktober"),
        ("wij willen naar een andere locatie", "ask_change_location", "De Boomhut"),
    ],
)
async def test_a_change_without_its_new_value_asks_for_it_and_keeps_the_answer(
    waitlist: Path, text: str, question: str, value: str
) -> None:
    tracker = make_tracker("change_registration", text=text, slots=verified())
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert request_slots(events) == {"pending_question": "change", "change_details": None}

    dispatcher = CollectingDispatcher()
    asking = make_tracker("change_registration", text=text, events=change_asked(text))
    await ActionAskChangeDetails().run(dispatcher, asking, {})
    assert dispatcher.messages[0]["text"] in in_any_variant(question)

    answer = make_tracker(
        "inform",
        text=value,
        slots=verified(pending_question="change", requested_slot="change_details"),
        events=[
            *change_asked(text),
            {"event": "user", "text": value, "parse_data": {"intent": {"name": "inform"}}},
        ],
    )
    validated = await ValidateIdentityForm().validate_change_details(
        value, CollectingDispatcher(), answer, {}
    )
    details = validated["change_details"]
    assert details == f"{text.rstrip('?')}: {value}"

    dispatcher = CollectingDispatcher()
    asked = verified(pending_question="change", change_details=details)
    answered = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("inform", text=value, slots=asked), {}
    )
    assert dispatcher.messages[0]["text"] in in_any_variant(
        "confirm_change", number=NUMBER, details=details
    )
    waiting = asked | slot_values(answered)
    await ActionHandleConfirmation().run(
        CollectingDispatcher(), make_tracker("affirm", text="ja", slots=waiting), {}
    )
    assert stored() == [("change", details)]
    assert value in stored()[0][1]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Ik wil mijn e-mailadres wijzigen in nieuw@example.nl", []),
        ("please add the Wednesday", WEDNESDAY),
        ("kan De Boomhut erbij?", [{"entity": "location", "value": "De Boomhut"}]),
        ("de woensdag erbij, en liefst eerder starten", WEDNESDAY),
        ("our new phone number is +31 6 12345678", []),
        (
            "Kan de startdatum opschuiven naar 1 oktober?",
            [{"entity": "date", "value": iso(month_day(10))}],
        ),
    ],
)
async def test_a_change_with_its_new_value_is_read_back_without_asking(
    waitlist: Path, text: str, entities: list
) -> None:
    tracker = make_tracker("change_registration", text=text, entities=entities, slots=verified())
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert request_slots(events) == {"pending_question": "change", "change_details": text}


async def test_the_value_is_asked_after_the_identity_check_for_the_first_message(
    waitlist: Path,
) -> None:
    text = "Ik wil mijn e-mailadres wijzigen"
    check = [
        {"event": "user", "text": answer, "parse_data": {"intent": {"name": "inform"}}}
        for answer in (NUMBER, dutch(MILA), "123456")
    ]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", text="123456", events=[*change_asked(text), *check])
    await ActionAskChangeDetails().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("ask_change_email")
