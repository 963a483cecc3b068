"""Patterns that spot a request or a reply by its words, whatever the model made of it
(second_request.py, request_words.py, change_values.py), and whether a message asks."""

import re


def words(*alternatives: str, whole: bool = True) -> re.Pattern[str]:
    """Any of `alternatives` (regular expressions) at the start of a word, case-insensitive;
    `whole`: also ending where the word ends ("stop", not "stoppen")."""
    end = r"(?!\w)" if whole else ""
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + ")" + end, re.IGNORECASE)


# how a question opens, in Dutch and English: a question word or an inverted verb
QUESTION_START = words(
    r"wat",
    r"welke?",
    r"hoe\w*",
    r"wanneer",
    r"waar\w*",
    r"wie",
    r"waarom",
    r"kan",
    r"kun\w*",
    r"mag",
    r"is",
    r"zijn",
    r"heb\w*",
    r"what",
    r"which",
    r"how",
    r"when",
    r"where",
    r"who",
    r"why",
    r"can",
    r"could",
    r"is",
    r"are",
    r"do",
    r"does",
    r"will",
)


# a question whether there is room: "hebben jullie plek in Testdorp?", "is er nog
# plaats?", "do you have a place?"; not the own registration's "is er al plek voor Noor?"
ROOM = r"(plek\w*|plaats\w*|plaatsje|ruimte|room|space|spots?|places?)"
ASKS_FOR_ROOM = words(
    rf"(hebben|heeft|hebt|heb) (jullie|u|je|julie) (\S+ ){{0,3}}{ROOM}",
    rf"(is|zijn) (er|der|d'r) (nog |ook )*(een |wat )?{ROOM}",
    rf"{ROOM} (vrij|beschikbaar|available|free)",
    rf"(do|have|would|could|will) you (\S+ ){{0,3}}{ROOM}",
    rf"(is|are) there (\S+ ){{0,3}}{ROOM}",
    rf"any {ROOM}",
)


def asks(text: str | None) -> bool:
    """ "hoeveelste sta ik?", "How far are we": a question, not an answer to one."""
    said = (text or "").strip()
    return said.endswith("?") or QUESTION_START.match(said) is not None
