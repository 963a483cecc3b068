"""A second request in one message is spotted by its words, never the one already answered."""

import pytest

from bot.conversation.second_request import asks_for_person, other_request


@pytest.mark.parametrize(
    ("text", "answered", "other"),
    [
        ("is er al plek voor Noor en wat kost het eigenlijk?", "ask_placement_status", "costs"),
        ("wat kost een dag kdv? en is er al plek voor ons?", "ask_costs", "registration"),
        (
            "hoe lang is de wachttijd, en ik wil graag een medewerker spreken",
            "ask_response_time",
            "person",
        ),
        (
            "Is there a place for my son yet? And how much does it cost?",
            "ask_placement_status",
            "costs",
        ),
        (
            "how do I register, and is there a spot in Utrecht?",
            "ask_registration_process",
            "registration",
        ),
        ("bedankt! hoe schrijf ik mijn tweede kind in?", "thank", "register"),
        (
            "ik ben ons inschrijfnummer kwijt en wil weten of er al plek is",
            "ask_placement_status",
            "missing_number",
        ),
        (
            "is there a place yet? I lost my registration number",
            "ask_placement_status",
            "missing_number",
        ),
        ("wie krijgt voorrang, en wanneer hoor ik iets?", "ask_placement_policy", "registration"),
    ],
)
def test_the_request_the_answer_leaves_open_is_found(text: str, answered: str, other: str) -> None:
    assert other_request(text, answered) == other


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("is er al plek voor Noor?", "ask_placement_status"),
        ("wat kost de bso per uur?", "ask_costs"),
        ("is er plek in Utrecht op dinsdag?", "ask_availability"),
        ("ik wil een medewerker spreken", "request_human"),
        ("/ask_costs", "ask_placement_status"),
        ("wanneer krijg ik de factuur", "ask_costs"),
        ("", "greet"),
    ],
)
def test_one_request_is_one_request(text: str, answered: str) -> None:
    assert other_request(text, answered) is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ik wil graag iemand spreken over mijn inschrijving", True),
        ("kan ik een medewerker spreken over de plek van Noor?", True),
        ("I'd like to speak to someone about our registration", True),
        ("is er al plek voor Noor?", False),
        ("ik heb al iemand gesproken, maar hoe staat het ervoor?", False),
        ("/request_human", False),
        (None, False),
    ],
)
def test_a_wish_for_a_person_is_read_from_the_words(text: str | None, asks: bool) -> None:
    assert asks_for_person(text) is asks
