"""A "ja" to the bot's own question does what it offered (a person, a new code, the
identity check); a code that does not arrive is no "not registered"; a health question
in the identity check goes to a person; three angry emoji are asked what is wrong. Against
a real (SQLite) database, in the parents' own words."""

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq, ActionFallback
from actions.flow import ActionStopForm
from actions.handoff import ActionHandoff
from actions.identity import (
    ActionResendCode,
    ValidateIdentityForm,
)
from actions.registration import ActionAnswerRegistration
from bot.conversation.texts import say
from tests.support.dates import iso
from tests.support.trackers import IN_CHECK, form_tracker, handoff_reason, make_tracker, paused
from tests.support.waitlists import MILA

YES = ["ja", "Ja graag!", "jaaa graag", "oké", "ok 👍", "👍", "👍🏽", "yes please", "Yes.", "sure"]
# what the model may make of a short yes: the answering action runs for any of them
YES_INTENTS = ["affirm", "thank", "greet", "nlu_fallback"]
CODE_STEP = {
    "registration_number": "INS-000001",
    "child_birth_date": iso(MILA),
    "requested_slot": "verification_code",
}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


@pytest.mark.parametrize(
    ("run", "intent", "text"),
    [
        (ActionAnswerFaq(), "bot_challenge", "ben ik met een robot aan het praten?"),
        (ActionAnswerFaq(), "bot_challenge", "am I talking to a bot?"),
        (ActionAnswerFaq(), "missing_number", "ik weet mijn inschrijfnummer niet"),
        (ActionHandoff(), "complain", "😡😡😡"),
    ],
)
async def test_questions_offering_a_person_are_remembered(
    waitlist: Path, run: Any, intent: str, text: str
) -> None:
    events = await run.run(CollectingDispatcher(), make_tracker(intent, text=text), {})
    assert slot("awaiting_confirmation", "person") in events


async def test_the_second_miss_offers_a_person_and_remembers_it(waitlist: Path) -> None:
    miss = [
        {"event": "user", "text": "blabla"},
        {"event": "action", "name": "action_fallback"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "qwerty"},
    ]
    tracker = make_tracker("nlu_fallback", text="qwerty", events=miss)
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("fallback_again")
    assert slot("awaiting_confirmation", "person") in events


@pytest.mark.parametrize(
    ("text", "intent"), [(text, YES_INTENTS[i % len(YES_INTENTS)]) for i, text in enumerate(YES)]
)
async def test_yes_to_the_offer_of_a_person_hands_over(
    waitlist: Path, text: str, intent: str
) -> None:
    tracker = make_tracker(intent, text=text, slots={"awaiting_confirmation": "person"})
    run = ActionFallback() if intent == "nlu_fallback" else ActionAnswerFaq()
    dispatcher = CollectingDispatcher()
    events = await run.run(dispatcher, tracker, {})
    assert paused(events)
    assert slot("awaiting_confirmation", None) in events
    assert handoff_reason() == "request_human"
    assert say("affirm_no_question") not in [m["text"] for m in dispatcher.messages]


async def test_the_yes_button_to_a_failed_check_hands_over_with_its_reason(
    waitlist: Path,
) -> None:
    dispatcher = CollectingDispatcher()
    failed = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("inform", text="01-01-2020"), {}
    )
    assert dispatcher.messages[0]["text"] == say("identity_failed")
    assert slot("awaiting_confirmation", "person") in failed
    slots = {"awaiting_confirmation": "person", "handoff_reason": "identity_failed"}
    events = await ActionAnswerFaq().run(
        CollectingDispatcher(), make_tracker("affirm", text="/affirm", slots=slots), {}
    )
    assert paused(events)
    assert handoff_reason() == "identity_failed"


@pytest.mark.parametrize("text", ["nee", "nee hoor", "no thanks"])
async def test_no_to_the_offer_of_a_person_keeps_the_bot(waitlist: Path, text: str) -> None:
    tracker = make_tracker("deny", text=text, slots={"awaiting_confirmation": "person"})
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, tracker, {})
    assert not paused(events)
    assert dispatcher.messages[0]["text"] == say("deny_no_question")
    assert slot("awaiting_confirmation", None) in events
    assert handoff_reason() is None


@pytest.mark.parametrize(
    ("text", "intent"), [("ja, maar wat kost het?", "ask_costs"), ("😡", "affirm")]
)
async def test_more_than_a_yes_or_an_angry_emoji_is_no_yes(
    waitlist: Path, text: str, intent: str
) -> None:
    tracker = make_tracker(intent, text=text, slots={"awaiting_confirmation": "person"})
    events = await ActionAnswerFaq().run(CollectingDispatcher(), tracker, {})
    assert not paused(events)
    assert handoff_reason() is None


async def test_yes_to_a_code_offer_outside_the_check_starts_the_check(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResendCode().run(dispatcher, make_tracker("missing_code"), {})
    assert dispatcher.messages[0]["text"] == say("code_not_asked")
    assert slot("awaiting_confirmation", "identity_check") in events
    for text in ("ja", "ja, graag", "yes please"):
        tracker = make_tracker(
            "affirm", text=text, slots={"awaiting_confirmation": "identity_check"}
        )
        events = await ActionAnswerFaq().run(CollectingDispatcher(), tracker, {})
        assert events[-2:] == [
            slot("pending_question", "status"),
            {"event": "followup", "timestamp": None, "name": "identity_form"},
        ]


async def check_started(waitlist: Path) -> None:
    """The identity check of Mila's registration up to the code (one code mailed)."""
    tracker = make_tracker("inform", slots={"registration_number": "INS-000001"}, text="x")
    await ValidateIdentityForm()._check_details(
        CollectingDispatcher(), tracker, "INS-000001", iso(MILA)
    )
    assert len(list(waitlist.glob("*.eml"))) == 1


@pytest.mark.parametrize("text", ["ja", "ja graag", "Yes please!", "oké", "👍"])
async def test_yes_to_the_offer_of_a_new_code_sends_one(waitlist: Path, text: str) -> None:
    await check_started(waitlist)
    form = ValidateIdentityForm()
    dispatcher = CollectingDispatcher()
    asked = await form.validate_verification_code(
        "momentje", dispatcher, form_tracker("momentje", slots=CODE_STEP), {}
    )
    assert dispatcher.messages[0]["text"].startswith(say("not_a_code", minutes=10)[:30])
    assert asked["awaiting_confirmation"] == "new_code"

    dispatcher = CollectingDispatcher()
    slots = CODE_STEP | {"awaiting_confirmation": "new_code"}
    result = await form.validate_verification_code(
        text, dispatcher, form_tracker(text, "affirm", slots=slots), {}
    )
    assert [m["text"] for m in dispatcher.messages] == [say("code_resent", address="s***@e***.nl")]
    assert result["verification_code"] is None
    assert len(list(waitlist.glob("*.eml"))) == 2


NOT_ARRIVED = [
    "de code komt nog steeds niet aan",
    "ik heb niks ontvangen",
    "geen mail gehad",
    "ik krijg geen code",
    "the code does not arrive",
    "The code still hasn't arrived",
    "I didn't get an email",
    "still no email",
    "nog steeds nix",
    "niet in mn spam, niks",
    "I've had nothing again, not even in my junk folder.",
]


@pytest.mark.parametrize("text", NOT_ARRIVED)
@pytest.mark.parametrize("intent", ["not_registered", "missing_number"])
async def test_a_code_that_does_not_arrive_is_no_not_registered(
    waitlist: Path, text: str, intent: str
) -> None:
    """The model read it as "not registered"; the words make it a new code."""
    tracker = make_tracker(intent, text=text, slots=CODE_STEP, active_loop=IN_CHECK)
    dispatcher = CollectingDispatcher()
    events = await ActionStopForm().run(dispatcher, tracker, {})
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_resend_code"}
    assert {"event": "active_loop", "timestamp": None, "name": None} not in events
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", NOT_ARRIVED)
async def test_a_code_that_does_not_arrive_read_as_the_code_sends_a_new_one(
    waitlist: Path, text: str
) -> None:
    await check_started(waitlist)
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_verification_code(
        text, dispatcher, form_tracker(text, slots=CODE_STEP), {}
    )
    assert dispatcher.messages[0]["text"] == say("code_resent", address="s***@e***.nl")
    assert result["verification_code"] is None


async def test_not_registered_still_leaves_the_check(waitlist: Path) -> None:
    text = "we zijn nog niet ingeschreven"
    tracker = make_tracker("not_registered", text=text, slots=CODE_STEP, active_loop=IN_CHECK)
    dispatcher = CollectingDispatcher()
    await ActionStopForm().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("not_registered")


HEALTH = [
    "mijn zoon heeft een medische indicatie, maakt dat uit?",
    "ze is allergisch voor noten",
    "hij heeft medicijnen nodig op de opvang",
    "mijn dochter heeft epilepsie",
    "my son has a medical condition",
    "she is allergic to peanuts",
    "he needs medication during the day",
]


@pytest.mark.parametrize("text", HEALTH)
@pytest.mark.parametrize("step", ["registration_number", "verification_code"])
async def test_a_health_question_in_the_check_goes_to_a_person(
    waitlist: Path, text: str, step: str
) -> None:
    """Read by the form as the detail it asked for, it still reaches a person at once."""
    slots = {**CODE_STEP, "requested_slot": step}
    dispatcher = CollectingDispatcher()
    events = await ValidateIdentityForm().run(dispatcher, form_tracker(text, slots=slots), {})
    assert paused(events)
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert handoff_reason() == "topic_health"
    assert say("ask_registration_number") not in [m["text"] for m in dispatcher.messages]


@pytest.mark.parametrize("text", HEALTH)
async def test_a_health_question_asked_anywhere_goes_to_a_person(waitlist: Path, text: str) -> None:
    events = await ActionAnswerFaq().run(
        CollectingDispatcher(), make_tracker("out_of_scope", text=text), {}
    )
    assert paused(events)
    assert handoff_reason() == "topic_health"


@pytest.mark.parametrize("text", ["😡😡😡", "🤬", "!!!😤", "👎👎"])
async def test_emoji_alone_are_asked_what_is_wrong(waitlist: Path, text: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, make_tracker("complain", text=text), {})
    assert not paused(events)
    assert dispatcher.messages == [
        {
            **dispatcher.messages[0],
            "text": say("complain_what"),
            "buttons": [{"title": "Medewerker spreken", "payload": "/request_human"}],
        }
    ]
    assert handoff_reason() is None


@pytest.mark.parametrize("text", ["dit is echt slecht 😡", "terrible service 😡😡"])
async def test_a_complaint_in_words_goes_to_a_person(waitlist: Path, text: str) -> None:
    events = await ActionHandoff().run(
        CollectingDispatcher(), make_tracker("complain", text=text), {}
    )
    assert paused(events)
    assert handoff_reason() == "complaint"


@pytest.mark.parametrize(
    ("text", "to_person"),
    [
        ("goedemiddag, ons telefoonnummer klopt niet meer", False),
        ("mijn e-mailadres is veranderd", False),
        ("ik wil iemand spreken, ons telefoonnummer klopt niet", True),
        ("kan ik een medewerker spreken", True),
    ],
)
async def test_a_change_read_as_a_wish_for_a_person_is_the_change(
    waitlist: Path, text: str, to_person: bool
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, make_tracker("request_human", text=text), {})
    assert paused(events) is to_person
    if not to_person:  # the identity check for the change starts
        assert slot("pending_question", "change") in events
        assert {"event": "followup", "timestamp": None, "name": "identity_form"} in events
