"""When the model is unsure what a parent meant, the bot asks which meaning, with buttons
that carry the message's details; the parent's choice is answered with their own words and
kept, masked, for the NLU review export. Doubt it cannot ask about is answered as before."""

import json
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.faq import ActionAnswerFaq, ActionFallback
from actions.identity import ValidateIdentityForm
from actions.registration import ActionRememberQuestion
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.handoff.context import transcript
from bot.reporting.conversation_events import row_of
from bot.reporting.models import MESSAGE, NluLabel
from bot.reporting.nlu_review import PARENT, training_yaml
from tests.support.trackers import (
    IN_CHECK,
    form_tracker,
    handoff_reason,
    make_tracker,
    paused,
    slot_values,
    verified,
)

LISTEN = {"event": "followup", "timestamp": None, "name": "action_listen"}
ASKED = "Kost inschrijven voor Mila (INS-000001) geld of hoe gaat dat?"
ENTITIES = [
    {"entity": "child_name", "value": "Mila", "start": 22, "end": 26},
    {"entity": "registration_number", "value": "INS-000001", "start": 28, "end": 38},
]


def unsure(*ranking: tuple[str, float], threshold: float = 0.4) -> list[dict[str, float]]:
    fallback = {"name": "nlu_fallback", "confidence": threshold}
    return [fallback, *({"name": name, "confidence": c} for name, c in ranking)]


def asked_tracker(
    text: str = ASKED,
    ranking: list | None = None,
    entities: list | None = None,
    slots: dict | None = None,
    **kwargs: Any,
) -> Tracker:
    """The parent's message the model was unsure about, as the fallback action gets it."""
    tracker = make_tracker("nlu_fallback", text=text, entities=entities, slots=slots, **kwargs)
    ranking = ranking or unsure(("ask_registration_process", 0.36), ("ask_costs", 0.31))
    tracker.latest_message["intent"] = ranking[0]
    tracker.latest_message["intent_ranking"] = ranking
    tracker.events[0]["parse_data"] = tracker.latest_message
    return tracker


async def test_unsure_between_meanings_the_bot_asks_which_with_buttons() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, asked_tracker(), {})

    (message,) = dispatcher.messages
    assert message["text"] == (
        "Ik weet niet zeker wat u bedoelt. Bedoelt u: 'Hoe schrijf ik in' of 'Wat kost het'?"
        " Kies hieronder."
    )
    assert [b["title"] for b in message["buttons"]] == [
        "Hoe schrijf ik in?",
        "Wat kost het?",
        "Iets anders",
    ]
    assert message["buttons"][-1]["payload"] == "/nlu_fallback"  # the second miss: a person
    assert events[-1] == LISTEN
    [offered] = [e for e in events if e.get("name") == "offered_intents"]
    assert [o["intent"] for o in offered["value"]] == ["ask_registration_process", "ask_costs"]


async def test_the_buttons_carry_the_details_the_parent_typed() -> None:
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, asked_tracker(entities=ENTITIES), {})

    payload = dispatcher.messages[0]["buttons"][0]["payload"]
    intent, details = payload.split("{", 1)
    assert intent == "/ask_registration_process"
    assert json.loads("{" + details) == {"child_name": "Mila", "registration_number": "INS-000001"}


async def test_an_english_parent_is_asked_in_english() -> None:
    tracker = asked_tracker(
        "how do I get on the waiting list?",
        unsure(("ask_response_time", 0.45), ("ask_placement_policy", 0.45)),
        slots={"language": "en"},
    )
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker, {})

    (message,) = dispatcher.messages
    assert message["text"] == (
        "I'm not sure what you mean. Do you mean: 'When will I hear' or 'Waiting list order'?"
        " Choose below."
    )
    assert message["buttons"][-1]["title"] == "Something else"


async def test_one_sensible_meaning_is_no_question_the_parent_is_asked_to_rephrase() -> None:
    ranking = unsure(("ask_costs", 0.3), ("out_of_scope", 0.25), ("ask_offer", 0.05))
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, asked_tracker("blub kost", ranking), {})
    assert dispatcher.messages[0]["text"] == say("fallback_first")


async def test_inside_a_form_the_form_asks_its_own_question_again() -> None:
    tracker = asked_tracker(active_loop={"name": "identity_form"})
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("fallback_in_form")


async def test_the_answer_to_what_should_change_is_taken_whatever_the_model_thought() -> None:
    text = "The first of May would suit us better."
    ranking = unsure(("ask_waitlist_position", 0.43), ("ask_placement_policy", 0.39))
    slots = {**verified(), "requested_slot": "change_details", "change_details": text}
    tracker = asked_tracker(text, ranking, slots=slots, active_loop={"name": "identity_form"})
    dispatcher = CollectingDispatcher()

    events = await ActionFallback().run(dispatcher, tracker, {})

    assert dispatcher.messages == []  # the form goes on and reads back the change
    assert not any(event["event"] in ("rewind", "user") for event in events)
    # checked as the form would (Rasa's form does not check a slot on its way back)
    assert slot_values(events)["change_details"] == text


async def test_an_answer_without_the_new_value_is_asked_again_not_read_back() -> None:
    text = "hang on, let me find it"
    ranking = unsure(("request_human", 0.42), ("missing_number", 0.33))
    slots = {**verified(), "requested_slot": "change_details", "change_details": text}
    tracker = asked_tracker(text, ranking, slots=slots, active_loop={"name": "identity_form"})
    tracker.events.insert(0, {"event": "slot", "name": "pending_question", "value": "change"})
    tracker.events.insert(0, {"event": "user", "text": "I'd like to change my phone number"})
    dispatcher = CollectingDispatcher()

    events = await ActionFallback().run(dispatcher, tracker, {})

    assert slot_values(events)["change_details"] is None  # the form asks for it again
    assert dispatcher.messages[0]["text"] == say("change_value_missing_phone")


async def test_a_sensitive_message_goes_to_a_person_before_any_question(waitlist: Path) -> None:
    tracker = asked_tracker("mijn dochter heeft epilepsie, kost dat extra of hoe schrijf ik in?")
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, tracker, {})

    assert paused(events) and handoff_reason() == "topic_health"
    assert not any(e.get("name") == "offered_intents" for e in events)


async def test_doubt_the_bot_cannot_ask_about_is_answered_as_the_best_guess() -> None:
    """ "that's not correct": deny 0.53, affirm 0.44 is within the margin, and neither is a
    meaning to offer: the message is given again as `deny`, with the slots it set, and the
    dialogue answers it as before the margin existed (Rasa's two-stage fallback does so)."""
    ranking = unsure(("deny", 0.53), ("affirm", 0.44))
    tracker = asked_tracker("that's not correct", ranking, channel="whatsapp")
    tracker.events[0]["metadata"] = {"phone": "+31612345678"}
    tracker.events.append({"event": "slot", "name": "weekday", "value": "wo"})
    dispatcher = CollectingDispatcher()

    events = await ActionFallback().run(dispatcher, tracker, {})

    assert dispatcher.messages == []
    rewind = events.index({"event": "rewind", "timestamp": None})
    listen, again, slot = events[rewind + 1 :]
    assert listen["event"] == "action" and listen["name"] == "action_listen"
    assert again["event"] == "user" and again["text"] == "that's not correct"
    assert again["parse_data"]["intent"] == {"name": "deny", "confidence": 0.53}
    assert again["input_channel"] == "whatsapp"
    assert again["metadata"] == {"phone": "+31612345678", "read_again": True}
    assert (slot["name"], slot["value"]) == ("weekday", "wo")
    assert not any(e.get("event") == "followup" for e in events)  # the policies choose


async def test_a_message_read_again_is_one_message_for_staff_and_the_dashboard() -> None:
    ranking = unsure(("deny", 0.53), ("affirm", 0.44))
    tracker = asked_tracker("that's not correct", ranking, channel="whatsapp")
    events = await ActionFallback().run(CollectingDispatcher(), tracker, {})
    stored = [
        {**event, "sender_id": "whatsapp:+31612345678", "timestamp": 1.0 + index}
        for index, event in enumerate([*tracker.events, *events])
    ]

    assert [line["text"] for line in transcript(stored)] == ["that's not correct"]
    rows = [row_of(event) for event in stored]
    assert [row["kind"] for row in rows if row] == [MESSAGE]


def chosen_tracker(
    payload: str, intent: str, asked: Tracker, question: list[dict], slots: dict | None = None
) -> Tracker:
    """The parent's click on a button of the question, as the next action gets it."""
    [offered] = [e for e in question if e.get("name") == "offered_intents"]
    click = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": payload}
    events = [
        *asked.events,
        {"event": "action", "name": "action_fallback"},
        {"event": "bot", "text": "Bedoelt u: …"},
        {"event": "slot", "name": "offered_intents", "value": offered["value"]},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": payload, "parse_data": click, "input_channel": "rest"},
    ]
    return Tracker(
        sender_id="parent-1",
        slots={"offered_intents": offered["value"], **(slots or {})},
        latest_message=click,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def test_the_parents_choice_is_answered_and_kept_masked_for_the_export(
    waitlist: Path,
) -> None:
    asked = asked_tracker(entities=ENTITIES)
    question = await ActionFallback().run(CollectingDispatcher(), asked, {})
    payload = '/ask_registration_process{"child_name":"Mila","registration_number":"INS-000001"}'
    dispatcher = CollectingDispatcher()

    events = await ActionAnswerFaq().run(
        dispatcher, chosen_tracker(payload, "ask_registration_process", asked, question), {}
    )

    assert dispatcher.messages[0]["text"] == say("registration_process")
    assert {"event": "slot", "timestamp": None, "name": "offered_intents", "value": None} in events
    with session_scope() as session:
        [kept] = session.scalars(select(NluLabel))
        assert kept.source == PARENT and kept.labelled_by_id is None
        assert kept.intent == "ask_registration_process"
        assert kept.text == (
            "Kost inschrijven voor [Sam](child_name) ([INS-123456](registration_number))"
            " geld of hoe gaat dat?"
        )
        assert [o["intent"] for o in json.loads(kept.offered)] == [
            "ask_registration_process",
            "ask_costs",
        ]
        exported = yaml.safe_load(training_yaml([kept]))
    example = {"intent": "ask_registration_process", "examples": f"- {kept.text}\n"}
    assert exported["nlu"] == [example]
    assert "Mila" not in kept.text and "000001" not in kept.text


async def test_a_chosen_change_keeps_the_parents_own_words(waitlist: Path) -> None:
    """Read as the button alone ("/change_registration") the change would be asked again."""
    asked = asked_tracker(
        "kan de woensdag erbij?",
        unsure(("change_registration", 0.38), ("ask_availability", 0.33)),
        entities=[{"entity": "weekday", "value": "wo", "start": 7, "end": 15}],
    )
    question = await ActionFallback().run(CollectingDispatcher(), asked, {})
    payload = '/change_registration{"weekday":"wo"}'

    events = await ActionRememberQuestion().run(
        CollectingDispatcher(), chosen_tracker(payload, "change_registration", asked, question), {}
    )

    details = [e["value"] for e in events if e.get("name") == "change_details"]
    assert details == ["kan de woensdag erbij?"]
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "en"} not in events


async def test_something_else_is_the_second_miss_with_a_person_first() -> None:
    asked = asked_tracker()
    question = await ActionFallback().run(CollectingDispatcher(), asked, {})
    tracker = chosen_tracker("/nlu_fallback", "nlu_fallback", asked, question)
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 1.0}]
    dispatcher = CollectingDispatcher()

    await ActionFallback().run(dispatcher, tracker, {})

    (message,) = dispatcher.messages
    assert message["text"] == say("fallback_again")
    assert message["buttons"][0]["payload"] == "/request_human"


async def test_in_a_form_doubt_about_a_way_out_is_left_to_the_rules_as_before() -> None:
    """ "that's not correct" where the number is asked: deny within the margin of affirm.
    Before the margin it left the check; the form steps aside, and the fallback gives the
    message again as `deny` without the text the form took for the number."""
    ranking = unsure(("deny", 0.53), ("affirm", 0.44))
    slots = {"requested_slot": "registration_number", "registration_number": "that's not correct"}
    tracker = form_tracker("that's not correct", "nlu_fallback", slots=slots)
    tracker.latest_message["intent_ranking"] = ranking
    tracker.latest_message["intent"] = ranking[0]

    events = await ValidateIdentityForm().run(CollectingDispatcher(), tracker, {})

    assert events[-1]["event"] == "action_execution_rejected"
    assert events[-1]["name"] == "identity_form"

    asked = asked_tracker("that's not correct", ranking, slots=slots, active_loop=IN_CHECK)
    asked.events.append({"event": "slot", "name": "registration_number", "value": "that's…"})
    again = await ActionFallback().run(CollectingDispatcher(), asked, {})
    # (the language slots before it are set again on the message given anew)
    assert [e["event"] for e in again][-3:] == ["rewind", "action", "user"]


async def test_in_a_form_doubt_between_answers_is_read_by_the_form(waitlist: Path) -> None:
    ranking = unsure(("inform", 0.5), ("ask_costs", 0.4))
    slots = {"requested_slot": "registration_number", "registration_number": "INS 000001 ja"}
    tracker = form_tracker("INS 000001 ja", "nlu_fallback", slots=slots)
    tracker.latest_message["intent_ranking"] = ranking
    tracker.latest_message["intent"] = ranking[0]

    events = await ValidateIdentityForm().run(CollectingDispatcher(), tracker, {})

    assert not any(e["event"] == "action_execution_rejected" for e in events)


async def test_two_questions_in_one_message_are_answered_not_asked_about() -> None:
    """ "How much does it cost per hour, and is there a place for us yet?": both meanings
    are meant; the likelier is answered, and its answer points to the other."""
    text = "How much does it cost per hour, and is there a place for us yet?"
    ranking = unsure(("ask_costs", 0.56), ("ask_placement_status", 0.42))
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, asked_tracker(text, ranking), {})
    assert dispatcher.messages == []
    again = [e for e in events if e["event"] == "user"]
    assert again and again[-1]["parse_data"]["intent"]["name"] == "ask_costs"


async def test_a_registration_number_with_doubt_between_its_questions_starts_the_check() -> None:
    text = "Is er al plek voor mijn dochter, INS-004217, geboren 14-4-2025?"
    ranking = unsure(("ask_waitlist_position", 0.29), ("ask_placement_status", 0.25))
    number = [{"entity": "registration_number", "value": "INS-004217", "start": 32, "end": 42}]
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, asked_tracker(text, ranking, number), {})
    assert not any(m.get("buttons") and "Bedoelt" in m["text"] for m in dispatcher.messages)
    assert {"event": "followup", "timestamp": None, "name": "identity_form"} in events


async def test_a_verified_parent_adding_a_day_is_a_change_not_a_question() -> None:
    text = "kan er een dag bij, de woensdag?"
    ranking = unsure(("greet", 0.44), ("ask_availability", 0.28))
    slots = verified()
    events = await ActionFallback().run(
        CollectingDispatcher(), asked_tracker(text, ranking, slots=slots), {}
    )
    # the change goes the way every change goes: the (passed) check, then the read-back
    slots_set = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots_set["pending_question"] == "change"
    assert slots_set["change_details"] == text
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}
