"""Topics the assistant must not handle itself, found by keywords in the parent's message.

The contract fixes the intent names, so these topics get no intents of their own; a
keyword check on the message text is predictable and easy for an organisation to extend.
Words are matched on word starts, case-insensitively.
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
        "ziekte",
        "allergie",
        "medicijn",
        "medisch",
        "diagnose",
        "handicap",
        "beperking",
        "medical",
        "allergy",
        "allergic",
        "medication",
        "disability",
        "diagnosis",
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
_PATTERNS = {
    topic: re.compile(
        r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE
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
