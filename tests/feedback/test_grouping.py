"""Grouping parents' answers into themes by keywords and lemmas, with the themes the
migration gives an organisation: inflections, compounds, phrases, English, and ties."""

import pytest
from sqlalchemy.orm import Session

from bot.feedback.grouping import ThemeRule, keywords_of, theme_of
from bot.feedback.themes import active_themes, rules


@pytest.fixture
def seeded(db_session: Session) -> list[ThemeRule]:
    return rules(active_themes(db_session))


@pytest.mark.parametrize(
    ("answer", "theme"),
    [
        # lemmas and inflections: "duurde" is "duren", "gewacht" "wachten", "kost" "kosten"
        ("Het duurde echt veel te lang voordat we iets hoorden", "wachttijd"),
        ("We hebben maanden gewacht", "wachttijd"),
        ("Wat kost een dag eigenlijk?", "kosten"),
        ("De medewerkers waren erg vriendelijk", "medewerkers"),
        ("de leidsters waren onvriendelijk", "medewerkers"),
        ("Ik kreeg geen reacties op mijn mails", "communicatie"),
        ("Niemand heeft me teruggebeld", "communicatie"),
        # compounds end in the keyword: toeslag, tarief
        ("Hoe zit het met de kinderopvangtoeslag?", "kosten"),
        ("Het uurtarief is hoog", "kosten"),
        # a word beats a compound: "parkeerplaats" is the location, not a "plaats"
        ("Er is geen parkeerplaats bij de locatie", "locatie"),
        # phrases in a row
        ("Ik sta nog steeds op de lijst", "wachttijd"),
        # English
        ("The waiting took ages", "wachttijd"),
        ("It is far too expensive", "kosten"),
        ("the chatbot did not understand me", "website"),
    ],
)
def test_an_answer_lands_in_the_theme_its_words_are_about(
    seeded: list[ThemeRule], answer: str, theme: str
) -> None:
    assert theme_of(answer, seeded) == theme


def test_no_keyword_no_theme_and_buttons_are_never_grouped(seeded: list[ThemeRule]) -> None:
    assert theme_of("prima hoor", seeded) is None
    assert theme_of("/deny", seeded) is None
    assert theme_of("", seeded) is None


def test_short_keywords_find_no_compound_and_words_start_with_a_star() -> None:
    rules = [ThemeRule("kosten", ("duur",)), ThemeRule("snel", ("snel*",))]
    assert theme_of("de kinderopvangduur", rules) is None  # "duur" is under five letters
    assert theme_of("dat ging snelheidshalve", rules) == "snel"


def test_a_tie_goes_to_the_theme_listed_first() -> None:
    rules = [ThemeRule("a", ("locatie",)), ThemeRule("b", ("kosten",))]
    assert theme_of("locatie en kosten", rules) == "a"
    assert theme_of("locatie en kosten", rules[::-1]) == "b"
    # more keywords found wins over the order
    assert (
        theme_of("locatie, kosten en prijs", [*rules, ThemeRule("c", ("kosten", "prijs"))]) == "c"
    )


def test_admins_keywords_are_cleaned() -> None:
    assert keywords_of(" Wachten\n\nwachttijd, WACHTEN ; * ") == ("wachten", "wachttijd")
