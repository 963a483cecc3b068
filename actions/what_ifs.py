"""What-if questions about the parent's own registration ("en als ik de woensdag erbij
doe?", "wat kan ik doen om sneller een plek te krijgen?"): read by their words
(bot/conversation/what_if_words.py) whatever the model's intent, and answered with the
estimate for that change (bot/waitlist/what_if_question.py). Nothing is stored: a
question is never a change request."""

from typing import Any

from sqlalchemy.orm import Session

from actions.common import (
    with_database,
)
from bot.conversation import formats, question_filters, texts
from bot.conversation.explain import describe_what_if
from bot.conversation.parsing import parse_date
from bot.conversation.what_if_words import may_ask_what_if, names_a_change, read_what_if
from bot.shared import clock
from bot.waitlist.locations import KnownLocation, all_locations, mentioned_in, resolve
from bot.waitlist.what_if_question import WhatIf, estimate_what_if


def what_if_in(
    message: dict[str, Any], known: list[KnownLocation]
) -> tuple[WhatIf | None, list[str]]:
    """The what-if a message asks (None: none), and the locations it names that do not
    exist: the model's location entities and the names and cities the words hold."""
    text = message.get("text") or ""
    names = question_filters.locations_in(message)
    resolved = {name: resolve(name, known) for name in names}
    # the name as written, also where the model tagged too much or too little of it
    written = mentioned_in(text, known)
    places = [place for found in resolved.values() for place in found] + written
    unknown = [] if written else [name for name, found in resolved.items() if not found]
    dates = [
        parse_date(str(entity.get("value")))
        for entity in message.get("entities") or []
        if entity.get("entity") == "date"
    ]
    what_if = read_what_if(
        text,
        days=question_filters.days_in(message),
        location_codes=list(dict.fromkeys(place.code for place in places)),
        dates=[day for day in dates if day is not None],
    )
    return what_if, unknown


async def reads_as_what_if(message: dict[str, Any], *, general: bool = True) -> bool:
    """Whether a message asks a what-if; `general`: also what would help at all ("wat kan ik
    doen om sneller een plek te krijgen?"), which only a registration can answer."""
    if not may_ask_what_if(message.get("text")):
        return False
    known = await with_database(lambda session: all_locations(session=session))
    what_if, unknown = what_if_in(message, known)
    if what_if is None:
        return bool(unknown)
    return general or names_a_change(what_if)


def what_if_texts(session: Session, number: str, message: dict[str, Any], form: str) -> list[str]:
    """The answer: a location not known, and what the change would do (all in `form`)."""
    known = all_locations(session=session)
    what_if, unknown = what_if_in(message, known)
    places = formats.word_list([f"{place.name} ({place.city})" for place in known], form)
    messages = [texts.say("location_unknown", form, name=name, places=places) for name in unknown]
    if what_if is None and messages:
        return messages
    answer = estimate_what_if(
        session=session, number=number, what_if=what_if or WhatIf(), today=clock.today()
    )
    return [*messages, *describe_what_if(answer, form)]
