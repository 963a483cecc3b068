"""Every text exists in every variant (formal "u", informal "je", English "en") with the
placeholders the actions fill in, reads at B1 level, and renders; dates and lists read
right in both languages."""

import re
import string
from datetime import date
from pathlib import Path

import pytest

from bot.conversation import formats, texts
from bot.conversation.buttons import BUTTON_INTENTS, intents_by_title

KEYS = sorted(texts.load()["texts"])


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_a_formal_and_an_english_version() -> None:
    missing = {
        key: [form for form in ("u", "en") if not variants.get(form)]
        for key, variants in texts.load()["texts"].items()
    }
    assert {key: forms for key, forms in missing.items() if forms} == {}


@pytest.mark.parametrize("key", KEYS)
def test_every_variant_has_the_placeholders_of_the_formal_text(key: str) -> None:
    variants = texts.load()["texts"][key]
    assert set(variants) <= set(texts.VARIANTS), key
    expected = _placeholders(variants["u"])
    for form, template in variants.items():
        assert _placeholders(template) == expected, f"{key} ({form})"


@pytest.mark.parametrize("key", KEYS)
def test_texts_use_only_known_organisation_facts(key: str) -> None:
    facts = set(texts.organisation_facts())
    for template in texts.load()["texts"][key].values():
        unknown_facts = {p for p in _placeholders(template) if p.startswith("org_")} - facts
        assert not unknown_facts


def test_organisation_facts_in_words_have_both_languages() -> None:
    for name, value in texts.load()["organisation"].items():
        if isinstance(value, dict):
            assert set(value) == {"nl", "en"}, name
    assert texts.organisation_facts("en")["org_registration_fee"] == "free"
    assert texts.organisation_facts("je")["org_registration_fee"] == "gratis"


def test_formal_is_default_and_informal_and_english_switch() -> None:
    formal = texts.say("greet")
    informal = texts.say("greet", "je")
    assert re.search(r"\bu\b", formal) and not re.search(r"\bu\b", informal)
    assert texts.say("greet", "en").startswith("Hello")
    assert "Kinderopvang De Regenboog" in texts.say("session_intro", "en")


def test_every_text_says_u_formally_and_never_je_in_formal_form() -> None:
    for key, variants in texts.load()["texts"].items():
        assert not re.search(r"\b(je|jij|jouw)\b", variants["u"]), key


# words parents do not use (the B1 reading level), in what the bot says to them in Dutch
JARGON = (
    "reactietermijn",
    "momentopname",
    "doorgerekend",
    "geverifieerd",
    "plaatsingsovereenkomst",
    "plaatsingsaanbod",
    "passief",
)
# a promise the bot cannot keep outside office hours
ALWAYS_AVAILABLE = re.compile(r"altijd (een )?medewerker|medewerker.{0,30}altijd beschikbaar")
# WhatsApp truncates a reply button's title after 20 characters and a list row's after 24
BUTTON_LIMIT = 20


def _example(name: str) -> str:
    return f"<{name}>"


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("form", texts.VARIANTS)
def test_every_text_renders_in_every_variant(key: str, form: str) -> None:
    template = texts.template(key, form)
    values = {
        name: _example(name) for name in _placeholders(template) if not name.startswith("org_")
    }

    said = texts.say(key, form, **values)

    assert "{" not in said and "}" not in said
    # short sentences: no chains of clauses joined by semicolons
    assert ";" not in said, said
    assert not ALWAYS_AVAILABLE.search(said.lower()), said
    if form != "en":
        assert not [word for word in JARGON if word in said.lower()], said
    if form == "je":
        assert not re.search(r"\b(u|uw)\b", said), said
    if form == "en":
        # no Dutch form of address left in an English text
        assert not re.search(r"\b(u|uw|je|jij|wilt|kunt)\b", said), said


@pytest.mark.parametrize("key", sorted(texts.load()["buttons"]))
@pytest.mark.parametrize("form", texts.VARIANTS)
def test_every_button_fits_whatsapp_in_both_languages(key: str, form: str) -> None:
    title = texts.button(key, form)
    assert 0 < len(title) <= BUTTON_LIMIT, title


def test_buttons_have_a_dutch_and_an_english_title() -> None:
    for key, titles in texts.load()["buttons"].items():
        assert set(titles) == {"nl", "en"}, key
    assert texts.button("talk_to_person", "je") == "Medewerker spreken"
    assert texts.button("talk_to_person", "en") == "Talk to a person"


def test_a_typed_title_in_either_language_means_the_buttons_intent() -> None:
    intents = intents_by_title()
    assert intents["mijn inschrijving"] == intents["my registration"] == "ask_placement_status"
    assert intents["yes"] == intents["ja"] == "affirm"
    assert intents["talk to a person"] == "request_human"
    assert len(intents) == 2 * len(BUTTON_INTENTS)  # no title of one button is another's


def test_texts_that_name_a_button_name_its_title_in_their_language() -> None:
    for form in texts.VARIANTS:
        assert f"'{texts.button('talk_to_person', form)}'" in texts.say("bot_challenge", form)
        assert f"'{texts.button('availability', form)}'" in texts.say("locations", form, places="X")


def test_dutch_formatting() -> None:
    assert formats.full_date(date(2025, 3, 12)) == "12 maart 2025"
    assert formats.month_year(date(2025, 10, 1), "je") == "oktober 2025"
    assert formats.word_list(["a", "b", "c"]) == "a, b en c"
    assert formats.weekday_list(["ma", "wo"]) == "maandag en woensdag"
    assert formats.care_type_name("kdv") == "het kinderdagverblijf"
    assert formats.count(1, "month") == "1 maand" and formats.count(3, "month") == "3 maanden"
    assert formats.age(48) == "4 jaar" and formats.age(30) == "30 maanden"
    today = date(2026, 11, 30)
    assert formats.deadline_date(date(2026, 12, 4), today) == "vrijdag 4 december"
    assert formats.deadline_date(date(2027, 1, 8), today) == "vrijdag 8 januari 2027"


def test_english_formatting() -> None:
    assert formats.full_date(date(2025, 3, 12), "en") == "12 March 2025"
    assert formats.month_year(date(2025, 3, 1), "en") == "March 2025"
    assert formats.word_list(["a", "b", "c"], "en") == "a, b and c"
    assert formats.word_list(["a"], "en") == "a" and formats.word_list([], "en") == ""
    assert formats.weekday_list(["ma", "wo"], "en") == "Mondays and Wednesdays"
    assert formats.weekday_name("vr", "en") == "Fridays"
    assert formats.care_type_name("kdv", "en") == "daycare"
    assert formats.care_type_name("bso", "en") == "after-school care"
    assert formats.count(1, "month", "en") == "1 month"
    assert formats.count(15, "minute", "en") == "15 minutes"
    assert formats.age(48, "en") == "4 years"
    today = date(2026, 11, 30)
    assert formats.deadline_date(date(2026, 12, 4), today, "en") == "Friday 4 December"
    assert formats.deadline_date(date(2027, 1, 8), today, "en") == "Friday 8 January 2027"


def test_a_text_key_written_twice_is_refused(tmp_path: Path) -> None:
    """Two edits adding the same key: YAML would keep the last without a word."""
    doubled = tmp_path / "texts.yml"
    doubled.write_text('texts:\n  greet:\n    u: "Hallo"\n  greet:\n    u: "Dag"\n')
    with pytest.raises(ValueError, match="given twice: greet"):
        texts.read_yaml(doubled)


@pytest.mark.parametrize(
    ("months", "dutch", "english"),
    [(12, "12 maanden", "12 months"), (18, "18 maanden", "18 months"), (24, "2 jaar", "2 years")],
)
def test_the_horizon_reads_after_de_komende(months: int, dutch: str, english: str) -> None:
    """'de komende 1 jaar' is no Dutch: a horizon of one year is said in months."""
    assert formats.period(months, "u") == dutch
    assert formats.period(months, "en") == english
    said = texts.say("unavailable_beyond_horizon", "u", horizon=formats.period(months, "u"))
    assert f"de komende {dutch}" in said
