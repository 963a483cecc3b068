"""Dutch date phrases become ISO dates (bot.shared.dutch_dates, bot.nlu.dates)."""

from datetime import date

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.dates import DutchDateExtractor
from bot.shared.dutch_dates import find_dates, parse_date

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2024", "2024-03-12"),
        ("12th March", "2027-03-12"),
        ("the 12th of March", "2027-03-12"),
        ("March 12", "2027-03-12"),
        ("March 12th, 2024", "2024-03-12"),
        ("we want to start March 12", "2027-03-12"),  # not "start March"
        ("from March 12", "2027-03-12"),
        ("early April", "2027-04-01"),
        ("mid-June", "2027-06-15"),
        ("end of August 2027", "2027-08-31"),
        ("from September", "2027-09-01"),
        ("starting in march 2028", "2028-03-01"),
        ("today", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("the day after tomorrow", "2026-11-25"),
        ("yesterday", "2026-11-22"),
        ("in 3 months", "2027-02-23"),
        ("in two weeks", "2026-12-07"),
        ("in a month", "2026-12-23"),
        ("in half a year", "2027-05-23"),
        ("3 weeks ago", "2026-11-02"),
        ("next week", "2026-11-30"),  # its Monday, as "volgende week"
        ("next month", "2026-12-01"),
        ("next year", "2027-01-01"),
        ("this friday", "2026-11-27"),
        ("tuesday next week", "2026-12-01"),
        ("next week on monday", "2026-11-30"),
        ("after the summer holidays", "2027-09-01"),
    ],
)
def test_english_phrases(text: str, expected: str) -> None:
    assert parse_date(text, TODAY).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("na de zomervakantie", "2027-09-01"),
        ("na de zomer", "2027-09-01"),
        ("28/2", "2027-02-28"),  # the next 28 February
        ("vanaf 14-3 graag", "2027-03-14"),
        ("vanaf september", "2027-09-01"),
        ("per sept", "2027-09-01"),
        ("mijn verlof stopt 1 sept", "2027-09-01"),
    ],
)
def test_dutch_relative_phrases(text: str, expected: str) -> None:
    assert parse_date(text, TODAY).isoformat() == expected


def test_after_the_summer_is_this_years_1_september_during_the_holiday() -> None:
    assert parse_date("na de zomervakantie", date(2026, 7, 20)) == date(2026, 9, 1)
    assert parse_date("after the summer", date(2026, 9, 2)) == date(2027, 9, 1)


def test_day_and_month_in_a_birth_message_are_the_last_ones() -> None:
    assert parse_date("geboren op 28/2", TODAY) == date(2026, 2, 28)
    assert parse_date("she was born on March 3rd", TODAY) == date(2026, 3, 3)
    assert parse_date("baby is due 14 August", TODAY) == date(2027, 8, 14)


@pytest.mark.parametrize(
    "text",
    [
        "als ze 4 maanden is",  # needs the birth date: no value is invented
        "when she is 4 months old",
        "when he turns one",
        "in a few weeks",
        "Noor staat sinds jan ingeschreven",
        "geboren in maart",
        "born in March",
        "2-3 dagen per week",
        "2/3 dagen",
        "1/2 jaar",
        "open 24/7",
        "hij zit in groep 1/2",
        "in 2 days a week",
        "mondays",
        "good morning",
    ],
)
def test_no_date_in_english_or_relative_phrases(text: str) -> None:
    assert find_dates(text, TODAY) == []


def test_a_diet_date_without_a_clear_meaning_is_dropped_without_error() -> None:
    text = "kan ze starten als ze 4 maanden is?"
    assert _process(text, [_entity(text, "als ze 4 maanden is", "date")]) == []


def test_a_back_story_keeps_only_the_date_it_can_read() -> None:
    text = "Noor staat sinds jan ingeschreven voor ma/di, mijn verlof stopt 1 sept, we horen niks"
    found = [(text[f.start : f.end], f.value.isoformat()) for f in find_dates(text, TODAY)]
    assert found == [("1 sept", "2027-09-01")]
