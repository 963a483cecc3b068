"""Which child a message is about when one conversation has more than one."""

import pytest

from bot.conversation.children import Meant, child_meant, mentions_twins

NOOR, DAAN = "INS-980001", "INS-980005"
BOTH = {NOOR: "Noor", DAAN: "Daan"}


@pytest.mark.parametrize(
    "text",
    [
        "en hoe zit het met Daan?",
        "en voor zijn zus?",
        "and her brother?",
        "en de andere?",
        "what about the other one",
        "En DAAN dan",
    ],
)
def test_the_other_checked_child_by_name_or_as_the_other(text: str) -> None:
    assert child_meant(text, [], BOTH, NOOR) == Meant(DAAN, True)


def test_a_number_not_checked_is_a_child_to_check() -> None:
    assert child_meant("en INS-980006?", ["INS-980006"], BOTH, NOOR) == Meant("INS-980006", False)
    assert child_meant(f"en {DAAN}?", [DAAN], BOTH, NOOR) == Meant(DAAN, True)


def test_the_other_child_with_one_checked_needs_its_number() -> None:
    assert child_meant("en voor zijn zus?", [], {NOOR: "Noor"}, NOOR) == Meant(None, False)


@pytest.mark.parametrize(
    "text",
    [
        "hoe staat het met Noor?",
        f"hoe staat het met {NOOR}?",
        "krijgt haar broertje voorrang?",
        "zijn zus zit al bij jullie, gaat hij dan voor?",
        "is het sneller met de andere dagen?",
        "wanneer hoor ik iets",
        "/ask_placement_status",
    ],
)
def test_the_current_child_or_no_child_at_all(text: str) -> None:
    numbers = [NOOR] if NOOR in text else []
    assert child_meant(text, numbers, BOTH, NOOR) is None


def test_twins_in_either_language() -> None:
    assert mentions_twins("Is er al plek voor onze tweeling?")
    assert mentions_twins("we have twins")
    assert not mentions_twins("twee kinderen")
