"""What a handed-over conversation is about, for its queue row: the reason and the subject
of the parent's latest message that says one, following the conversation."""

from typing import Any

from bot.handoff.subject import subject_of, topic_text


def said(text: str, intent: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"event": "user", "text": text}
    if intent:
        event["parse_data"] = {"intent": {"name": intent}}
    return event


def test_the_latest_message_that_names_a_subject_counts() -> None:
    events = [
        said("Wanneer hoor ik iets?", "ask_response_time"),
        said("Medewerker!", "request_human"),
    ]
    assert subject_of(events, {}) == "over wanneer er een aanbod komt"
    events.append(said("Het gaat eigenlijk over de factuur", "nlu_fallback"))
    assert subject_of(events, {}) == '"Het gaat eigenlijk over de factuur"'
    events.append(said("Wat kost een dag?", "faq/ask_costs"))
    assert subject_of(events, {}) == "over kosten of kinderopvangtoeslag"


def test_numbers_small_talk_and_buttons_say_nothing_about_it() -> None:
    events = [
        said("Hallo", "greet"),
        said("INS-004217", "inform"),
        said("/request_human", "request_human"),
        said("ja", "affirm"),
    ]
    assert subject_of(events, {}) is None
    assert subject_of(events, {"pending_question": "position"}) == "over de plaats op de wachtlijst"
    assert topic_text("request_human", events, {}) == "ouder vroeg om een medewerker"


def test_a_topic_only_a_person_handles_is_named_without_quoting() -> None:
    events = [said("Mijn ex wil niet dat jullie haar ophalen", "out_of_scope")]
    assert subject_of(events, {}) == "over gezag of omgang (ouders met gezag)"
    assert topic_text("topic_custody", events, {}) == "gezag of omgang (ouders met gezag)"
