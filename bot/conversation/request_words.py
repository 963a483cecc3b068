"""What a change or cancellation message asks for, read from its words and entities as well
as from the model's intent: "kan Het Zonnetje eraf?" once read as a cancellation stopped a
whole registration.

A cancellation is offered only when the words ask to stop the whole registration and name
no part of it. Removing a location or a day, declining an offer and any doubt are a
change: the parent's words go to a person. "Dat was niet de bedoeling" takes a request
back. Button payloads ("/affirm") never match.
"""

from collections.abc import Iterable

from bot.conversation.word_patterns import words

CANCEL, CHANGE = "cancel", "change"
# entities that name one part of a registration
PART_ENTITIES = frozenset({"location", "weekday"})


_STOP = r"(stop\w*|intrek\w*|in ?trekken|opzeg\w*|annuleer\w*|annuleren|beëindig\w*|beeindig\w*)"
_LIST = r"(de |onze |mijn )?(wacht)?lijst"

STOPS_EVERYTHING = words(
    rf"inschrijving\w*( \S+){{0,4}} {_STOP}",
    rf"{_STOP}( \S+){{0,4}} inschrijving\w*",
    r"trek\w* (\S+ ){0,4}inschrijving\w* (\S+ )?in",
    r"uit ?schrijven",
    r"schrijf\w* (ons|mij|me|hem|haar|\w+) (maar )?uit",
    r"afmelden",
    rf"van {_LIST} (af|halen|gehaald)",
    r"geen (kinder)?(opvang|plek|plaats) meer nodig",
    r"(wil|willen) (graag )?(helemaal )?stoppen[.!]*$",
    r"helemaal stoppen",
    r"cancel\w* (\S+ ){0,3}(registration|application|sign-?up)",
    r"withdraw\w* (\S+ ){0,3}(registration|application)",
    r"(registration|application) (\S+ ){0,3}(cancel\w*|withdrawn)",
    r"(take|get) (us|me|him|her|my \w+|our \w+) off the (wait(ing)? ?)?list",
    r"(un|de-?)register\w*",
    r"(no longer|don't|do not) need (childcare|a place|the place)",
    r"stop (the|my|our) (whole )?registration",
    r"cancel everything",
)

# "er" as parents also write it when they type as they speak ("kan de woensdag der bij")
ER = r"(?:er|der|d'r)"

# a part removed, a day named, an offer declined, or doubt: a change, never a cancellation
REMOVES_A_PART = words(
    rf"{ER}af",
    rf"{ER} (van)?af",
    r"weg",
    r"schrap\w*",
    r"alleen( nog| maar)?",
    r"niet meer",
    r"(een|één|1) van (de|onze|mijn|die)",
    r"minder",
    r"remove\w*",
    r"drop\w*",
    r"only",
    r"one of",
    r"fewer",
)
# "kan de vrijdag eruit?", but not "hoe ziet de code eruit?"
TAKES_OUT = words(rf"{ER} ?uit")
LOOKS = words(r"zie\w*", r"zag\w*", r"zagen")
# a day or location added or swapped ("kan er een dag bij, de woensdag?")
ADDS_A_PART = words(
    rf"{ER}bij",
    rf"{ER} (ook |nog |graag )*((een|de|die) )?\w*(dag|dagen|middag|ochtend) bij",
    rf"{ER}( ook| nog| graag| even)+ bij",
    r"bij ?(doen|nemen|boeken)",
    r"toevoeg\w*",
    r"toe te voegen",
    r"extra",
    r"nog een",
    r"ruil\w*",
    r"wissel\w*",
    r"in plaats van",
    r"wijzig\w*",
    r"verander\w*",
    r"add\w*",
    r"another",
    r"swap\w*",
    r"switch\w*",
    r"instead of",
    r"chang\w*",
)
NAMES_A_DAY = words(r"(maan|dins|woens|donder|vrij)dag\w*", r"(mon|tues|wednes|thurs|fri)days?")
DECLINES_OFFER = words(
    r"aanbod\w*",
    r"aangeboden",
    r"weiger\w*",
    r"afwijz\w*",
    r"afslaan",
    r"offer\w*",
    r"declin\w*",
    r"turn\w* down",
)
DOUBTS = words(
    r"misschien",
    r"twijfel\w*",
    r"(weet|weten) (het |nog )?niet (zeker|of)",
    r"overweg\w*",
    r"eventueel",
    r"wat (gebeurt|als)",
    r"maybe",
    r"perhaps",
    r"not sure",
    r"thinking (about|of)",
    r"consider\w*",
    r"what (happens|if)",
)

UNDO = words(
    r"niet de bedoeling",
    r"niet (wat|zo) (ik|we|wij) (het )?bedoel\w*",
    r"(zo )?bedoelde (ik|we|wij) (het|dat) niet",
    r"terug ?draaien",
    r"draai\w* (dat|het|dit) (maar )?terug",
    r"ongedaan",
    r"niet alles (stoppen|stopzetten|intrekken|annuleren|opzeggen)",
    r"(wilde|wou|wil|wilden|bedoelde) (ik |we |wij )?niet alles",
    r"per ongeluk",
    r"vergissing",
    r"(mijn|dat|het|dit) verzoek (weer )?(intrekken|annuleren|terug)",
    r"undo",
    r"not what (i|we) meant",
    r"(wasn't|was not|isn't|is not) what (i|we) (meant|wanted)",
    r"reverse (that|it|this)",
    r"(i|we) (want|would like|'d like) to stay on the (wait(ing)? ?)?list",
    r"(didn't|did not|never) (mean|want) (to|that|it)",
    r"take (that|it) back",
    r"revert",
    r"by (mistake|accident)",
    r"(that|this) was a mistake",
    r"(cancel|withdraw) (my|that|the|this) request",
    r"not (cancel|stop) everything",
)


def _said(text: str | None) -> str:
    """The parent's words, or "" for a button payload."""
    text = " ".join((text or "").replace("\u2019", "'").split())
    return "" if text.startswith("/") else text


def asks_to_undo(text: str | None) -> bool:
    """ "Dat was niet de bedoeling", "terugdraaien", "undo": take back what was asked."""
    return bool(UNDO.search(_said(text)))


def removes_a_part(text: str | None) -> bool:
    """Words that remove one location or day ("kan Het Zonnetje eraf?", "alleen nog De
    Boomhut"): what an import cannot show as done, and never the whole registration."""
    said = _said(text)
    return bool(REMOVES_A_PART.search(said) or (TAKES_OUT.search(said) and not LOOKS.search(said)))


def changes_a_part(text: str | None) -> bool:
    """Words that add, swap or remove a day or location of a registration."""
    return bool(ADDS_A_PART.search(_said(text))) or removes_a_part(text)


def request_kind(text: str | None, entities: Iterable[str]) -> str:
    """CANCEL only when the words stop the whole registration and name no part of it, no
    offer, no doubt and no undo; CHANGE otherwise, whatever the model's intent."""
    words = _said(text)
    partial = PART_ENTITIES & set(entities)
    unsure = (REMOVES_A_PART, NAMES_A_DAY, DECLINES_OFFER, DOUBTS, UNDO)
    if partial or any(pattern.search(words) for pattern in unsure):
        return CHANGE
    return CANCEL if STOPS_EVERYTHING.search(words) else CHANGE
