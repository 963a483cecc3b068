"""The buttons the assistant offers: a title from texts.yml and the intent it sends.

The same table serves the NLU pipeline (bot/nlu/exact_messages.py): a parent who types a
button's title in either language ("Mijn inschrijving", "My registration") means what the
button means."""

from collections.abc import Iterator, Mapping

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
    "position": "ask_waitlist_position",
    "change": "change_registration",
    "policy": "ask_placement_policy",
    "offer": "ask_offer",
    "costs": "ask_costs",
    "complaint": "complain",
    "not_registered": "not_registered",
    "lost_number": "missing_number",
    "locations": "ask_locations",
    # none of the meanings the bot offered: the second miss, with a person first
    "something_else": "nlu_fallback",
    # after declining an offer: as it is, other wishes (a change), or withdraw (read back)
    "keep_waiting": "affirm",
    "other_wishes": "change_registration",
    "withdraw": "cancel_registration",
}
# What the bot may offer when it is unsure which of these a message means
# (bot/conversation/which_intent.py): intent -> its button. Never small talk, details,
# out of scope, or a cancellation (no destructive step on a guess).
CHOICES = {
    "ask_placement_status": "my_registration",
    "ask_waitlist_position": "position",
    "ask_response_time": "when_offer",
    "ask_availability": "availability",
    "ask_registration_process": "register",
    "change_registration": "change",
    "ask_placement_policy": "policy",
    "ask_offer": "offer",
    "ask_costs": "costs",
    "request_human": "talk_to_person",
    "complain": "complaint",
    "not_registered": "not_registered",
    "missing_number": "lost_number",
    "missing_code": "new_code",
    "ask_locations": "locations",
}

# A bot message's key for the label of its choices: WhatsApp shows more than three buttons
# as a list behind a button with this label (bot/channels/whatsapp.py). Without it the
# choices are topics ("Kies een onderwerp").
LIST_LABEL = "list_label"
# A button's optional words under its title, in a WhatsApp list row.
DESCRIPTION = "description"
SCORES = range(1, 6)


def button(key: str, form: str = "u") -> dict[str, str]:
    """The button `key` with its title in the variant `form`'s language."""
    return {"title": texts.button(key, form), "payload": f"/{BUTTON_INTENTS[key]}"}


def normalise_title(text: str) -> str:
    """How a typed title is compared: case, outer spaces and end punctuation ignored."""
    return " ".join(text.lower().split()).rstrip(".!?")


class TitleIntents(Mapping[str, str]):
    """Every button's Dutch and English title (normalised) -> its intent, read at each
    lookup: a title head office edits in the console is recognised when typed from then
    on (the NLU component keeps this mapping from its start), and texts.yml's title too."""

    def _titles(self) -> dict[str, str]:
        titles = {
            normalise_title(texts.default_button(key, lang)): intent
            for lang in (DUTCH, ENGLISH)
            for key, intent in BUTTON_INTENTS.items()
        }
        titles.update(
            (normalise_title(texts.button(key, lang)), intent)
            for lang in (DUTCH, ENGLISH)
            for key, intent in BUTTON_INTENTS.items()
        )
        return titles

    def __getitem__(self, title: str) -> str:
        return self._titles()[title]

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles())

    def __len__(self) -> int:
        return len(self._titles())


def intents_by_title() -> Mapping[str, str]:
    """Every button's title (normalised) -> its intent, as head office has the titles."""
    return TitleIntents()


def score_buttons(form: str = "u") -> list[dict[str, str]]:
    """The satisfaction score's buttons, 1 to 5, titled with the digit (what a parent types
    back on a channel without buttons); the lowest and the highest carry their words
    ("niet tevreden", "heel tevreden") as a description, which WhatsApp's list shows."""
    words = {
        SCORES[0]: texts.button("score_lowest", form),
        SCORES[-1]: texts.button("score_highest", form),
    }
    return [
        {
            "title": str(score),
            "payload": f'/inform{{"satisfaction_score":"{score}"}}',
            **({DESCRIPTION: words[score]} if score in words else {}),
        }
        for score in SCORES
    ]
