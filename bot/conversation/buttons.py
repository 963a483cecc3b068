"""The buttons the assistant offers: a title from texts.yml and the intent it sends.

The same table serves the NLU pipeline (bot/nlu/exact_messages.py): a parent who types a
button's title ("Mijn inschrijving") means what the button means."""

from bot.conversation import texts

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


def button(key: str) -> dict[str, str]:
    return {"title": texts.button(key), "payload": f"/{BUTTON_INTENTS[key]}"}


def normalise_title(text: str) -> str:
    """How a typed title is compared: case, outer spaces and end punctuation ignored."""
    return " ".join(text.lower().split()).rstrip(".!?")


def intents_by_title() -> dict[str, str]:
    return {normalise_title(texts.button(key)): intent for key, intent in BUTTON_INTENTS.items()}
