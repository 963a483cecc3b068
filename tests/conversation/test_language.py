"""Which language a parent writes, and when the conversation changes language."""

import pytest

from bot.conversation.language import conversation_language, detect
from tests.support import language_samples as samples


@pytest.mark.parametrize(
    "text",
    [
        "When will I hear something about my registration?",
        "hi, is there a place for my daughter?",
        "hoi, is there a place for my daughter bij de Boomhut?",
        "I lost my registration number",
        "my son was born on 12 March 2024",
        "the code does not arrive",
        "is er al plek for my daughter?",
        "we are moving to Amersfoort, can we change location",
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
        "hello, ik wil graag inschrijven",
    ],
)
def test_dutch_messages_are_dutch(text: str) -> None:
    assert detect(text) == "nl"


@pytest.mark.parametrize(
    "text",
    ["ok", "INS-004217", "12-03-2024", "ja", "nee", ".", "thanks!!", "👍", "hallo?", "", "Noor"],
)
def test_messages_without_clear_words_say_nothing(text: str) -> None:
    assert detect(text) is None


def test_a_button_payload_says_nothing() -> None:
    assert detect("/ask_registration_process") is None
    assert conversation_language("nl", "/ask_placement_status_and_what_it_means") == "nl"


def test_names_inside_a_sentence_do_not_make_it_dutch() -> None:
    assert detect("Boomhut, Utrecht") is None
    assert detect("do you have after school care in Zeist") == "en"


@pytest.mark.parametrize(
    ("messages", "at_least"), [(samples.SAMPLES, 0.95), (samples.LATER_SAMPLES, 0.9)]
)
def test_the_sample_messages_are_mostly_recognised(
    messages: list[tuple[str, str | None]], at_least: float
) -> None:
    wrong = [(text, want, detect(text)) for text, want in messages if detect(text) != want]
    assert 1 - len(wrong) / len(messages) >= at_least, wrong
    # a miss says nothing rather than the wrong language
    assert all(got is None or want is None for _, want, got in wrong), wrong


def test_a_conversation_keeps_its_language_through_short_answers() -> None:
    language = None
    for text, expected in [
        ("Hello, is there a place for my son?", "en"),
        ("INS-004217", "en"),
        ("12-03-2024", "en"),
        ("ja", "en"),
        ("no thanks", "en"),
        ("Noor van Dijk", "en"),
        ("dank je wel", "en"),
    ]:
        language = conversation_language(language, text)
        assert language == expected, text


@pytest.mark.parametrize("text", samples.STAY_DUTCH)
def test_a_dutch_parents_english_aside_does_not_switch_the_conversation(text: str) -> None:
    assert conversation_language("nl", text) == "nl"


@pytest.mark.parametrize("text", samples.STAY_ENGLISH)
def test_dutch_names_and_courtesies_do_not_switch_an_english_conversation(text: str) -> None:
    assert conversation_language("en", text) == "en"


@pytest.mark.parametrize("text", samples.SWITCH_TO_ENGLISH)
def test_a_sentence_in_english_switches_a_dutch_conversation(text: str) -> None:
    assert conversation_language("nl", text) == "en"


@pytest.mark.parametrize("text", samples.SWITCH_TO_DUTCH)
def test_a_sentence_in_dutch_switches_an_english_conversation(text: str) -> None:
    assert conversation_language("en", text) == "nl"


def test_a_new_conversation_without_clear_words_is_dutch() -> None:
    assert conversation_language(None, "INS-004217") == "nl"
    assert conversation_language(None, "thanks, that's all") == "en"
