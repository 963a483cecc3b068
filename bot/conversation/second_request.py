"""A second request in one message: "is er al plek en wat kost het?".

The model reads one intent per message. The other request is spotted by its words, for
the few topics parents combine: the answer to a general question is given as well, a
question about the registration or the wish for a person is acknowledged with the button
that leads there. Button payloads ("/affirm") never match.
"""

import re
from dataclasses import dataclass

from bot.conversation.word_patterns import words


def starts(*alternatives: str) -> re.Pattern[str]:
    """Words that begin so: "medewerk" finds "medewerker"."""
    return words(*alternatives, whole=False)


@dataclass(frozen=True)
class Topic:
    name: str
    # the intents whose answer already covers this topic
    answered_by: frozenset[str]
    pattern: re.Pattern[str]


# in the order they are checked; the first topic the main answer does not cover is taken
TOPICS = (
    Topic(
        "missing_number",
        frozenset({"missing_number", "missing_code", "not_registered"}),
        starts(
            r"(inschrijf)?nummer (kwijt|vergeten)",
            r"weet (ons |mijn |het )?(inschrijf)?nummer niet",
            r"geen bevestigingsmail",
            r"(lost|forgot|can't find|cannot find) (my|our|the) (registration )?number",
            r"no confirmation (e-?mail|mail)",
        ),
    ),
    Topic(
        "person",
        frozenset({"request_human", "complain"}),
        starts(
            r"(een |met een |iemand van de |uw |je )?medewerker (spreken|bellen)",
            r"iemand (spreken|bellen)",
            r"met een mens",
            r"(bel|bellen) (mij|me) (terug|op)",
            r"terugbellen",
            r"call me( back)?",
            r"(talk|speak) (to|with) (a person|a human|someone|somebody|staff)",
        ),
    ),
    Topic(
        "costs",
        frozenset({"ask_costs"}),
        starts(
            r"wat kost",
            r"kosten\b",
            r"tarie(f|ven)",
            r"uurprijs",
            r"toeslag",
            r"how much (does|is|will)",
            r"costs?\b",
            r"price",
            r"childcare (allowance|benefit)",
        ),
    ),
    Topic(
        "registration",
        frozenset(
            {
                "ask_placement_status",
                "ask_waitlist_position",
                "ask_response_time",
                "change_registration",
                "cancel_registration",
                "ask_offer",
                "inform",
                "ask_availability",
                "ask_locations",
            }
        ),
        starts(
            r"is er (al |nou |nu )?(al )?(een )?(plek|plaats)",
            r"hoeveelste",
            r"wanneer (hoor|horen) (ik|we|wij) (iets|wat|meer)",
            r"wanneer (krijg|krijgen) (ik|we|wij) (een )?(plek|plaats|aanbod|bericht)",
            r"(is there|do you have) (a |any )?(place|spot)",
            r"when (will|do|can) (i|we) hear",
            r"where (am i|are we) on the (wait)?list",
            r"how (\w+'s |my |our |the )?registration",
            r"hoe (staat|gaat) het (met )?(de |onze |mijn )?inschrijving",
        ),
    ),
    Topic(
        "register",
        frozenset({"ask_registration_process", "not_registered"}),
        starts(
            r"hoe (kan ik|kunnen we|moet ik|moeten we) (mij |me |ons |hem |haar )?inschrijven",
            r"hoe schrijf",
            r"how (do|can) (i|we) (register|sign up|apply)",
        ),
    ),
    Topic(
        "policy",
        frozenset({"ask_placement_policy"}),
        starts(r"voorrang", r"wie gaat (er )?voor", r"priority", r"who goes first"),
    ),
)


PERSON = next(topic for topic in TOPICS if topic.name == "person")


def asks_for_person(text: str | None) -> bool:
    """Whether the words ask for a person ("ik wil graag iemand spreken over …"): a wish the
    bot always honours, also when the model doubts between it and the subject named."""
    return bool(text) and not text.startswith("/") and bool(PERSON.pattern.search(text))


def other_request(text: str | None, answered_intent: str | None) -> str | None:
    """The topic of a request in `text` that the answer to `answered_intent` leaves open."""
    if not text or text.startswith("/"):
        return None
    for topic in TOPICS:
        if answered_intent not in topic.answered_by and topic.pattern.search(text):
            return topic.name
    return None
