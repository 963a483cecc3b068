"""What a change request is about and whether it already holds the new value.

"Ik wil mijn e-mailadres wijzigen" names what changes but not the new address: the bot
asks for it ("Wat is het nieuwe e-mailadres?") instead of reading the question back as
the change. A birth date in a question ("INS-004217, geboren 3-5-2025") is recognised by
the words around it, so the identity check does not ask for it again."""

import re

from bot.conversation.word_patterns import words

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
    PHONE: words(r"telefoon\w*", r"(mobiel|06)[- ]?nummer", r"phone\w*", r"mobile( number)?"),
    BIRTH_DATE: BIRTH_WORDS,
    START_DATE: words(r"start\w*", r"ingangsdatum", r"begin\w*", r"eerder", r"later"),
    LOCATION: words(r"locatie\w*", r"vestiging\w*", r"location\w*"),
    DAYS: words(r"dag(en|del\w*)?", r"days?"),
}
EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE_NUMBER = re.compile(r"(?<!\d)(\+\d{2}|0)[\d\s-]{8,}\d")


def mentions_birth(text: str | None) -> bool:
    return bool(BIRTH_WORDS.search(text or ""))


def subjects_of(text: str | None) -> list[str]:
    """What the change is about, most specific first; empty when the words do not say."""
    return [name for name, words in SUBJECTS.items() if words.search(text or "")]


def subject_of(text: str | None) -> str | None:
    return next(iter(subjects_of(text)), None)


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
