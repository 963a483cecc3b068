"""A birth given in any message (bot/conversation/birth_given.py): a month and year are
enough for the age, a day completes them for the identity check."""

from datetime import date

import pytest

from bot.conversation.birth_given import (
    GivenBirth,
    birth_given,
    birth_in,
    day_completing,
    month_year_in,
)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Mijn dochter is in maart 2025 geboren", date(2025, 3, 1)),
        ("My son was born in March 2025", date(2025, 3, 1)),
        ("hij is geboren in mrt '25", date(2025, 3, 1)),
        ("born March of 2025", date(2025, 3, 1)),
        ("geboren 3/2025", date(2025, 3, 1)),
        ("we willen vanaf september 2026, ze is in maart 2025 geboren", date(2025, 3, 1)),
        ("uitgerekend in juni 2027", date(2027, 6, 1)),
        ("we're expecting in June 2027", date(2027, 6, 1)),
    ],
)
def test_a_month_and_year_of_a_birth_is_read(text: str, month: date) -> None:
    assert birth_in(text, []) == GivenBirth(month=month)


@pytest.mark.parametrize(
    "text",
    [
        "ze is in oktober geboren",  # which October is a guess
        "we willen in maart 2026 beginnen",  # a start, not a birth
        "March 12",  # a day, not a year
    ],
)
def test_no_birth_without_the_words_or_the_year(text: str) -> None:
    assert birth_in(text, []) is None


def test_a_whole_date_with_birth_words_is_the_day() -> None:
    born = birth_in("ze is op 3 mei 2025 geboren", [date(2025, 5, 3)])
    assert born == GivenBirth(month=date(2025, 5, 1), day=date(2025, 5, 3))
    assert born.for_age == date(2025, 5, 3)


def test_a_month_counts_the_age_from_its_middle() -> None:
    assert GivenBirth(month=date(2025, 3, 1)).for_age == date(2025, 3, 15)


def test_the_latest_message_that_gives_a_birth_wins() -> None:
    messages = [
        ("Mijn dochter is in maart 2025 geboren", []),
        ("is er plek in Utrecht?", []),
        ("sorry, ze is in april 2025 geboren", []),
        ("kdv", []),
    ]
    assert birth_given(messages) == GivenBirth(month=date(2025, 4, 1))
    assert birth_given([("hoi", []), (None, [])]) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [("14", 14), ("de 14e", 14), ("op de 3de", 3), ("the 14th", 14), ("on the 1st", 1)],
)
def test_a_day_alone_completes_the_month_given(text: str, day: int) -> None:
    assert day_completing(text, GivenBirth(month=date(2025, 3, 1))) == date(2025, 3, day)


def test_a_day_alone_needs_a_month_and_a_real_day() -> None:
    assert day_completing("14", None) is None
    assert day_completing("31", GivenBirth(month=date(2025, 2, 1))) is None
    assert day_completing("14 maart", GivenBirth(month=date(2025, 3, 1))) is None


def test_month_year_alone_reads_an_answer_to_the_question() -> None:
    assert month_year_in("in maart 2025") == date(2025, 3, 1)
    assert month_year_in("ergens vorig jaar") is None
