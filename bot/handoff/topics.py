"""Topics the assistant must not handle itself, found by keywords in the parent's message.

The contract fixes the intent names, so these topics get no intents of their own; a
keyword check on the message text is predictable and easy for an organisation to extend.
Keywords are whole words, case-insensitively; a keyword ending in `*` is a word start
("medisch*" also finds "medische", "ziek*" also "ziekenhuis", "allerg*" "allergisch").
"""

import re

TOPIC_KEYWORDS = {
    "urgent": ["spoed", "dringend", "noodgeval", "urgent", "acuut", "nood", "emergency"],
    "custody": [
        "voogdij",
        "gezag",
        "omgangsregeling",
        "scheiding",
        "ex-partner",
        "mijn ex",
        "custody",
        "divorce",
        "my ex",
    ],
    "health": [
        "smi",
        "smi-indicatie",
        "sociaal-medische",
        "sociaal medische",
        "medisch*",
        "medic*",
        "ziek*",
        "allerg*",
        "diagnos*",
        "handicap*",
        "gehandicapt*",
        "beperking*",
        "gezondheid*",
        "chronisch*",
        "astma*",
        "epilep*",
        "diabet*",
        "autis*",
        "adhd",
        "syndroom",
        "ontwikkelingsachterstand*",
        "koorts*",
        "eczeem",
        "therapie*",
        "fysiotherap*",
        "logoped*",
        "huisarts*",
        "kinderarts*",
        "dokter*",
        "ziekenhuis*",
        "operatie*",
        "vaccin*",
        "ingeënt",
        "inenting*",
        "sick*",
        "illness*",
        "disab*",
        "asthma*",
        "health*",
        "special needs",
        "doctor*",
        "hospital*",
        "fever*",
        "therapy*",
    ],
    "contract": [
        "contract opzeggen",
        "overeenkomst opzeggen",
        "contract beëindigen",
        "plaatsingsovereenkomst",
        "opzegtermijn",
        "contract ontbinden",
        "terminate the contract",
        "cancel the contract",
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


def _keyword(word: str) -> str:
    return re.escape(word[:-1]) + r"[\w-]*" if word.endswith("*") else re.escape(word)


_PATTERNS = {
    topic: re.compile(
        r"(?<![\w])(" + "|".join(_keyword(w) for w in words) + r")(?![\w-])", re.IGNORECASE
    )
    for topic, words in TOPIC_KEYWORDS.items()
}


def sensitive_topic(text: str | None) -> str | None:
    """The first sensitive topic `text` touches, or None. Button payloads never match."""
    if not text or text.startswith("/"):
        return None
    for topic, pattern in _PATTERNS.items():
        if pattern.search(text):
            return topic
    return None
