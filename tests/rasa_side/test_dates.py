"""Dutch date phrases become ISO dates (bot.nlu.dutch_dates, bot.nlu.dates)."""

from datetime import date

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.dates import DutchDateExtractor
from bot.nlu.dutch_dates import find_dates, parse_date

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-05-2024", "2024-05-03"),
        ("3-5-24", "2024-05-03"),
        ("3/5/2024", "2024-05-03"),
        ("2024-05-03", "2024-05-03"),
        ("4 mei 2023", "2023-05-04"),
        ("12e mrt. '25", "2025-03-12"),
        ("12 maart", "2027-03-12"),  # a start date: the next 12 March
        ("23 november", "2026-11-23"),  # today counts as the next occurrence
        ("begin april", "2027-04-01"),
        ("half juni", "2027-06-15"),
        ("eind februari 2028", "2028-02-29"),
        ("eind november", "2026-11-30"),
        ("vandaag", "2026-11-23"),
        ("morgen", "2026-11-24"),
        ("overmorgen", "2026-11-25"),
        ("over 3 maanden", "2027-02-23"),
        ("over twee weken", "2026-12-07"),
        ("over een half jaar", "2027-05-23"),
        ("over anderhalf jaar", "2028-05-23"),
        ("2 weken geleden", "2026-11-09"),
        ("volgende week dinsdag", "2026-12-01"),
        ("dinsdag volgende week", "2026-12-01"),
        ("komende maandag", "2026-11-30"),  # today is Monday: the coming one is next week
        ("aanstaande vrijdag", "2026-11-27"),
        ("volgende maand", "2026-12-01"),
    ],
)
def test_phrases(text: str, expected: str) -> None:
    assert parse_date(text, TODAY).isoformat() == expected


def test_year_less_date_in_a_birth_message_is_in_the_past() -> None:
    assert parse_date("hij is geboren op 12 maart", TODAY) == date(2026, 3, 12)
    assert parse_date("geboortedatum 30 december", TODAY) == date(2025, 12, 30)
    assert parse_date("30 december", TODAY, past=True) == date(2025, 12, 30)


def test_over_3_maanden_clamps_to_the_end_of_a_short_month() -> None:
    assert parse_date("over 3 maanden", date(2026, 11, 30)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        "goede morgen",
        "maandag",
        "06-12345678",
        "INS-004217",
        "mijn zoon is 3 maanden",
        "31-02-2024",
        "binnenkort",
    ],
)
def test_no_date(text: str) -> None:
    assert find_dates(text, TODAY) == []


def test_finds_the_span_of_each_date() -> None:
    text = "van 1 maart 2027 naar begin mei"
    found = [(text[f.start : f.end], f.value.isoformat()) for f in find_dates(text, TODAY)]
    assert found == [("1 maart 2027", "2027-03-01"), ("begin mei", "2027-05-01")]


def _process(text: str, entities: list[dict]) -> list[dict]:
    message = Message({TEXT: text, ENTITIES: entities})
    DutchDateExtractor(today=lambda: TODAY).process([message])
    return message.get(ENTITIES)


def _entity(text: str, phrase: str, name: str, value: str | None = None) -> dict:
    start = text.index(phrase)
    return {
        "entity": name,
        "start": start,
        "end": start + len(phrase),
        "value": value or phrase,
        "extractor": "DIETClassifier",
        "confidence_entity": 0.9,
    }


def test_diet_date_is_normalised_and_widened_to_the_whole_phrase() -> None:
    text = "kan hij starten op 1 maart 2027?"
    [entity] = _process(text, [_entity(text, "1 maart", "date")])
    assert (entity["value"], text[entity["start"] : entity["end"]]) == (
        "2027-03-01",
        "1 maart 2027",
    )
    assert entity["extractor"] == "DIETClassifier"
    assert entity["processors"] == ["DutchDateExtractor"]


def test_date_missed_by_diet_is_added() -> None:
    [entity] = _process("startdatum 03-05-2027 graag", [])
    assert entity["value"] == "2027-05-03"
    assert entity["extractor"] == "DutchDateExtractor"


def test_unreadable_diet_date_is_dropped_and_other_entities_stay() -> None:
    text = "Noor wil binnenkort starten op woensdag"
    entities = [
        _entity(text, "Noor", "child_name"),
        _entity(text, "binnenkort", "date"),
        _entity(text, "woensdag", "weekday", "wo"),
    ]
    assert [e["entity"] for e in _process(text, entities)] == ["child_name", "weekday"]


def test_weekday_inside_a_date_phrase_is_part_of_the_date() -> None:
    text = "kan het volgende week dinsdag"
    [entity] = _process(text, [_entity(text, "dinsdag", "weekday", "di")])
    assert (entity["entity"], entity["value"]) == ("date", "2026-12-01")


def test_year_less_due_date_is_in_the_future() -> None:
    assert parse_date("verwachte geboortedatum 14 augustus", TODAY) == date(2027, 8, 14)
