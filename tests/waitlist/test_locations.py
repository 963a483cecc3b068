"""Which location a parent means, resolved against the imported locations only."""

from bot.waitlist.calendar import day_names_in, weekdays_in
from bot.waitlist.locations import KnownLocation, is_stop_word, mentioned_in, resolve

KNOWN = [
    KnownLocation("UTR-BH", "De Boomhut", "Utrecht"),
    KnownLocation("UTR-ZN", "Het Zonnetje", "Utrecht"),
    KnownLocation("AMF-PIN", "Pinkeltje", "Amersfoort"),
    KnownLocation("AMS-ZN", "'t Zonnetje", "Amsterdam"),
]


def codes(found: list[KnownLocation]) -> list[str]:
    return [place.code for place in found]


def test_names_with_or_without_article_case_and_accents() -> None:
    assert codes(resolve("De Boomhut", KNOWN)) == ["UTR-BH"]
    assert codes(resolve("boomhut", KNOWN)) == ["UTR-BH"]
    assert codes(resolve("  de BOOMHUT! ", KNOWN)) == ["UTR-BH"]
    assert codes(resolve("Pinkeltjé", KNOWN)) == ["AMF-PIN"]


def test_the_imported_code_and_a_city() -> None:
    assert codes(resolve("utr-bh", KNOWN)) == ["UTR-BH"]
    assert codes(resolve("Utrecht", KNOWN)) == ["UTR-BH", "UTR-ZN"]


def test_common_misspellings_but_no_guesses() -> None:
    assert codes(resolve("Boomhud", KNOWN)) == ["UTR-BH"]
    assert codes(resolve("pinkeltie", KNOWN)) == ["AMF-PIN"]
    assert resolve("De Boomgaard", KNOWN) == []
    assert resolve("UTR-BOO", KNOWN) == []  # a code from other data is not guessed into one
    assert resolve("de", KNOWN) == []


def test_a_name_two_locations_share_names_both() -> None:
    assert codes(resolve("zonnetje", KNOWN)) == ["UTR-ZN", "AMS-ZN"]


def test_names_and_cities_inside_a_whole_message() -> None:
    assert codes(mentioned_in("Is er plek bij de boomhut op woensdag?", KNOWN)) == ["UTR-BH"]
    assert codes(mentioned_in("hebben jullie iets in amersfoort", KNOWN)) == ["AMF-PIN"]
    assert mentioned_in("is er plek op woensdag?", KNOWN) == []


def test_a_small_word_is_never_a_location() -> None:
    for word in ("Het", "De", "een", "'t", "the", "bij de"):
        assert resolve(word, KNOWN) == [], word
    assert is_stop_word("Het") and not is_stop_word("Het Zonnetje")


def test_only_weekdays_are_weekdays() -> None:
    assert weekdays_in(["Goedemorgen", "september", "3 dagen", "morgen"]) == []
    assert weekdays_in(["vr", "Woensdagen", "ma|wo", "Mondays"]) == ["ma", "wo", "vr"]
    assert day_names_in("Goedemorgen! Op maandag en woensdag, do you have room?") == ["ma", "wo"]
