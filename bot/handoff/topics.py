"""Topics the assistant must not handle itself, found by keywords in the parent's message.

The contract fixes the intent names, so these topics get no intents of their own; a
keyword check on the message text is predictable and easy for an organisation to extend.
TOPIC_KEYWORDS are the defaults: head office edits a topic's list in the staff console
(bot/edits), and the edit is in force within seconds.

Write a keyword as a dictionary word, lower case. Each word of the message is compared as
written and in the forms simplemma's Dutch and English dictionaries (shipped in its wheel)
give it, so a keyword finds its inflections: "ziekte" also "ziektes", "allergie"
"allergieën", "opzeggen" "opgezegd", "divorce" "divorced", "illness" "illnesses". Dutch
compounds end in their head, so a word that ends in a keyword of at least five letters,
after a part of at least three, counts too: "ziekte" finds "kinderziekte", "griep"
"buikgriep", "scheiding" "echtscheiding". A keyword ending in `*` is a word start
("allerg*": allergisch, allergy, allergic), from five letters inside a compound too
("voedselallergie"). A keyword of several words finds those words in a row, each by the
same rules ("contract opzeggen": "het contract opgezegd"); a hyphen separates words
("ex-partner" is "ex partner"). Shorter keywords ("nood", "ziek*", "smi") count in no
compound, so "noodzakelijk" is no emergency; a verb that prefixes change ("scheiden",
"onderscheiden") is better written in the forms meant ("gescheiden", "gaan scheiden").
"""

import re
from functools import lru_cache

import simplemma

from bot.edits import live

TOPIC_KEYWORDS = {
    "urgent": [
        "spoed",
        "spoedgeval",
        "spoedplaatsing",
        "spoedeisend",
        "dringend",
        "noodgeval",
        "noodsituatie",
        "nood",
        "acuut",
        "urgent",
        "urgentie",
        "urgently",
        "emergency",
    ],
    "custody": [
        "voogdij",
        "voogd",
        "gezag",
        "omgangsregeling",
        "ouderschapsplan",
        "co-ouderschap",
        "scheiding",
        "gescheiden",
        "gaan scheiden",
        "ex-partner",
        "mijn ex",
        "custody",
        "divorce",
        "separated",
        "my ex",
    ],
    "health": [
        "smi",
        "smi-indicatie",
        "medisch*",
        "medic*",
        "ziek*",
        "ziekte",
        "ziekenhuis",
        "griep",
        "ontsteking",
        "infectie",
        "allerg*",
        "diagnos*",
        "handicap*",
        "gehandicapt*",
        "beperking",
        "gezondheid*",
        "chronisch*",
        "astma*",
        "epilep*",
        "diabet*",
        "autis*",
        "adhd",
        "syndroom",
        "ontwikkelingsachterstand",
        "koorts*",
        "eczeem",
        "therapie",
        "therapeut",
        "fysiotherap*",
        "logoped*",
        "huisarts",
        "kinderarts",
        "jeugdarts",
        "dokter",
        "operatie",
        "opereren",
        "vaccin*",
        "ingeënt",
        "inenting",
        "sick*",
        "illness",
        "disease",
        "disab*",
        "asthma*",
        "health",
        "special needs",
        "doctor",
        "hospital*",
        "fever",
        "therapy",
        "surgery",
        "syndrome",
    ],
    "contract": [
        "contract opzeggen",
        "overeenkomst opzeggen",
        "contract beëindigen",
        "contract ontbinden",
        "plaatsingsovereenkomst",
        "opzegtermijn",
        "terminate the contract",
        "terminate my contract",
        "cancel the contract",
        "cancel my contract",
        "notice period",
    ],
    "data_request": [
        "inzageverzoek",
        "inzage",
        "avg",
        "gdpr",
        "persoonsgegevens",
        "mijn gegevens verwijderen",
        "gegevens wissen",
        "recht op vergetelheid",
        "personal data",
        "delete my data",
        "right to be forgotten",
    ],
}

# A compound's head (or a word start inside a compound) counts from this many letters, after
# a part of at least MODIFIER letters: "kinder|ziekte", "long|ontsteking", "echt|scheiding"
COMPOUND_HEAD = 5
MODIFIER = 3
# Words simplemma does not know lose an inflection ending ("dringende", "spoedje") or the
# "ge" of a participle ("gevaccineerd")
ENDINGS = ("tje", "je", "en", "e", "s")
# Letters only: digits, hyphens and apostrophes end a word
WORD = re.compile(r"[^\W\d_]+")


def _keyword_matches(keyword: str, form: str) -> bool:
    if keyword.endswith("*"):
        stem = keyword[:-1]
        return form.startswith(stem) or (
            len(stem) >= COMPOUND_HEAD and form.find(stem, MODIFIER) >= MODIFIER
        )
    return form == keyword or (
        len(keyword) >= COMPOUND_HEAD
        and len(form) >= len(keyword) + MODIFIER
        and form.endswith(keyword)
    )


def forms(word: str) -> frozenset[str]:
    """`word` (lower case) and its Dutch and English dictionary forms."""
    found = {
        word,
        simplemma.lemmatize(word, lang="nl", greedy=True).lower(),
        simplemma.lemmatize(word, lang="en").lower(),
    }
    if len(word) > 4 and not (simplemma.is_known(word, "nl") or simplemma.is_known(word, "en")):
        found |= {word[: -len(end)] for end in ENDINGS if word.endswith(end)}
        if word.startswith("ge"):
            found.add(word[2:])
    return frozenset(found)


def _phrase_in(phrase: list[str], words: list[frozenset[str]]) -> bool:
    return any(
        all(
            any(_keyword_matches(keyword, form) for form in words[start + i])
            for i, keyword in enumerate(phrase)
        )
        for start in range(len(words) - len(phrase) + 1)
    )


@lru_cache(maxsize=4)
def _phrases(edited: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[list[str]]]:
    """Each topic's keywords split into words: the code's, or head office's edit (`edited`,
    topic and keywords, from bot/edits)."""
    edits = dict(edited)
    return {
        topic: [re.split(r"[\s-]+", keyword) for keyword in edits.get(topic, keywords)]
        for topic, keywords in TOPIC_KEYWORDS.items()
    }


def sensitive_topic(text: str | None) -> str | None:
    """The first sensitive topic `text` touches, or None. Button payloads never match."""
    if not text or text.startswith("/"):
        return None
    return _topic_of(text, tuple(sorted(live.current().keywords.items())))


@lru_cache(maxsize=4096)
def _topic_of(text: str, edited: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """Remembered per text and keywords in force: the rating question checks every message
    of the conversation again on each turn (bot/conversation/bot_rating.py), and an edit of
    the keywords must count for texts already seen."""
    words = [forms(word) for word in WORD.findall(text.lower())]
    for topic, phrases in _phrases(edited).items():
        if any(_phrase_in(phrase, words) for phrase in phrases):
            return topic
    return None


# simplemma reads a language's dictionary on its first word (0.4 s and about 75 MB for the
# two): read them with the module, once per process, not on a parent's first message
for _language in ("nl", "en"):
    simplemma.lemmatize("kind", lang=_language)
