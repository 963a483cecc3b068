"""The intents in staff's Dutch, one table for the NLU review and the queue's subject."""

from pathlib import Path

import yaml

from bot.conversation.intent_words import INTENT_WORDS, label, subject

DOMAIN = Path(__file__).parents[2] / "domain.yml"


def test_every_intent_of_the_domain_has_staff_words() -> None:
    intents = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["intents"])
    assert set(INTENT_WORDS) == intents


def test_subjects_only_for_intents_that_name_one() -> None:
    assert subject("ask_costs") == "kosten of kinderopvangtoeslag"
    assert label("ask_costs") == "vraag over kosten of toeslag"
    assert subject("greet") is None and subject("request_human") is None
    assert label("ask_pizza") == "ask_pizza" and subject("ask_pizza") is None
