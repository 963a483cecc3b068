"""Doubt between meanings: which ones are offered, when the best guess is answered instead,
what a button carries, and what counts as the parent's choice."""

import json

from bot.conversation import texts
from bot.conversation.buttons import BUTTON_INTENTS, CHOICES
from bot.conversation.which_intent import (
    FALLBACK,
    MAX_PAYLOAD,
    SOMETHING_ELSE,
    Meaning,
    answered_message,
    as_slot,
    best_guess,
    choice_in,
    choices,
    payload,
)

THRESHOLD = 0.4


def unsure(*ranking: tuple[str, float], entities: list | None = None) -> dict:
    """Parse data as Rasa's FallbackClassifier leaves it: the fallback first, the model's
    own ranking behind it."""
    fallback = {"name": FALLBACK, "confidence": THRESHOLD}
    return {
        "intent": fallback,
        "intent_ranking": [fallback, *({"name": n, "confidence": c} for n, c in ranking)],
        "entities": entities or [],
        "text": "op welke plek staat Bram?",
    }


def test_the_likeliest_meanings_a_parent_can_choose_are_offered() -> None:
    parse = unsure(
        ("ask_placement_status", 0.45),
        ("greet", 0.2),
        ("ask_waitlist_position", 0.39),
        ("ask_availability", 0.14),
        ("ask_costs", 0.12),
    )
    assert choices(parse) == [
        Meaning("ask_placement_status", 0.45),
        Meaning("ask_waitlist_position", 0.39),
        Meaning("ask_availability", 0.14),
    ]


def test_small_talk_out_of_scope_cancellations_and_faint_meanings_are_never_offered() -> None:
    parse = unsure(
        ("out_of_scope", 0.35),
        ("cancel_registration", 0.3),
        ("ask_costs", 0.25),
        ("affirm", 0.2),
        ("ask_registration_process", 0.05),
    )
    assert choices(parse) == []  # one sensible meaning: nothing to ask


def test_an_understood_message_gets_no_question() -> None:
    sure = {"intent": {"name": "ask_costs", "confidence": 0.9}, "intent_ranking": []}
    assert choices(sure) == [] and best_guess(sure) is None


def test_doubt_only_the_margin_raised_is_answered_as_the_best_guess() -> None:
    assert best_guess(unsure(("deny", 0.53), ("affirm", 0.44))) == "deny"
    assert best_guess(unsure(("deny", 0.33), ("affirm", 0.30))) is None  # below the threshold
    # "." is not understood whatever the model thinks (bot/nlu/exact_messages.py)
    dot = {"intent": {"name": FALLBACK, "confidence": 1.0}, "intent_ranking": []}
    assert best_guess(dot) is None


def test_every_meaning_offered_has_a_button_that_sends_it() -> None:
    for intent, key in CHOICES.items():
        assert BUTTON_INTENTS[key] == intent
        assert texts.button(key, "u") and texts.button(key, "en")
    assert BUTTON_INTENTS[SOMETHING_ELSE] == FALLBACK
    assert "cancel_registration" not in CHOICES and "out_of_scope" not in CHOICES


def test_a_button_carries_the_details_of_the_message() -> None:
    entities = [
        {"entity": "registration_number", "value": "INS-004217", "start": 3, "end": 13},
        {"entity": "weekday", "value": "wo"},
        {"entity": "weekday", "value": "do"},
        {"entity": "weekday", "value": "wo"},
        {"entity": "satisfaction_score", "value": "4"},  # not one of the contract's
    ]
    sent = payload("ask_waitlist_position", entities)

    assert sent.startswith("/ask_waitlist_position{")
    details = json.loads(sent.removeprefix("/ask_waitlist_position"))
    assert details == {"registration_number": "INS-004217", "weekday": ["wo", "do"]}
    assert payload("ask_costs", []) == "/ask_costs"


def test_details_that_do_not_fit_whatsapp_are_left_out_not_cut() -> None:
    entities = [{"entity": "location", "value": f"Locatie nummer {i} " * 3} for i in range(9)]
    sent = payload("ask_availability", entities)

    assert len(sent) <= MAX_PAYLOAD
    json.loads(sent.removeprefix("/ask_availability"))  # still valid JSON


def _question_and(answer: str, intent: str, offered: list[Meaning]) -> tuple[list, object]:
    asked = {"event": "user", "text": "op welke plek staat Bram?", "parse_data": unsure()}
    events = [
        asked,
        {"event": "action", "name": "action_fallback"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": answer, "parse_data": {"intent": {"name": intent}}},
    ]
    return events, as_slot(offered)


OFFERED = [Meaning("ask_placement_status", 0.45), Meaning("ask_waitlist_position", 0.39)]


def test_a_button_or_its_typed_title_answers_the_question() -> None:
    for answer in ('/ask_waitlist_position{"child_name":"Bram"}', "Hoeveelste sta ik?"):
        events, slot = _question_and(answer, "ask_waitlist_position", OFFERED)
        chosen = choice_in(events, slot, answer, "ask_waitlist_position")

        assert chosen is not None and chosen.intent == "ask_waitlist_position"
        assert chosen.text == "op welke plek staat Bram?" and chosen.offered == tuple(OFFERED)


def test_anything_else_is_no_choice() -> None:
    events, slot = _question_and("/ask_costs", "ask_costs", OFFERED)
    assert choice_in(events, slot, "/ask_costs", "ask_costs") is None  # not offered
    typed = "ik bedoel mijn plek op de lijst"
    events, slot = _question_and(typed, "ask_waitlist_position", OFFERED)
    assert choice_in(events, slot, typed, "ask_waitlist_position") is None  # new words
    events, _ = _question_and("/ask_waitlist_position", "ask_waitlist_position", OFFERED)
    assert choice_in(events, None, "/ask_waitlist_position", "ask_waitlist_position") is None
    # a button of the same meaning clicked later, once the bot answered something else
    later = [*events[:3], *events[:1], {"event": "action", "name": "action_answer_faq"}, events[3]]
    assert choice_in(later, slot, "/ask_waitlist_position", "ask_waitlist_position") is None


def test_the_answer_reads_the_asked_message_with_the_chosen_meaning() -> None:
    entities = [{"entity": "child_name", "value": "Bram", "start": 20, "end": 24}]
    events, slot = _question_and("/ask_waitlist_position", "ask_waitlist_position", OFFERED)
    events[0]["parse_data"] = unsure(("ask_placement_status", 0.45), entities=entities)
    chosen = choice_in(events, slot, "/ask_waitlist_position", "ask_waitlist_position")

    message = answered_message(chosen)

    assert message["text"] == "op welke plek staat Bram?"
    assert message["intent"] == {"name": "ask_waitlist_position", "confidence": 1.0}
    assert message["entities"] == entities
