"""Messages whose meaning needs no model: button titles (both languages), six-digit codes,
and punctuation only."""

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.buttons import intents_by_title
from bot.nlu.exact_messages import ExactMessageClassifier


def intent_of(text: str, model_intent: str = "out_of_scope") -> str:
    message = Message({TEXT: text, INTENT: {"name": model_intent, "confidence": 0.9}})
    (processed,) = ExactMessageClassifier(intents_by_title()).process([message])
    return processed.get(INTENT)["name"]


@pytest.mark.parametrize("text", ["483920", "483 920", " 019284 ", "551203."])
def test_six_digits_are_the_code_asked_for(text: str) -> None:
    assert intent_of(text) == "inform"


@pytest.mark.parametrize(
    ("text", "intent"),
    [("Mijn inschrijving", "ask_placement_status"), ("talk to a person", "request_human")],
)
def test_a_typed_button_title_means_the_button(text: str, intent: str) -> None:
    assert intent_of(text) == intent


def test_punctuation_only_is_not_understood_and_other_text_keeps_the_models_intent() -> None:
    assert intent_of("..") == "nlu_fallback"
    assert intent_of("12345") == "out_of_scope"
    assert intent_of("de code is 483920", "inform") == "inform"
