"""Each intent of the contract in staff's Dutch, declared once: what a message is (the NLU
review's label) and, for the intents that name one, what it is about (a handed-over
conversation's subject in the queue, after "over"). A test holds the table to domain.yml's
intents."""

from typing import NamedTuple


class IntentWords(NamedTuple):
    label: str  # what the message is: "vraag over kosten of toeslag"
    subject: str | None = None  # what it is about, after "over"; None: it names no subject


INTENT_WORDS = {
    "greet": IntentWords("groet"),
    "goodbye": IntentWords("afscheid"),
    "thank": IntentWords("bedankje"),
    "affirm": IntentWords("ja / akkoord"),
    "deny": IntentWords("nee"),
    "ask_placement_status": IntentWords(
        "vraag naar de stand van de inschrijving", "de stand van de inschrijving"
    ),
    "ask_waitlist_position": IntentWords(
        "vraag naar de plaats op de wachtlijst", "de plaats op de wachtlijst"
    ),
    "ask_response_time": IntentWords(
        "vraag wanneer er een aanbod komt", "wanneer er een aanbod komt"
    ),
    "ask_availability": IntentWords("vraag naar vrije plekken", "vrije plekken op een locatie"),
    "ask_registration_process": IntentWords("vraag over inschrijven", "inschrijven"),
    "change_registration": IntentWords(
        "wijziging van de inschrijving", "een wijziging van de inschrijving"
    ),
    "cancel_registration": IntentWords(
        "inschrijving intrekken", "het intrekken van de inschrijving"
    ),
    "ask_placement_policy": IntentWords(
        "vraag over de volgorde en voorrang", "de volgorde op de wachtlijst en voorrang"
    ),
    "ask_offer": IntentWords("vraag over een plaatsingsaanbod", "het plaatsingsaanbod"),
    "ask_costs": IntentWords("vraag over kosten of toeslag", "kosten of kinderopvangtoeslag"),
    "request_human": IntentWords("wil een medewerker"),
    "complain": IntentWords("klacht"),
    "inform": IntentWords("geeft een gegeven (nummer, datum)"),
    "bot_challenge": IntentWords("vraagt of dit een robot is"),
    "out_of_scope": IntentWords("buiten ons onderwerp"),
    "not_registered": IntentWords("nog niet ingeschreven"),
    "missing_number": IntentWords("heeft het inschrijfnummer niet"),
    "missing_code": IntentWords("code komt niet aan"),
    "ask_locations": IntentWords("vraag over de locaties"),
}


def label(intent: str) -> str:
    """The intent in staff's words; its own name when the table does not know it."""
    words = INTENT_WORDS.get(intent)
    return words.label if words else intent


def subject(intent: str) -> str | None:
    """What a message of `intent` is about, after "over"; None when it names no subject."""
    words = INTENT_WORDS.get(intent)
    return words.subject if words else None
