"""What the fallback action relies on in Rasa: the FallbackClassifier as config.yml sets it
keeps the model's ranking behind `nlu_fallback` (so the bot can offer the likeliest
meanings), and a choice's button, with the message's details as JSON, is read as its
intent and entities."""

from pathlib import Path

import pytest
import yaml
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.which_intent import FALLBACK, best_guess, choices, payload

ROOT = Path(__file__).resolve().parents[2]


def configured_fallback() -> FallbackClassifier:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    [config] = [c for c in pipeline if c["name"] == "FallbackClassifier"]
    return FallbackClassifier({**FallbackClassifier.get_default_config(), **config})


def classified(*ranking: tuple[str, float]) -> dict:
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message({TEXT: "…", INTENT: entries[0], INTENT_RANKING_KEY: entries})
    (processed,) = configured_fallback().process([message])
    return {INTENT: processed.get(INTENT), INTENT_RANKING_KEY: processed.get(INTENT_RANKING_KEY)}


def test_the_best_two_within_the_margin_are_offered() -> None:
    """ "op welke plek staat Bram?" in the held-out set: status 0.45, position 0.39."""
    parse = classified(
        ("ask_placement_status", 0.45), ("ask_waitlist_position", 0.39), ("greet", 0.1)
    )
    assert parse[INTENT]["name"] == FALLBACK
    assert [m.intent for m in choices(parse)] == ["ask_placement_status", "ask_waitlist_position"]


def test_a_clear_best_intent_stays_and_margin_only_doubt_keeps_its_best_guess() -> None:
    assert classified(("ask_costs", 0.7), ("ask_registration_process", 0.3))[INTENT]["name"] == (
        "ask_costs"
    )
    doubt = classified(("deny", 0.53), ("affirm", 0.44))
    assert doubt[INTENT]["name"] == FALLBACK and choices(doubt) == []
    assert best_guess(doubt) == "deny"
    assert best_guess(classified(("deny", 0.35), ("affirm", 0.3))) is None


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ([], []),
        (
            [
                {"entity": "registration_number", "value": "INS-004217"},
                {"entity": "weekday", "value": "wo"},
                {"entity": "weekday", "value": "do"},
                {"entity": "location", "value": "De Boomhut"},
            ],
            [
                ("registration_number", "INS-004217"),
                ("weekday", "wo"),
                ("weekday", "do"),
                ("location", "De Boomhut"),
            ],
        ),
    ],
)
def test_a_choices_button_is_read_as_its_intent_with_the_details(
    entities: list[dict], expected: list[tuple[str, str]]
) -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    sent = payload("change_registration", entities)

    read = YAMLStoryReader.unpack_regex_message(Message({TEXT: sent}), domain)

    assert read.get(INTENT)["name"] == "change_registration"
    assert [(e["entity"], e["value"]) for e in read.get(ENTITIES)] == expected
