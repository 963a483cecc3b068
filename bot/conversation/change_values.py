"""What a change request is about and whether it already holds the new value.

"Ik wil mijn e-mailadres wijzigen" names what changes but not the new address: the bot
asks for it ("Wat is het nieuwe e-mailadres?") instead of reading the question back as
the change, and takes the next message as the value only when it holds one of that kind
(`answer_holds`): ".", "weet ik niet" or a question in between is never filed as the new
e-mail address. A birth date in a question ("INS-004217, geboren 3-5-2025") is
recognised by the words around it, so the identity check does not ask for it again."""

import re

from bot.conversation.word_patterns import ASKS_FOR_ROOM, asks, words
from bot.shared.dutch_dates import MONTHS

EMAIL, PHONE, BIRTH_DATE, START_DATE, LOCATION, DAYS = (
    "email",
    "phone",
    "birth_date",
    "start_date",
    "location",
    "days",
)


BIRTH_WORDS = words(
    r"geboren", r"geb\.?", r"geboorte\w*", r"born", r"birth\w*", r"date of birth", r"dob"
)
# what a change is about, most specific first ("geboortedatum" before "datum", a start
# date before its days)
SUBJECTS = {
    EMAIL: words(r"e-?mail\w*", r"mail ?adres\w*", r"mail"),
    PHONE: words(
        r"telefoon\w*",
        r"tel\.? ?(nr|nummer)\.?",
        r"(mobiel|06)[- ]?(nummer|nr)",
        r"phone\w*",
        r"mobile( number)?",
    ),
    BIRTH_DATE: BIRTH_WORDS,
    START_DATE: words(r"start\w*", r"ingangsdatum", r"begin\w*", r"eerder", r"later"),
    LOCATION: words(r"locatie\w*", r"vestiging\w*", r"location\w*"),
    DAYS: words(r"dag(en|del\w*)?", r"days?"),
}
# words that ask for something to change, with what it is about ("het e-mailadres klopt
# niet", "ons telnr is anders", "I need to update my email address")
CHANGES = words(
    r"wijzig\w*",
    r"aanpass\w*",
    r"aan te passen",
    r"pas\w* (\S+ ){0,3}aan",
    r"verander\w*",
    r"(klopt|kloppen) (\S+ ){0,2}niet",
    r"(is|zijn) (\S+ ){0,2}(anders|fout|verkeerd)",
    r"verkeerd\w*",
    r"change\w*",
    r"update\w*",
    r"correct\w*",
    r"wrong",
    r"incorrect",
)
# "een nieuw telefoonnummer", "andere dagen", "a new email address": new, right before
# what it is about (not "een mail met een nieuwe code")
NEW = r"(nieuwe?|andere?|new|different|other)( \S+)? "
NEW_SUBJECT = words(
    NEW + r"(e-?mail\w*|mail ?adres\w*|telefoon\w*|tel\.? ?(nr|nummer)|(mobiel|06)[- ]?nummer)",
    NEW + r"(phone\w*|mobile|start\w*|ingangsdatum|dag(en|del\w*)?|days?|locatie\w*)",
    NEW + r"(vestiging\w*|location\w*|geboortedatum)",
)
# a question about the value itself: "wat is de nieuwe startdatum?", "when is the new
# start date?"
ASKS_WHAT_IT_IS = words(
    r"(wat|wanneer|welke|what|when|which)( \S+)? (is|zijn|wordt|worden|was|will|are)"
)
# when a start date could be: a month, "later", "na de zomer", "zo snel mogelijk"
WHEN_WORDS = words(
    # "may" and "mar" also open questions and sentences: a day with them is a date
    *(re.escape(month) for month in MONTHS if month not in ("may", "mar")),
    r"(of|in|from|by|end of|early|late|mid) may",
    r"may \d+\w*",
    r"later",
    r"eerder",
    r"zomer\w*",
    r"maand\w*",
    r"weken",
    r"week",
    r"jaar",
    r"zsm",
    r"zo snel (als )?mogelijk",
    r"direct",
    r"meteen",
    r"earlier",
    r"sooner",
    r"summer",
    r"months?",
    r"weeks?",
    r"year",
    r"asap",
    r"as soon as possible",
)
# words that name a day, a number of days or one more or fewer
DAY_WORDS = words(
    r"(maan|dins|woens|donder|vrij)dag\w*",
    r"(mon|tue|tues|wed|weds|thu|thur|thurs|fri)",
    r"(mon|tues|wednes|thurs|fri)days?",
    r"\d+ (dag|dagen|days?)",
    r"(een|één|twee|drie|vier|vijf|one|two|three|four|five) (dag|dagen|days?)",
    r"(extra|minder|meer|erbij|eraf|fewer|more)",
)
EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE_NUMBER = re.compile(r"(?<!\d)(\+\d{2}|0)[\d\s-]{8,}\d")


def mentions_birth(text: str | None) -> bool:
    return bool(BIRTH_WORDS.search(text or ""))


def subjects_of(text: str | None) -> list[str]:
    """What the change is about, most specific first; empty when the words do not say."""
    return [name for name, words in SUBJECTS.items() if words.search(text or "")]


def subject_of(text: str | None) -> str | None:
    return next(iter(subjects_of(text)), None)


def asks_to_change(text: str | None) -> bool:
    """ "de geboortedatum van fenna klopt niet", "ons telnr is anders": the words name what
    to change and that it changes, whatever the model made of them; a question about it
    ("wat is mijn nieuwe startdatum?") or whether there is room ("we zoeken een andere
    locatie, hebben jullie plek in Zeist") is not a request; "kan ik mijn e-mailadres
    wijzigen?" and "hoe geef ik een nieuw nummer door?" are."""
    said = (text or "").strip()
    changes = (CHANGES.search(said) and subjects_of(said)) or NEW_SUBJECT.search(said)
    return bool(changes) and not ASKS_WHAT_IT_IS.match(said) and not ASKS_FOR_ROOM.search(said)


def is_noise(text: str | None) -> bool:
    """ ".", "??", "👍": no letter and no digit, so nothing that could be a new value."""
    return not any(character.isalnum() for character in text or "")


def answer_holds(
    subject: str | None,
    text: str | None,
    *,
    dates: list[str],
    days: list[str],
    locations: list[str],
) -> bool:
    """Whether the answer to "Wat is het nieuwe e-mailadres?" (or the question for
    `subject`) holds such a value: an address, a number, a whole date for a birth; a day or
    a number of days; for a start date or a location anything that says when or where.
    Never noise, and never a question that holds none ("hoe lang duurt dat?")."""
    said = text or ""
    if is_noise(said):
        return False
    held = {
        EMAIL: bool(EMAIL_ADDRESS.search(said)),
        PHONE: bool(PHONE_NUMBER.search(said)),
        BIRTH_DATE: bool(dates),
        START_DATE: bool(dates) or bool(WHEN_WORDS.search(said)),
        DAYS: bool(days) or bool(DAY_WORDS.search(said)),
        LOCATION: bool(locations),
    }
    if subject is not None and held[subject]:
        return True
    if asks(said):
        return False
    if subject == LOCATION:
        # a name the model did not tag ("die in Zeist"), read back to the parent as typed
        return True
    return subject is None and bool(
        any(held.values()) or CHANGES.search(said) or NEW_SUBJECT.search(said)
    )


def holds_value(
    text: str | None, *, dates: list[str], days: list[str], locations: list[str], care: bool
) -> bool:
    """Whether the message holds a new value: a valid day or location, or the value of
    what its words change (an e-mail address, a phone number, a date); without such
    words, also a care type."""
    text = text or ""
    values = {
        EMAIL: bool(EMAIL_ADDRESS.search(text)),
        PHONE: bool(PHONE_NUMBER.search(text)),
        BIRTH_DATE: bool(dates),
        START_DATE: bool(dates),
        LOCATION: bool(locations),
        DAYS: bool(days),
    }
    if days or locations:
        return True  # a day or location named is concrete, whatever else the words say
    subjects = subjects_of(text)
    if subjects:
        return any(values[subject] for subject in subjects)
    return care or any(values.values())
