"""The buttons the assistant offers: a title from texts.yml and the intent it sends.

The same table serves the NLU pipeline (bot/nlu/exact_messages.py): a parent who types a
button's title in either language ("Mijn inschrijving", "My registration") means what the
button means."""

from bot.conversation import texts
from bot.conversation.formats import DUTCH, ENGLISH

# button key in texts.yml -> the intent its payload sends
BUTTON_INTENTS = {
    "talk_to_person": "request_human",
    "my_registration": "ask_placement_status",
    "when_offer": "ask_response_time",
    "availability": "ask_availability",
    "register": "ask_registration_process",
    "yes": "affirm",
    "no": "deny",
    "new_code": "missing_code",
}


def button(key: str, form: str = "u") -> dict[str, str]:
    """The button `key` with its title in the variant `form`'s language."""
    return {"title": texts.button(key, form), "payload": f"/{BUTTON_INTENTS[key]}"}


def normalise_title(text: str) -> str:
    """How a typed title is compared: case, outer spaces and end punctuation ignored."""
    return " ".join(text.lower().split()).rstrip(".!?")


def intents_by_title() -> dict[str, str]:
    """Every button's Dutch and English title (normalised) -> its intent."""
    return {
        normalise_title(texts.button(key, form)): intent
        for form in (DUTCH, ENGLISH)
        for key, intent in BUTTON_INTENTS.items()
    }
