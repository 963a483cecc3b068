"""What-if questions read from their words, in Dutch and English as parents write: a
question about a change is never the change itself."""

from datetime import date

import pytest

from bot.conversation.what_if_words import read_what_if
from bot.waitlist.what_if_question import WhatIf


def read(text: str, days=(), codes=(), dates=()) -> WhatIf | None:
    return read_what_if(text, days=list(days), location_codes=list(codes), dates=list(dates))


@pytest.mark.parametrize(
    ("text", "days", "codes", "expected"),
    [
        ("en als ik woensdag erbij doe?", ["wo"], [], WhatIf(days=("wo",))),
        ("wat als we ook Kikkerland nemen?", [], ["AMS-KIK"], WhatIf(location_codes=("AMS-KIK",))),
        ("is it faster if we pick more days?", [], [], WhatIf(any_day_in=True)),
        ("is het sneller als ik later begin?", [], [], WhatIf(later_start=True)),
        ("Would it help to add Wednesday?", ["wo"], [], WhatIf(days=("wo",))),
        ("scheelt het als we de maandag laten vallen?", ["ma"], [],
         WhatIf(days=("ma",), drop=True)),
        ("verandert mijn kans als ik donderdag weghaal?", ["do"], [],
         WhatIf(days=("do",), drop=True)),
        ("wordt mijn kans groter als ik ook woensdag aanvink?", ["wo"], [], WhatIf(days=("wo",))),
        ("gaat het sneller met vrijdag in plaats van maandag?", ["ma", "vr"], [],
         WhatIf(days=("ma", "vr"), swap=True)),
        ("what if we chose another location?", [], [], WhatIf(any_location=True)),
        ("wordt het eerder met een dag minder?", [], [], WhatIf(any_day_out=True)),
    ],
)  # fmt: skip
def test_a_what_if_names_the_change_it_asks_about(
    text: str, days: list[str], codes: list[str], expected: WhatIf
) -> None:
    assert read(text, days, codes) == expected


def test_a_start_date_in_the_question_is_the_start_asked_about() -> None:
    asked = read("is het sneller als we pas in september beginnen?", dates=[date(2026, 9, 1)])
    assert asked == WhatIf(start=date(2026, 9, 1))


@pytest.mark.parametrize(
    "text",
    [
        "wat kan ik doen om sneller een plek te krijgen?",
        "hoe kunnen we eerder aan de beurt komen",
        "How can we get a place sooner?",
        "what can I do to speed things up?",
    ],
)
def test_asking_what_would_help_names_no_change(text: str) -> None:
    assert read(text) == WhatIf()


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ik wil de woensdag erbij", ["wo"]),
        ("kan er een dag bij, de woensdag?", ["wo"]),
        ("I'd like to add Wednesday please", ["wo"]),
        ("laat maar weten als we iets moeten doen", []),
        ("als u iets weet hoor ik het graag", []),
        ("/change_registration", []),
    ],
)
def test_a_wish_or_a_mere_condition_is_no_what_if(text: str, days: list[str]) -> None:
    assert read(text, days) is None
