"""Which of the organisation's locations a parent means, read against the imported data.

Parents write a location's name with or without its article ("Boomhut", "de boomhut"),
misspelled ("Boomhud"), as its code, or only the city ("in Utrecht"). Nothing is guessed:
a name that matches no imported location resolves to nothing, and the bot says so; a
small word ("Het", "De", "een") is no name at all.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.models import Location

ARTICLE = re.compile(r"^(de|het|'t|t)\s+")
# words that stand where a name could, but never are one (the language model tags them)
STOP_WORDS = frozenset(
    (
        *("de", "het", "een", "'t", "t", "die", "dat", "deze", "dit", "er", "hier", "daar"),
        *("in", "op", "bij", "van", "voor", "naar", "met"),
        *("ik", "je", "u", "we", "wij", "jullie", "ze", "zij", "hij", "mijn", "uw", "ons", "onze"),
        *("the", "a", "an", "at", "on", "of", "for", "to", "my", "our"),
    )
)
# how alike a misspelled name must be (difflib ratio): "boomhud" ~ "boomhut" is 0.86
SIMILAR = 0.8


@dataclass(frozen=True)
class KnownLocation:
    code: str
    name: str
    city: str


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", plain.lower()).split())


def _short(name: str) -> str:
    return ARTICLE.sub("", normalise(name))


def is_stop_word(text: str) -> bool:
    """Whether `text` holds no word that could name a location."""
    return all(word in STOP_WORDS for word in normalise(text).split())


def all_locations(*, session: Session) -> list[KnownLocation]:
    rows = session.execute(select(Location.location_code, Location.name, Location.city))
    return sorted(
        (KnownLocation(code, name, city) for code, name, city in rows),
        key=lambda place: (place.city, place.name),
    )


def resolve(text: str, locations: list[KnownLocation]) -> list[KnownLocation]:
    """The locations `text` names: a code, a name (also misspelled), or a city."""
    wanted = normalise(text)
    short = ARTICLE.sub("", wanted)
    if is_stop_word(wanted):
        return []
    by_code = [place for place in locations if normalise(place.code) == wanted]
    if by_code:
        return by_code
    by_name = [place for place in locations if _short(place.name) == short]
    if by_name:
        return by_name
    by_city = [place for place in locations if normalise(place.city) == wanted]
    if by_city:
        return by_city
    scored = [
        (
            max(_similarity(short, _short(place.name)), _similarity(wanted, normalise(place.city))),
            place,
        )
        for place in locations
    ]
    best = max((score for score, _ in scored), default=0.0)
    if best < SIMILAR:
        return []
    return [place for score, place in scored if score == best]


def mentioned_in(message: str, locations: list[KnownLocation]) -> list[KnownLocation]:
    """Locations whose name (without article) or city appears word for word in a message,
    for when the language model did not mark the name as a location."""
    words = f" {normalise(message)} "
    named = [place for place in locations if f" {_short(place.name)} " in words]
    if named:
        return named
    return [place for place in locations if f" {normalise(place.city)} " in words]


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()
