"""Why a conversation went to a person: reason codes and what staff read for them."""

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
}


def describe(reason: str) -> str:
    return REASONS.get(reason, reason)
