"""Only contract values leave the NLU pipeline (bot.nlu.entity_values)."""

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entity_values import ContractEntityValues


def _process(entities: list[dict]) -> list[dict]:
    message = Message({TEXT: "…", ENTITIES: entities})
    ContractEntityValues().process([message])
    return message.get(ENTITIES)


def _entity(kind: str, value: str) -> dict:
    return {"entity": kind, "value": value, "start": 0, "end": len(value)}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("weekday", "."),  # the full stop after "…we've found a childminder."
        ("weekday", "september"),
        ("weekday", "Goedemorgen"),
        ("weekday", "3 dagen"),
        ("care_type", "out"),
        ("location", "Het"),
        ("location", "de"),
        ("location", "12"),
        ("child_name", "haar"),
        ("child_name", "?"),
    ],
)
def test_a_value_the_contract_does_not_allow_is_dropped(kind: str, value: str) -> None:
    assert _process([_entity(kind, value)]) == []


@pytest.mark.parametrize(
    ("typed", "day"), [("wo", "wo"), ("Woensdagen", "wo"), ("ma.", "ma"), ("Fri", "vr")]
)
def test_a_weekday_the_synonyms_missed_gets_its_code(typed: str, day: str) -> None:
    [entity] = _process([_entity("weekday", typed)])
    assert entity["value"] == day


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("care_type", "bso"),
        ("location", "De Boomhut"),
        ("location", "zonnetje"),
        ("child_name", "Noor"),
        ("date", "2027-03-01"),
        ("registration_number", "INS-004217"),
    ],
)
def test_contract_values_are_kept(kind: str, value: str) -> None:
    assert _process([_entity(kind, value)]) == [_entity(kind, value)]
