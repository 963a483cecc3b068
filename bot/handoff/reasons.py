"""Why a conversation went to a person: reason codes and what staff read for them."""

from bot.handoff.topics import sensitive_topic

# Intents that ask for a person themselves; any other intent counts as a request for one.
INTENT_REASONS = {
    "request_human": "request_human",
    "complain": "complaint",
    "nlu_fallback": "fallback",
}

REASONS = {
    "request_human": "ouder vroeg om een medewerker",
    "complaint": "klacht",
    "fallback": "de assistent begreep de vraag twee keer niet",
    "identity_failed": "identiteitscontrole mislukt",
    "identity_no_contact": "geen contactgegevens voor de controlecode",
    "topic_custody": "gezag of omgang (ouders met gezag)",
    "topic_health": "gezondheid, zorg of SMI-indicatie",
    "topic_contract": "opzeggen van een getekend contract",
    "topic_data_request": "inzage- of verwijderverzoek (AVG)",
    "topic_urgent": "spoed",
    "email_answer": "ouder antwoordde per e-mail op een gesprek dat al terug was bij de assistent",
    "offer_question": "vraag over het plaatsingsaanbod (aanbod in de context)",
    "offer_more_time": "vraagt meer bedenktijd voor het aanbod (vóór de reactietermijn)",
    "offer_later_start": "vraagt een latere startdatum bij het aanbod",
}


def describe(reason: str) -> str:
    return REASONS.get(reason, reason)


def reason_for(*, earlier: str | None, text: str | None, intent: str | None) -> str:
    """The reason an earlier step gave (identity check, fallback), else the message's
    sensitive topic, else what its intent asks for."""
    if earlier:
        return str(earlier)
    topic = sensitive_topic(text)
    if topic:
        return f"topic_{topic}"
    return INTENT_REASONS.get(intent or "", "request_human")
