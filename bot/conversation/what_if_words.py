"""A what-if question, read from its words: "en als ik de woensdag erbij doe?", "wat als we
ook Kikkerland nemen?", "is it faster if we pick more days?", "wat kan ik doen om sneller
een plek te krijgen?".

The estimate suggests such changes; a parent who takes one up in their own words asks what
it would do, which is not a change request ("is het sneller als…" once became one) and not
the general policy text. The model reads these as a change, the policy, the response time
or availability, so the words decide, whatever the intent. A change said as a wish ("ik
wil de woensdag erbij") has none of these words and stays a change. Button payloads
("/affirm") never match.
"""

from datetime import date

from bot.conversation.word_patterns import words
from bot.waitlist.what_if_question import WhatIf

# the pending question (slot `pending_question`) of a what-if kept over the identity check
WHAT_IF = "what_if"

# the question form: a condition or a comparison
ASKS_WHAT_IF = words(
    r"wat als",
    r"als (ik|we|wij)",
    r"stel( dat|,)",
    r"zou (het|dat) (\w+ )?(sneller|eerder|helpen|schelen|uitmaken)",
    r"(is|gaat|wordt) (het|dat) (dan |misschien |ook |nog )*(sneller|eerder)",
    r"(sneller|eerder) (als|met|zonder|wanneer|bij|door)",
    r"scheelt (het|dat)",
    r"helpt (het|dat)",
    r"maakt (het|dat) (\w+ )?(uit|verschil)",
    r"(meer|grotere|betere) kans",
    r"kans (groter|beter)",
    r"what if",
    r"if (i|we|you)",
    r"would (it|that) (\w+ )?(help|be|make|speed)",
    r"(is|will) (it|that) (be )?(any )?(faster|quicker|sooner)",
    r"(faster|quicker|sooner) (if|with|without|when|by)",
    r"(does|will|would) (it|that) help",
    r"(better|bigger|higher) chance",
)
# what the parent could do to be placed sooner, with no change named
ASKS_SOONER = words(
    r"(wat|hoe) (kan|kunnen|moet|moeten) (ik|we|wij|u|je|jij)( \S+){0,6} (sneller|eerder)",
    r"(sneller|eerder) (aan )?(een |de )?(plek|plaats|aanbod|aan de beurt)",
    r"versnel\w*",
    r"how (can|could|do) (i|we)( \S+){0,6} (sooner|faster|quicker)",
    r"what can (i|we) do",
    r"speed (it|this|things) up",
    r"(sooner|faster|quicker) (place|spot|offer)",
    r"get (a )?(place|spot|offer) (sooner|faster|quicker)",
)
DROPS = words(
    r"zonder",
    r"eraf",
    r"er (van)?af",
    r"weg ?(te )?(laten|doen|halen)",
    r"weg ?haa?l\w*",
    r"la(at|ten)\w* (\S+ ){0,3}vallen",
    r"schrap\w*",
    r"minder",
    r"niet meer op",
    r"without",
    r"drop\w*",
    r"remove\w*",
    r"fewer",
    r"less",
)
SWAPS = words(
    r"in plaats van",
    r"i\.?p\.?v\.?",
    r"ruil\w*",
    r"wissel\w*",
    r"vervang\w*",
    r"(een )?andere dag\w*",
    r"instead( of)?",
    r"swap\w*",
    r"switch\w*",
    r"(a |an )?(other|different) days?",
)
MORE_DAYS = words(
    r"meer dagen",
    r"(een )?(extra|dag) (dag|erbij|extra|meer)",
    r"(een )?dag(je)? (erbij|extra|meer)",
    r"more days",
    r"(an )?(extra|additional|another) day",
    r"add(ing)? (a )?day",
)
FEWER_DAYS = words(
    r"minder dagen",
    r"(een |één )?dag(je)? minder",
    r"fewer days",
    r"less days",
    r"(one )?day less",
)
OTHER_LOCATION = words(
    r"(een )?(andere|tweede|extra) (locatie|vestiging|opvang)\w*",
    r"meer locaties",
    r"(an|another|a second|other|more) (location|site)s?",
)
LATER_START = words(
    r"later (beginnen|starten|begin|start|instromen)\w*",
    r"(begin|start)\w* (\S+ )?later",
    r"later start\w*",
    r"start\w* (\S+ )?later",
)
EARLIER_START = words(
    r"eerder (beginnen|starten|begin|start)\w*",
    r"(begin|start)\w* (\S+ )?eerder",
    r"(earlier|sooner) start\w*",
    r"start\w* (\S+ )?(earlier|sooner)",
)
START_WORDS = words(r"(begin|start)\w*", r"ingangsdatum", r"vanaf", r"per")


def _said(text: str | None) -> str:
    text = " ".join((text or "").replace("\u2019", "'").split())
    return "" if text.startswith("/") else text


def may_ask_what_if(text: str | None) -> bool:
    """Whether the words could ask what a change would do, or what would bring an offer
    sooner (`read_what_if` decides, with what the message names)."""
    said = _said(text)
    return bool(ASKS_WHAT_IF.search(said) or ASKS_SOONER.search(said))


def asks_what_would_help(text: str | None) -> bool:
    """ "Wat kan ik doen om sneller een plek te krijgen?": what would bring an offer sooner."""
    return bool(ASKS_SOONER.search(_said(text)))


def read_what_if(
    text: str | None, *, days: list[str], location_codes: list[str], dates: list[date]
) -> WhatIf | None:
    """The change a what-if question asks about; an empty WhatIf when it names none ("wat
    kan ik doen om sneller een plek te krijgen?": the estimate's own suggestions answer
    it); None when the words ask no what-if. `days`, `location_codes` and `dates`: what
    the message names, read and checked by the caller. A condition alone ("laat maar
    weten als we iets moeten doen") is no what-if: it must name a change, or ask what
    would bring an offer sooner."""
    said = _said(text)
    if not may_ask_what_if(said):
        return None
    start = dates[0] if dates and START_WORDS.search(said) else None
    what_if = WhatIf(
        days=tuple(days),
        drop=bool(days) and bool(DROPS.search(said)),
        swap=bool(days) and bool(SWAPS.search(said)) and not DROPS.search(said),
        location_codes=tuple(location_codes),
        start=start,
        later_start=start is None and bool(LATER_START.search(said)),
        earlier_start=start is None and bool(EARLIER_START.search(said)),
        any_day_in=not days and bool(MORE_DAYS.search(said)),
        any_day_out=not days and bool(FEWER_DAYS.search(said)),
        any_location=not location_codes and bool(OTHER_LOCATION.search(said)),
    )
    if what_if == WhatIf() and not ASKS_SOONER.search(said):
        return None
    return what_if


def names_a_change(what_if: WhatIf) -> bool:
    """Whether the question names a change to work out (else: what would help at all)."""
    return what_if != WhatIf()
