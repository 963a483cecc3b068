"""Which theme an open answer is about, by the theme's keywords.

A keyword matches as the sensitive topics' keywords do (bot/handoff/topics.py, with the
same simplemma lemmas): each word of the answer is compared as written and in its Dutch
and English dictionary forms, so "kosten" finds "kost", "wachten" "gewacht", "medewerker"
"medewerkers"; a keyword of at least five letters also finds compounds that end in it
("toeslag": "kinderopvangtoeslag"), a keyword ending in `*` is a word start, and a keyword
of several words finds them in a row ("nog steeds").

Every theme scores its keywords found: 2 for a keyword found as a word, 1 for one found
only inside a compound (so "parkeerplaats" is about the location, not a "plaats"). The
highest score wins; a tie goes to the theme listed first. No keyword: no theme."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.handoff.topics import COMPOUND_HEAD, MODIFIER, WORD, forms

WORD_SCORE, COMPOUND_SCORE = 2, 1


@dataclass(frozen=True)
class ThemeRule:
    code: str
    keywords: tuple[str, ...]


def keywords_of(text: str) -> tuple[str, ...]:
    """An admin's keywords (one per line, or comma-separated), lower case, without blanks
    or doubles, in their order."""
    found = [k.strip().lower() for k in re.split(r"[\n,;]+", text or "")]
    return tuple(dict.fromkeys(k for k in found if k and k != "*"))


def _score(keyword: str, form: str) -> int:
    if keyword.endswith("*"):
        stem = keyword[:-1]
        if form.startswith(stem):
            return WORD_SCORE
        inside = len(stem) >= COMPOUND_HEAD and form.find(stem, MODIFIER) >= MODIFIER
        return COMPOUND_SCORE if inside else 0
    if form == keyword:
        return WORD_SCORE
    compound = (
        len(keyword) >= COMPOUND_HEAD
        and len(form) >= len(keyword) + MODIFIER
        and form.endswith(keyword)
    )
    return COMPOUND_SCORE if compound else 0


def _keyword_score(keyword: str, words: list[frozenset[str]]) -> int:
    """The best score of the keyword's words in a row anywhere in the answer (a phrase
    counts as found as words only when each of its words is)."""
    phrase = [part for part in re.split(r"[\s-]+", keyword) if part]
    best = 0
    for start in range(len(words) - len(phrase) + 1):
        scores = [
            max((_score(part, form) for form in words[start + i]), default=0)
            for i, part in enumerate(phrase)
        ]
        if all(scores):
            best = max(best, min(scores))
    return best


def words_of(text: str) -> list[frozenset[str]]:
    return [forms(word) for word in WORD.findall(text.lower())]


def theme_of(text: str, rules: Sequence[ThemeRule]) -> str | None:
    """The code of the theme `text` is most about, or None."""
    if not text or text.startswith("/"):
        return None
    words = words_of(text)
    best_code, best = None, 0
    for rule in rules:
        score = sum(_keyword_score(keyword, words) for keyword in rule.keywords)
        if score > best:
            best_code, best = rule.code, score
    return best_code
