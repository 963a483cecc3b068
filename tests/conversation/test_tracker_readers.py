"""The tracker readers actions adapt (bot/conversation/tracker.py): the message a
remembered question came from, the message a turn's first action checks, and what a
handoff's reason is decided from."""

import copy

from bot.conversation.tracker import (
    change_request_words,
    handoff_grounds,
    message_asking,
    new_message_text,
    what_if_message,
)
from bot.handoff.reasons import reason_for
from tests.support.trackers import make_tracker


def user(text: str, intent: str = "inform") -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def pending(question: str | None) -> dict:
    return {"event": "slot", "name": "pending_question", "value": question}


def test_the_message_that_asked_a_remembered_question_is_found_past_the_check() -> None:
    events = [
        user("ik wil de woensdag erbij", "change_registration"),
        pending("change"),
        user("en als we de vrijdag nemen?"),
        pending("what_if"),
        user("INS-000001"),  # the identity check in between
    ]
    tracker = make_tracker(text="INS-000001", events=events)

    assert message_asking(tracker, "change") == events[0]
    assert change_request_words(tracker) == "ik wil de woensdag erbij"
    assert what_if_message(tracker) == {
        "intent": {"name": "inform"},
        "text": "en als we de vrijdag nemen?",
    }
    assert message_asking(tracker, "cancel") is None


def test_without_a_remembered_what_if_the_latest_message_is_read() -> None:
    tracker = make_tracker(text="wat als we meer dagen nemen?", intent="ask_placement_policy")
    assert what_if_message(tracker) == tracker.latest_message
    assert change_request_words(tracker) is None


def test_a_button_that_asked_for_the_change_has_no_words() -> None:
    tracker = make_tracker(events=[user("/change_registration"), pending("change")])
    assert change_request_words(tracker) is None


def test_only_the_first_action_after_a_message_checks_it() -> None:
    tracker = make_tracker(text="mijn kind is ziek")
    assert new_message_text(tracker) == "mijn kind is ziek"
    later = copy.copy(tracker)
    later.latest_action_name = "action_answer_registration"
    assert new_message_text(later) is None


def test_a_handoffs_reason_is_an_earlier_steps_else_the_message() -> None:
    asked = make_tracker(intent="complain", text="Dit duurt veel te lang")
    assert handoff_grounds(asked) == {
        "earlier": None,
        "text": "Dit duurt veel te lang",
        "intent": "complain",
    }
    assert reason_for(**handoff_grounds(asked)) == "complaint"
    failed = make_tracker(intent="request_human", slots={"handoff_reason": "identity_failed"})
    assert reason_for(**handoff_grounds(failed)) == "identity_failed"
