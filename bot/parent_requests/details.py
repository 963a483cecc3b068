"""What a parent's request names, in the planning system's vocabulary: weekday codes,
location codes and a start date, read from their own words ("graag woensdag erbij vanaf
1 september", "liever De Speelweide"). Only what is named is filled in; the words stay
the request, and a planner decides what they mean."""

import re
from dataclasses import dataclass
from datetime import date

from bot.conversation.parsing import parse_date
from bot.waitlist.calendar import parse_weekday, weekday_order
from bot.waitlist.locations import KnownLocation, mentioned_in

WORD = re.compile(r"[a-zA-Z]+\.?")


@dataclass(frozen=True)
class Named:
    weekdays: str = ""  # "ma|wo", as the import writes them
    location_codes: str = ""  # "LOC-1|LOC-2"
    start_date: date | None = None


def named_in(words: str, locations: list[KnownLocation]) -> Named:
    days = {parse_weekday(w) for w in WORD.findall(words) if len(w.rstrip(".")) > 1}
    places = mentioned_in(words, locations)
    return Named(
        weekdays="|".join(weekday_order({d for d in days if d})),
        location_codes="|".join(dict.fromkeys(place.code for place in places)),
        start_date=parse_date(words),
    )
