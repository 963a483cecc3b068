"""Which language a parent writes: Dutch or English, from the words of one message, and the
conversation's language over several.

A word count, not a model: the messages are short, the two languages are known, and the
answer must be the same in the channels (which tell the session start) and in the
actions. A message says nothing when it has no clear words of either language ("ok",
"INS-004217", "12-03-2024", "ja"); the conversation then keeps its language.
"""

import re

DUTCH = "nl"
ENGLISH = "en"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that are common in one language and rare or absent in the other. Words both
# languages use ("is", "in", "we", "hallo", "ok", "baby") are in neither list.
ENGLISH_WORDS = _word_set(
    """
    the a an and or but of to for from with about my our your his her their i i'm im
    you you're he she it it's its they them this that these those there here what
    when where which who whom why how can could would should will shall does did
    done don't doesn't didn't have has having am are was were be been being not no
    yes yeah please thanks thank hi hey hello bye goodbye cheers sorry still already yet
    any anything some something someone somebody place spot spots daughter son child
    children kid kids baby's waiting waitlist list registration registered register
    number code email mail birth born date start starting daycare nursery care
    childcare after school how's what's when's whats wanna want need know get got
    hear heard long much many cost costs price fee fees person human agent talk speak
    real apply offer accept decline english dutch continue speak days day week weeks month
    months year years on at by as if so than too very just also again only
    """
)
DUTCH_WORDS = _word_set(
    """
    de het een en of maar van naar voor met over mijn onze ons jouw uw zijn haar hun
    ik je jij u hij zij ze wij jullie dit dat deze die daar hier wat wanneer waar welke
    wie waarom hoe kan kun kunt kunnen zou zouden moet moeten wil wilt willen doe doet
    deed heb hebt heeft hebben ben bent was waren wordt worden niet geen ja nee graag
    dank bedankt hoi hey doei dag sorry nog al ook weer alleen plek plekje plaats
    dochter zoon kind kinderen kindje wachtlijst inschrijving ingeschreven inschrijven
    inschrijfnummer nummer code mail bevestiging geboren geboortedatum datum start
    kinderdagverblijf opvang kinderopvang bso peuteropvang school hoor horen lang
    kosten kost prijs medewerker mens iemand spreken praten helpen hulp aanbod dagen
    week weken maand maanden jaar jaren op bij als dan te zo heel erg ff er
    staan staat sta krijg krijgen komt komen gaat gaan weet weten vraag vraagje engels
    nederlands
    """
)
# words in both lists ("hey", "sorry", "code", "mail", "start", "week", "was") count for neither
SHARED = ENGLISH_WORDS & DUTCH_WORDS
WORD = re.compile(r"[a-z']+")


def counts(text: str) -> tuple[int, int]:
    """How many English and how many Dutch words `text` has (words of both count for neither)."""
    words = [word for word in WORD.findall(text.lower()) if word not in SHARED]
    return sum(word in ENGLISH_WORDS for word in words), sum(word in DUTCH_WORDS for word in words)


def detect(text: str, at_least: int = 2) -> str | None:
    """ "en", "nl" or None when the message does not say: a language needs `at_least` of
    its words and more than the other (so "hoi, is there a place for my daughter?" is
    English, one English word in a Dutch sentence is not)."""
    english, dutch = counts(text)
    if english >= at_least and english > dutch:
        return ENGLISH
    if dutch >= at_least and dutch > english:
        return DUTCH
    return None


def conversation_language(previous: str | None, text: str) -> str:
    """The language to answer in after `text`: what it says, else what the conversation
    spoke so far, else Dutch. Leaving a language takes three words of the other, so a
    Dutch parent's "no thanks" does not switch the conversation to English."""
    if previous in (DUTCH, ENGLISH):
        other = detect(text, at_least=3)
        return other if other and other != previous else previous
    return detect(text) or DUTCH
