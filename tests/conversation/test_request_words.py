"""Which requests the words allow: a cancellation only for the whole registration, and
taking a request back, in Dutch and English as parents write."""

import pytest

from bot.conversation.request_words import (
    asks_to_undo,
    changes_a_part,
    removes_a_part,
    request_kind,
)


@pytest.mark.parametrize(
    "text",
    [
        "We willen Daan uitschrijven, we hebben een gastouder gevonden",
        "trek mijn inschrijving maar in",
        "kunt u ons van de wachtlijst halen",
        "graag de inschrijving van Mila stopzetten",
        "Wij willen stoppen.",
        "cancel my registration please",
        "I'd like to unregister my son",
    ],
)
def test_stopping_the_whole_registration_is_a_cancellation(text: str) -> None:
    assert request_kind(text, []) == "cancel"


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("kan Het Zonnetje eraf?", ["location"]),
        ("ik wil de inschrijving voor Het Zonnetje stoppen", ["location"]),
        ("we stoppen met de woensdag", []),
        ("alleen nog De Boomhut graag", []),
        ("we willen niet meer op de wachtlijst voor het zonnetje", []),
        ("ik wil het aanbod weigeren", []),
        ("misschien wil ik de inschrijving stoppen", []),
        ("wat gebeurt er als ik de inschrijving annuleer?", []),
        ("ik wilde niet alles stoppen", []),
        ("stop maar", []),
        ("/cancel_registration", []),
        ("only De Boomhut please", []),
        ("I want to decline the offer and cancel the registration", []),
        ("not sure, maybe cancel my registration", []),
    ],
)
def test_a_part_an_offer_doubt_or_unclear_words_are_a_change(text: str, entities: list) -> None:
    assert request_kind(text, entities) == "change"


@pytest.mark.parametrize(
    "text",
    [
        "dat was niet de bedoeling",
        "Nee zo bedoelde ik het niet",
        "ik wilde niet alles stoppen",
        "kun je dat terugdraaien?",
        "oeps, per ongeluk",
        "undo",
        "That\u2019s not what I meant!",
        "I didn't want to cancel everything",
        "please withdraw my request",
    ],
)
def test_taking_back_is_recognised(text: str) -> None:
    assert asks_to_undo(text)


@pytest.mark.parametrize("text", ["hoe laat is het", "ja graag", "/deny", "ik wil stoppen"])
def test_other_messages_take_nothing_back(text: str) -> None:
    assert not asks_to_undo(text)


def test_a_removal_is_told_from_an_addition() -> None:
    assert removes_a_part("woensdag niet meer") and removes_a_part("drop Het Zonnetje")
    assert not removes_a_part("graag woensdag erbij") and not removes_a_part("liever De Boomhut")


@pytest.mark.parametrize(
    "text", ["kan de woensdag der ook nog bij", "mag d'r een dag bij", "kan vrijdag der af"]
)
def test_er_as_typed_when_speaking_changes_a_part(text: str) -> None:
    assert changes_a_part(text)
