"""Which language a parent writes, and when the conversation changes language."""

import pytest

from bot.conversation.language import conversation_language, detect


@pytest.mark.parametrize(
    "text",
    [
        "When will I hear something about my registration?",
        "hi, is there a place for my daughter?",
        "hoi, is there a place for my daughter bij de Boomhut?",
        "I lost my registration number",
        "my son was born on 12 March 2024",
        "the code does not arrive",
    ],
)
def test_english_and_mixed_messages_are_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Is er al plek voor Noor?",
        "Noor staat sinds jan ingeschreven voor ma/di, mijn verlof stopt 1 sept en we horen niks??",
        "mijn zoon is geboren op 12 maart",
        "ik heb de code niet gekregen, kan ik een nieuwe krijgen",
        "Ik heb een question over de wachtlijst",
    ],
)
def test_dutch_messages_are_dutch(text: str) -> None:
    assert detect(text) == "nl"


@pytest.mark.parametrize("text", ["ok", "INS-004217", "12-03-2024", "ja", "nee", ".", "thanks!!"])
def test_messages_without_clear_words_say_nothing(text: str) -> None:
    assert detect(text) is None


def test_a_conversation_keeps_its_language_through_short_answers() -> None:
    language = None
    for text, expected in [
        ("Hello, is there a place for my son?", "en"),
        ("INS-004217", "en"),
        ("12-03-2024", "en"),
        ("ja", "en"),
        ("no thanks", "en"),
    ]:
        language = conversation_language(language, text)
        assert language == expected, text


def test_a_dutch_parents_english_aside_does_not_switch_the_conversation() -> None:
    assert conversation_language("nl", "no thanks") == "nl"
    assert conversation_language("nl", "thanks a lot") == "nl"
    assert conversation_language("nl", "Sorry, can we continue in English please?") == "en"
    assert conversation_language("en", "Mag ik het in het Nederlands vragen?") == "nl"


def test_a_new_conversation_without_clear_words_is_dutch() -> None:
    assert conversation_language(None, "INS-004217") == "nl"
