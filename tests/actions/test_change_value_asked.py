"""A change without its new value asks for it (issue 26, point 4), against a real (SQLite)
waitlist: the next message is the value only when it holds one of the kind asked; ".",
"weet ik niet" and a question in between are not filed, the question is answered and the
value asked again; a message that names nothing to change is no change; a birth told to
ask for room is the availability question."""

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionFallback
from actions.flow import ActionRouteInform
from actions.identity import ValidateIdentityForm
from actions.registration import ActionRememberQuestion
from actions.requests import ActionAskChangeDetails
from bot.conversation.texts import say
from tests.support.trackers import IN_CHECK, form_tracker, make_tracker, slot_values, verified

IDENTITY_FORM = {"event": "followup", "timestamp": None, "name": "identity_form"}


def in_any_variant(key: str, **values: str) -> set[str]:
    return {say(key, variant, **values) for variant in ("u", "je", "en")}


def asked_for_value(request: str, answer: str, **tracker: Any) -> Any:
    """The tracker after "ik wil mijn e-mailadres wijzigen", the check and the question for
    the new value, with the parent's `answer` as the latest message."""
    events = [
        {"event": "user", "text": request, "parse_data": {}},
        {"event": "slot", "name": "pending_question", "value": "change"},
        {"event": "action", "name": "identity_form"},
        {"event": "slot", "name": "requested_slot", "value": "change_details"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": answer, "parse_data": {}},
        {"event": "action", "name": "identity_form"},
    ]
    slots = verified(
        pending_question="change", requested_slot="change_details", change_details=answer
    )
    return make_tracker(
        tracker.pop("intent", "inform"),
        text=answer,
        slots=slots,
        events=events,
        active_loop=IN_CHECK,
        **tracker,
    )


@pytest.mark.parametrize(
    ("request_text", "answer", "entities"),
    [
        ("Ik wil mijn e-mailadres wijzigen", "noor.nieuw@example.nl", []),
        ("ons telnr is anders", "06 87654321", []),
        ("de geboortedatum klopt niet", "12 mei 2025", [{"entity": "date", "value": "2025-05-12"}]),
        ("ik wil andere dagen", "dinsdag en donderdag", [{"entity": "weekday", "value": "di"}]),
        ("I need to update my email address.", "It's daniel.hughes@example.co.uk now.", []),
        ("We need to change which days Daan comes in.", "Tuesdays and Wednesdays, please.", []),
    ],
)
async def test_the_value_asked_for_is_filed_with_the_request(
    waitlist: Path, request_text: str, answer: str, entities: list
) -> None:
    tracker = asked_for_value(request_text, answer, entities=entities)
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_change_details(answer, dispatcher, tracker, {})
    assert result == {"change_details": f"{request_text.rstrip(' .?!:')}: {answer}"}
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("request_text", "answer", "missing"),
    [
        ("Ik wil mijn e-mailadres wijzigen", ".", "email"),
        ("Ik wil mijn e-mailadres wijzigen", "weet ik niet uit mijn hoofd", "email"),
        ("ons telnr is anders", "moment ik zoek het op", "phone"),
        ("de geboortedatum klopt niet", "die klopt gewoon niet", "birth_date"),
        ("ik wil andere dagen", "??", "days"),
        ("I need to update my email address.", "hang on", "email"),
        ("ik wil iets wijzigen", "weet ik niet", "details"),
    ],
)
async def test_an_answer_without_the_value_is_not_filed_and_it_is_asked_again(
    waitlist: Path, request_text: str, answer: str, missing: str
) -> None:
    tracker = asked_for_value(request_text, answer, intent="nlu_fallback")
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_change_details(answer, dispatcher, tracker, {})
    assert result == {"change_details": None}
    [hint] = dispatcher.messages
    assert hint["text"] in in_any_variant(f"change_value_missing_{missing}")

    # the question again, now with a person one click away
    asking = asked_for_value(request_text, answer)
    asking.events.append({"event": "slot", "name": "change_details", "value": None})
    dispatcher = CollectingDispatcher()
    await ActionAskChangeDetails().run(dispatcher, asking, {})
    [again] = dispatcher.messages
    assert again["text"].startswith(say(f"ask_change_{missing}")[:12]) or missing == "details"
    assert [b["payload"] for b in again["buttons"]] == ["/request_human"]


async def test_the_first_question_for_the_value_has_no_person_button(waitlist: Path) -> None:
    events = [
        {"event": "user", "text": "ik wil mijn e-mailadres wijzigen", "parse_data": {}},
        {"event": "slot", "name": "pending_question", "value": "change"},
        {"event": "action", "name": "identity_form"},
        {"event": "slot", "name": "requested_slot", "value": "change_details"},
    ]
    tracker = make_tracker("change_registration", events=events, slots=verified())
    dispatcher = CollectingDispatcher()
    await ActionAskChangeDetails().run(dispatcher, tracker, {})
    [asked] = dispatcher.messages
    assert asked["text"] == say("ask_change_email")
    assert not asked["buttons"]


async def test_naming_only_what_to_change_asks_for_its_value(waitlist: Path) -> None:
    """ "Wat wilt u veranderen?" - "het telefoonnummer": the number is asked for next."""
    tracker = asked_for_value("ik wil iets wijzigen", "het telefoonnummer")
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_change_details(
        "het telefoonnummer", dispatcher, tracker, {}
    )
    assert result == {"change_details": None, "pending_question": "change"}
    assert dispatcher.messages == []


@pytest.mark.parametrize("question", ["hoe lang duurt dat?", "Waarom moet dat?", "wat kost het?"])
async def test_a_question_in_between_is_left_to_the_rules(waitlist: Path, question: str) -> None:
    slots = verified(pending_question="change", requested_slot="change_details")
    tracker = form_tracker(question, "ask_costs", slots={**slots, "change_details": question})
    tracker.events.insert(0, {"event": "slot", "name": "pending_question", "value": "change"})
    tracker.events.insert(0, {"event": "user", "text": "ik wil mijn e-mailadres wijzigen"})
    events = await ValidateIdentityForm().run(CollectingDispatcher(), tracker, {})
    assert events[-1]["event"] == "action_execution_rejected"
    # the slot's mapping put the question in the slot: it is emptied, so that the form,
    # back after the rules' answer, asks for the value again instead of reading it back
    assert slot_values(events) == {"change_details": None}


async def test_a_registration_question_in_between_is_answered_and_the_change_kept(
    waitlist: Path,
) -> None:
    text = "hoe staat het er eigenlijk voor?"
    tracker = asked_for_value(
        "ik wil mijn e-mailadres wijzigen", text, intent="ask_placement_status"
    )
    dispatcher = CollectingDispatcher()
    events = await ActionRememberQuestion().run(dispatcher, tracker, {})
    assert "Mila" in dispatcher.messages[0]["text"]  # how she stands
    assert slot_values(events) == {"change_details": None}  # the change is still asked
    assert events[-1] == IDENTITY_FORM


@pytest.mark.parametrize(
    "text", ["and what about my son, INS-000002?", "en hoe zit het met INS-000002?"]
)
async def test_another_childs_number_read_as_a_change_is_a_question_about_that_child(
    waitlist: Path, text: str
) -> None:
    number = [{"entity": "registration_number", "value": "INS-000002"}]
    tracker = make_tracker("change_registration", text=text, entities=number, slots=verified())
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    slots = slot_values(events)
    assert slots["pending_question"] == "status"
    assert slots["registration_number"] == "INS-000002"
    assert events[-1] == IDENTITY_FORM


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("de geboortedatum van fenna klopt niet", "inform"),
        ("ons telnr is anders", "nlu_fallback"),
        ("ik wil mijn e-mailadres wijzigen", "inform"),
    ],
)
async def test_a_change_in_words_the_model_misread_asks_for_its_value(
    waitlist: Path, text: str, intent: str
) -> None:
    tracker = make_tracker(intent, text=text)
    action = ActionFallback() if intent == "nlu_fallback" else ActionRouteInform()
    events = await action.run(CollectingDispatcher(), tracker, {})
    slots = slot_values(events)
    assert slots["pending_question"] == "change"
    assert slots["change_details"] is None  # no value yet: the form asks for it
    assert events[-1] == IDENTITY_FORM


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?", "inform"),
        ("Hoi! Mijn zoon is geboren in maart, hebben jullie plek in Testdorp?", "inform"),
        ("My daughter was born in May 2025, do you have a place in Testdorp?", "inform"),
        ("ze is in september 2025 geboren, is er nog plaats bij Het Zonnetje", "inform"),
        (
            "Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?",
            "change_registration",
        ),
        ("we verwachten in juni een baby, is er ruimte in Zeist?", "change_registration"),
    ],
)
async def test_a_birth_told_with_a_question_for_room_is_the_availability_question(
    waitlist: Path, text: str, intent: str
) -> None:
    tracker = make_tracker(intent, text=text)
    action = ActionRememberQuestion() if intent == "change_registration" else ActionRouteInform()
    events = await action.run(CollectingDispatcher(), tracker, {})
    assert events[-1] == {
        "event": "followup",
        "timestamp": None,
        "name": "action_start_availability",
    }
