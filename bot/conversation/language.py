"""Which language a parent writes: Dutch or English, from the words of one message, and the
conversation's language over several.

Lingua's n-gram models for the two languages (shipped in its wheel, loaded once per process
at import: about 0.3 s and 80 MB) give each word of the message a probability of being
English. The message's score adds up the words' log-odds, each capped, so one long Dutch
word ("inschrijfnummer", "Goedemiddag") cannot outvote a sentence in English, and a mixed
message goes to the language most of its words speak: "hoi, is there a place for my
daughter?" is English, "Ik heb een question over de wachtlijst" Dutch, and "is er al plek
for my daughter?" English (the parent's own sentence ends in English; docs/nlu.md).

A message says nothing (None) when it has fewer than two words or its score stays near
zero ("ok", "INS-004217", "12-03-2024", "ja", "hallo?", an emoji); a button's payload says
nothing either. Capitalised words inside a sentence that look Dutch are left out: they are
names of children, locations and cities, not the parent's language ("Wednesday",
"English" and "I" still count). The answer must be the same in the channels (which tell
the session start) and in the actions, so both call this module.
"""

import math
import re

from lingua import Language, LanguageDetectorBuilder

DUTCH = "nl"
ENGLISH = "en"

# A word's vote: its log-odds of being English, capped at ±2 (a probability of 0.88).
WORD_CAP = 2.0
# A message speaks a language from this score (about one clear word of it more than of the
# other), with at least two words
SCORE_TO_DETECT = 1.5
# Leaving the conversation's language takes a sentence: three words and about two clear
# words more than the other language has ("no thanks", "thanks a lot" and a child's name
# stay below it)
WORDS_TO_SWITCH = 3
SCORE_TO_SWITCH = 4.0

_DETECTOR = (
    LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH)
    .with_preloaded_language_models()
    .build()
)
# words of letters, with an apostrophe inside ("what's", "baby's"); digits and codes are no words
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def _english_log_odds(word: str) -> float:
    p = _DETECTOR.compute_language_confidence(word, Language.ENGLISH)
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-WORD_CAP, min(WORD_CAP, math.log(p / (1 - p))))


def score(text: str) -> tuple[float, int]:
    """The message's English score (above zero English, below zero Dutch) and how many
    words it counted."""
    total, counted = 0.0, 0
    for match in WORD.finditer(text):
        word = match.group()
        vote = _english_log_odds(word.lower())
        before = text[: match.start()].rstrip()
        starts_sentence = not WORD.search(before) or before.endswith((".", "!", "?"))
        if word[0].isupper() and not starts_sentence and vote < 0:
            continue  # a name: Noor, Boomhut, Utrecht
        total += vote
        counted += 1
    return total, counted


def _language(text: str, *, words: int, at_least: float) -> str | None:
    if text.startswith("/"):
        return None  # a button's payload ("/ask_registration_process") is no one's language
    total, counted = score(text)
    if counted < words:
        return None
    if total >= at_least:
        return ENGLISH
    if total <= -at_least:
        return DUTCH
    return None


def detect(text: str) -> str | None:
    """ "en", "nl" or None when the message does not say."""
    return _language(text, words=2, at_least=SCORE_TO_DETECT)


def conversation_language(previous: str | None, text: str) -> str:
    """The language to answer in after `text`: what it says, else what the conversation
    spoke so far, else Dutch. Leaving a language takes a sentence in the other, so a Dutch
    parent's "no thanks" does not switch the conversation to English."""
    if previous in (DUTCH, ENGLISH):
        other = _language(text, words=WORDS_TO_SWITCH, at_least=SCORE_TO_SWITCH)
        return other if other and other != previous else previous
    return detect(text) or DUTCH
