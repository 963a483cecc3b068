"""Every text renders in both address forms with the placeholders the actions fill in."""

import re
import string
from datetime import date

import pytest

from bot.conversation import texts


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(texts.load()["texts"]))
def test_texts_use_only_known_organisation_facts(key: str) -> None:
    facts = set(texts.organisation_facts())
    for template in texts.load()["texts"][key].values():
        unknown_facts = {p for p in _placeholders(template) if p.startswith("org_")} - facts
        assert not unknown_facts


def test_formal_is_default_and_informal_switches() -> None:
    formal = texts.say("greet")
    informal = texts.say("greet", "je")
    assert re.search(r"\bu\b", formal) and not re.search(r"\bu\b", informal)
    assert "Kinderopvang De Regenboog" in texts.say("session_intro")


def test_every_text_says_u_formally_and_never_je_in_formal_form() -> None:
    for key, variants in texts.load()["texts"].items():
        assert not re.search(r"\b(je|jij|jouw)\b", variants["u"]), key


def test_dutch_formatting() -> None:
    assert texts.dutch_date(date(2025, 3, 12)) == "12 maart 2025"
    assert texts.dutch_month(date(2025, 10, 1)) == "oktober 2025"
    assert texts.dutch_list(["a", "b", "c"]) == "a, b en c"
    assert texts.weekday_list(["ma", "wo"]) == "maandag en woensdag"
    today = date(2026, 11, 30)
    assert texts.deadline_date(date(2026, 12, 4), today) == "vrijdag 4 december"
    assert texts.deadline_date(date(2027, 1, 8), today) == "vrijdag 8 januari 2027"


# words parents do not use (the B1 reading level), in what the bot says to them
JARGON = (
    "reactietermijn",
    "momentopname",
    "doorgerekend",
    "geverifieerd",
    "plaatsingsovereenkomst",
)
# WhatsApp truncates a reply button's title after 20 characters and a list row's after 24
BUTTON_LIMIT = 20


@pytest.mark.parametrize("key", sorted(texts.load()["texts"]))
@pytest.mark.parametrize("form", ["u", "je"])
def test_every_text_renders_in_both_forms_without_jargon(key: str, form: str) -> None:
    template = texts.load()["texts"][key].get(form) or texts.load()["texts"][key]["u"]
    values = {name: "X" for name in _placeholders(template) if not name.startswith("org_")}

    said = texts.say(key, form, **values)

    assert "{" not in said and "}" not in said
    assert not [word for word in JARGON if word in said.lower()], said
    if form == "je":
        assert not re.search(r"\b(u|uw)\b", said), said


def test_every_button_fits_whatsapp() -> None:
    too_long = {k: v for k, v in texts.load()["buttons"].items() if len(str(v)) > BUTTON_LIMIT}
    assert too_long == {}
