"""A change request without its new value, in the words parents use (issue 26, point 4):
what it is about, and whether the next message holds such a value, so that neither the
request itself nor ".", "weet ik niet" or a question in between is filed as the change."""

import pytest

from bot.conversation.birth_given import birth_with_room_question
from bot.conversation.change_values import answer_holds, asks_to_change, subject_of
from bot.conversation.said import room_question_after_birth
from tests.support.trackers import make_tracker


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("ik wil mijn e-mailadres wijzigen", "email"),
        ("wil mn mailadres aanpassen", "email"),
        ("I need to update my email address.", "email"),
        ("we hebben een nieuw e-mailadres", "email"),
        ("ons telnr is anders", "phone"),
        ("mijn 06 nummer klopt niet meer", "phone"),
        ("We have a new phone number", "phone"),
        ("de geboortedatum klopt niet", "birth_date"),
        ("de geboortedatum van fenna klopt niet", "birth_date"),
        ("the date of birth on the registration is wrong", "birth_date"),
        ("ik wil andere dagen", "days"),
        ("de dagen kloppen niet meer", "days"),
        ("we need different days", "days"),
        ("we willen een andere locatie", "location"),
        ("de startdatum moet veranderd worden", "start_date"),
        ("Can we change the start date please", "start_date"),
        ("kan ik mijn e-mailadres wijzigen?", "email"),
        ("ons telefoonnummer is veranderd, hoe geef ik dat door?", "phone"),
    ],
)
def test_a_change_is_recognised_by_what_it_names(text: str, subject: str) -> None:
    assert asks_to_change(text)
    assert subject_of(text) == subject


@pytest.mark.parametrize(
    "text",
    [
        "ik heb een mail met een nieuwe code gekregen",
        "wat is de nieuwe startdatum?",
        "When is the new start date?",
        "fijne dag nog",
        "and what about my son, INS-980006?",
        "Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?",
        "we zoeken een andere locatie, hebben jullie plek in Zeist",
        "ik wil iets wijzigen",
    ],
)
def test_no_change_of_a_named_detail(text: str) -> None:
    assert not asks_to_change(text)


NOTHING: dict[str, list[str]] = {"dates": [], "days": [], "locations": []}


@pytest.mark.parametrize(
    ("subject", "text", "found"),
    [
        ("email", "noor.nieuw@example.nl", NOTHING),
        ("email", "It's daniel.hughes@example.co.uk now.", NOTHING),
        ("phone", "06 87654321", NOTHING),
        ("phone", "het nieuwe nummer is 0612345678", NOTHING),
        ("birth_date", "12 mei 2025", {**NOTHING, "dates": ["2025-05-12"]}),
        ("start_date", "The first of May would suit us better.", {**NOTHING, "dates": ["x"]}),
        ("start_date", "liever na de zomer", NOTHING),
        ("start_date", "The first of May would suit us better.", NOTHING),
        ("start_date", "per oktober", NOTHING),
        ("days", "Tuesdays and Wednesdays, please.", {**NOTHING, "days": ["di", "wo"]}),
        ("days", "een dag minder", NOTHING),
        ("location", "die in Zeist", NOTHING),
        (None, "de startdatum moet 1 oktober worden", {**NOTHING, "dates": ["x"]}),
        (None, "graag de woensdag erbij", {**NOTHING, "days": ["wo"]}),
    ],
)
def test_an_answer_with_a_value_of_the_kind_asked_is_taken(
    subject: str | None, text: str, found: dict[str, list[str]]
) -> None:
    assert answer_holds(subject, text, **found)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("email", "."),
        ("email", "nee"),
        ("email", "weet ik niet uit mijn hoofd"),
        ("email", "hoe lang duurt dat?"),
        ("phone", "ik zoek het even op"),
        ("birth_date", "klopt gewoon niet"),
        ("start_date", "May I ask something first?"),
        ("days", "Do I need to?"),
        ("days", "??"),
        ("location", "👍"),
        ("location", "waarom vraag je dat?"),
        (None, "weet ik niet"),
        (None, "de startdatum"),
    ],
)
def test_an_answer_without_such_a_value_is_not_the_change(subject: str | None, text: str) -> None:
    assert not answer_holds(subject, text, **NOTHING)


@pytest.mark.parametrize(
    ("text", "asks_for_room"),
    [
        ("Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?", True),
        ("Hoi! Mijn zoon is geboren in maart, hebben jullie plek in Testdorp?", True),
        ("ze is in september geboren, is er nog plaats bij De Speelweide", True),
        ("My daughter was born in May 2025, do you have a place in Testdorp?", True),
        ("we verwachten in juni een baby, is er ruimte in Zeist?", True),
        ("Onze dochter is geboren! Hoe geef ik de geboortedatum door?", False),
        ("ze is geboren op 3 mei, is er al plek voor haar?", False),
        ("hebben jullie plek in Testdorp?", False),
    ],
)
def test_a_birth_told_with_a_question_for_room(text: str, asks_for_room: bool) -> None:
    assert birth_with_room_question(text) is asks_for_room


@pytest.mark.parametrize(
    ("earlier", "text", "slots", "for_room"),
    [
        ("My son was born in February 2026", "Is there a place at De Speelweide?", {}, True),
        ("ze is in september 2025 geboren", "hebben jullie plek in Testdorp?", {}, True),
        # the wait: a registered parent's question how it stands
        ("ze is in september 2025 geboren", "is er al plek bij De Speelweide?", {}, False),
        ("My son was born in February 2026", "Is there a place yet?", {}, False),
        # no birth told
        ("hallo", "Is there a place at De Speelweide?", {}, False),
        # a registration in this conversation
        (
            "My son was born in February 2026",
            "Is there a place at De Speelweide?",
            {"registration_number": "INS-000001"},
            False,
        ),
    ],
)
def test_a_room_question_after_a_birth_told_is_the_availability_question(
    earlier: str, text: str, slots: dict[str, str], for_room: bool
) -> None:
    events = [
        {"event": "user", "text": earlier, "parse_data": {"intent": {"name": "inform"}}},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_placement_status"}}},
    ]
    tracker = make_tracker("ask_placement_status", slots=slots, events=events, text=text)
    assert room_question_after_birth(tracker) is for_room
