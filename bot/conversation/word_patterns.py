"""Patterns that spot a request or a reply by its words, whatever the model made of it
(second_request.py, request_words.py, change_values.py)."""

import re


def words(*alternatives: str, whole: bool = True) -> re.Pattern[str]:
    """Any of `alternatives` (regular expressions) at the start of a word, case-insensitive;
    `whole`: also ending where the word ends ("stop", not "stoppen")."""
    end = r"(?!\w)" if whole else ""
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + ")" + end, re.IGNORECASE)
