"""Registration numbers leave the NLU pipeline as INS-###### (bot.nlu.registration_numbers)."""

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.registration_numbers import RegistrationNumberNormaliser


def _process(text: str, entities: list[dict]) -> list[dict]:
    message = Message({TEXT: text, ENTITIES: entities})
    RegistrationNumberNormaliser().process([message])
    return message.get(ENTITIES)


def _tagged(text: str, phrase: str, name: str = "registration_number") -> dict:
    start = text.index(phrase)
    return {"entity": name, "start": start, "end": start + len(phrase), "value": phrase}


@pytest.mark.parametrize(
    "typed", ["INS-004217", "ins004217", "INS 004217", "Ins_004217", "ins. 004217"]
)
def test_loose_forms_are_normalised(typed: str) -> None:
    text = f"mijn nummer is {typed}!"
    [entity] = _process(text, [_tagged(text, typed)])
    assert entity["value"] == "INS-004217"
    assert entity["processors"] == ["RegistrationNumberNormaliser"]


def test_diet_tag_cut_short_is_widened() -> None:
    text = "nummer INS 004217"
    [entity] = _process(text, [_tagged(text, "004217")])
    assert (entity["start"], entity["value"]) == (7, "INS-004217")


def test_number_missed_by_diet_is_added() -> None:
    [entity] = _process("het is ins004217 toch?", [])
    assert (entity["value"], entity["extractor"]) == ("INS-004217", "RegistrationNumberNormaliser")


@pytest.mark.parametrize("typed", ["ins-4217", "INS-00421", "INS-0042170"])
def test_incomplete_number_is_kept_as_typed(typed: str) -> None:
    text = f"nummer {typed} "
    [entity] = _process(text, [_tagged(text, typed)])
    assert entity["value"] == typed


def test_other_entities_are_untouched() -> None:
    text = "INS-004217 voor Noor"
    name = _tagged(text, "Noor", "child_name")
    assert [e["entity"] for e in _process(text, [name])] == ["registration_number", "child_name"]
