"""What a parent's answer to a placement offer says, read from its words: "we nemen hem!"
accepts, "nee, die dagen kunnen we niet" declines, "kan de startdatum later?" asks for a
later start, "mogen we een paar dagen langer nadenken?" for more time, "welke groep is
het?" is a question about the offer.

The model reads these as a status question, a change, a cancellation ("we'd like to
decline") or a yes; the words decide, and only for a parent with an open offer (without
one, "kan de startdatum later?" is a change). Nothing here stores anything: the bot reads
the decision back and files it on "ja". Button payloads ("/affirm") never match.
"""

from bot.conversation.request_words import NAMES_A_DAY, STOPS_EVERYTHING, changes_a_part
from bot.conversation.short_replies import says_yes
from bot.conversation.word_patterns import words

ACCEPT, DECLINE = "accept", "decline"
QUESTION, MORE_TIME, LATER_START = "question", "more_time", "later_start"
# a bare yes or no to the bot's question, and "laat maar"
YES, NO, DROP = "yes", "no", "drop"
# what the parent answers to "Blijft Noor op de wachtlijst?" after a decline
KEEP_WAITING, OTHER_WISHES, WITHDRAW = "keep", "other_wishes", "withdraw"

# The bot's open questions about an offer (the `awaiting_confirmation` slot): it showed the
# offer and asked whether they want it; it read back an accept or a decline (the request
# kinds); it asked, after a decline, whether to keep waiting as now, with other wishes, or
# to withdraw.
OFFER_SHOWN, AFTER_DECLINE = "offer_shown", "after_decline"
READ_BACKS = ("accept_offer", "decline_offer")
OFFER_STEPS = (OFFER_SHOWN, *READ_BACKS, AFTER_DECLINE)
# "laat maar", "ik overleg eerst even": nothing decided now (the model once took it for a
# complaint)
NEVER_MIND = words(
    r"laat (maar|het|even)( zitten)?",
    r"(eerst|nog) (even )?(overleggen|nadenken|bespreken)",
    r"overleg\w* (\w+ ){0,2}(eerst|even)",
    r"never ?mind",
    r"forget (it|that)",
    r"not (yet|now)",
)
# questions with an answer of their own, also while the bot waits for an answer to the offer
OWN_ANSWERS = frozenset(
    {
        "ask_registration_process",
        "ask_placement_policy",
        "ask_waitlist_position",
        "ask_availability",
        "ask_locations",
        "bot_challenge",
        "greet",
        "goodbye",
        "thank",
        "not_registered",
        "missing_number",
        "missing_code",
    }
)
# what only the offer itself answers: its group, its staff, its start, its days
ABOUT_THE_PLACE = words(
    r"groep\w*",
    r"groups?",
    r"leidsters?",
    r"pedagogisch\w*",
    r"mentor\w*",
    r"wenn\w*",
    r"settling in",
    r"(welke|which) (dagen|days|locatie|location)",
)
BARE_NO = ("nee", "neen", "nee hoor", "nope", "no", "no thanks", "nee dank je", "nee dankje")

MORE_TIME_WORDS = words(
    r"meer tijd",
    r"(langer|extra tijd|meer dagen|paar dagen|week) (\w+ )?(nadenken|bedenktijd|om te beslissen)",
    r"(langer|extra) bedenktijd",
    r"bedenktijd (\w+ )?(verleng\w*|langer)",
    r"uitstel",
    r"(termijn|deadline|reactietermijn) (\w+ ){0,3}(verleng\w*|opschuiven|later)",
    r"verleng\w* (\w+ ){0,3}(termijn|deadline)",
    r"later (laten weten|reageren|beslissen|antwoorden)",
    r"more time",
    r"(extend|extension)\w*",
    r"a (few|couple of) (more )?days to (think|decide)",
    r"(decide|answer|reply|respond) later",
)
LATER_START_WORDS = words(
    r"start\w* (\w+ ){0,3}(later|opschuiven|uitstellen|verschuiven)",
    r"(later|pas) (\w+ ){0,3}(starten|beginnen|in ?gaan)",
    r"(starten|beginnen|ingaan) (\w+ ){0,2}later",
    r"begindatum (\w+ ){0,3}later",
    r"(start|begin)\w* (\w+ ){0,3}(later|afterwards|postpone\w*|delay\w*)",
    r"later start",
    r"(postpone|delay)\w* (\w+ ){0,3}start",
)
DECLINE_WORDS = words(
    r"nee",
    r"neen",
    r"helaas niet",
    r"niet aan ?nemen",
    r"nemen (\w+ ){0,3}niet( aan)?",
    r"(willen|wil) (\w+ ){0,3}niet",
    r"(kunnen|kan) (\w+ ){0,3}niet",
    r"past (\w+ ){0,2}niet",
    r"weiger\w*",
    r"afwijz\w*",
    r"wijzen (\w+ ){0,3}af",
    r"afslaan",
    r"slaan (\w+ ){0,3}af",
    r"bedank\w* (\w+ )?voor de plek",
    r"geen (interesse|behoefte)",
    r"no",
    r"not (interested|take|accept)",
    r"declin\w*",
    r"turn\w* (\w+ ){0,3}down",
    r"(can't|cannot|can not|won't|don't|do not) (\w+ ){0,3}(take|accept|want|make|do)",
    r"pass on",
    r"reject\w*",
)
ACCEPT_WORDS = words(
    r"ja+",
    r"jazeker",
    r"graag",
    r"(nemen|neem) (\w+ ){0,3}(aan|hem|haar|het|de plek|de plaats|die|deze)",
    r"(nemen|neem) (\w+ )?(hem|haar|het|die|deze)",
    r"aan ?nemen",
    r"accepte\w*",
    r"akkoord",
    r"(willen|wil) (\w+ ){0,3}(de |die |deze )?(plek|plaats|aanbod)",
    r"(gaan|ga) (\w+ )?(ervoor|akkoord)",
    r"top,? we",
    r"we('re| are)? (happy|glad|delighted) to (take|accept)",
    r"accept\w*",
    r"(take|taking|want|like) (\w+ )?(it|the place|the spot|the offer)",
    r"yes",
    r"sure",
)
QUESTION_WORDS = words(
    r"wat",
    r"welke?",
    r"hoe",
    r"hoeveel",
    r"wanneer",
    r"waar",
    r"wie",
    r"waarom",
    r"kan",
    r"kunnen",
    r"mag",
    r"mogen",
    r"is (het|er|dat|die)",
    r"zit",
    r"what",
    r"which",
    r"how",
    r"when",
    r"where",
    r"who",
    r"why",
    r"can",
    r"could",
    r"is (it|there|that)",
    r"do (we|i|you)",
    r"does",
    r"misschien",
    r"twijfel\w*",
    r"maybe",
    r"not sure",
)
WITHDRAW_WORDS = words(
    r"(inschrijving|registration) (\w+ ){0,2}(intrekken|stoppen|annuleren|cancel\w*|withdraw\w*)",
    r"(intrekken|stoppen|withdraw)",
    r"trek\w* (de |onze |mijn |die |het )?(inschrijving|aanmelding)\w*( \S+){0,3} in",
    r"helemaal (van de lijst|stoppen|af)",
)

# "we stoppen niet hoor": staying, said with the words of leaving
KEEPS_REGISTRATION = words(
    r"(stoppen|intrekken|trekken|afmelden|withdraw\w*|cancel\w*) (\w+ )?niet",
    r"niet (\w+ )?(stoppen|intrekken|afmelden|uitschrijven)",
    r"(don't|do not|not) (\w+ )?(withdraw|cancel|stop)",
)


def _said(text: str | None) -> str:
    """The parent's words, or "" for a button payload."""
    text = " ".join((text or "").replace("\u2019", "'").split())
    return "" if text.startswith("/") else text


def offer_answer(text: str | None) -> str | None:
    """What the words say about the offer: MORE_TIME or LATER_START (for a person, before
    anything is decided), DECLINE, ACCEPT, a QUESTION, or None (nothing about it).

    More time and a later start come first: "we nemen hem graag, kan de start later?" is
    not yet a yes. A decline before an accept: "nee, we nemen hem niet" has both. A yes with
    a question ("ja, maar wat kost het?") is a question."""
    said = _said(text)
    if not said:
        return None
    if MORE_TIME_WORDS.search(said):
        return MORE_TIME
    if LATER_START_WORDS.search(said):
        return LATER_START
    if says_yes(said):
        return ACCEPT
    asks = said.rstrip().endswith("?") or QUESTION_WORDS.match(said) is not None
    if DECLINE_WORDS.search(said) and not asks:
        return DECLINE
    if ACCEPT_WORDS.search(said) and not asks:
        return ACCEPT
    if asks or QUESTION_WORDS.search(said):
        return QUESTION
    return None


def decides(text: str | None) -> str | None:
    """ACCEPT or DECLINE said in so many words ("we nemen de plek aan", "we'd like to
    decline"), or a request for more time or a later start: an answer to the offer even
    when the bot asked nothing. Not a bare "ja" or "nee", which answer the bot's question."""
    said = _said(text)
    if not said or says_yes(said) or said.lower().strip(" .!") in ("nee", "no", "neen"):
        return None
    reading = offer_answer(said)
    if reading in (MORE_TIME, LATER_START):
        return reading
    explicit = words(
        r"plek",
        r"plaats",
        r"aanbod",
        r"place",
        r"spot",
        r"offer",
        r"(nemen|neem) (\w+ )?(hem|haar|het|aan)",
        r"aan ?nemen",
        r"accept\w*",
        r"take (it|him|her)",
        r"declin\w*",
        r"weiger\w*",
        r"afslaan",
        r"turn\w* (\w+ ){0,3}down",
        r"(die|deze|de aangeboden) dagen",
    )
    return reading if reading in (ACCEPT, DECLINE) and explicit.search(said) else None


def reply_to_offer_question(text: str | None, intent: str | None) -> str | None:
    """The parent's reply while the bot waits for an answer about the offer: YES, NO (a
    bare "nee" or the Nee button), DROP ("laat maar"), ACCEPT or DECLINE in so many words,
    MORE_TIME, LATER_START or a QUESTION; None: something else, answered as usual."""
    said = _said(text)
    if not said:
        return {"affirm": YES, "deny": NO}.get(intent or "")
    if says_yes(said):
        return YES
    if said.lower().strip(" .!") in BARE_NO:
        return NO
    reading = offer_answer(said)
    if reading in (MORE_TIME, LATER_START):
        return reading
    if NEVER_MIND.search(said):
        return DROP
    if reading == QUESTION:
        return reading
    explicit = decides(said)
    if explicit:
        return explicit
    if intent == "affirm" or reading == ACCEPT:
        return YES
    if reading == DECLINE:
        return NO
    return DROP if intent == "deny" else None


def after_decline(text: str | None, intent: str | None, names_a_part: bool = False) -> str:
    """What the parent wants after declining: WITHDRAW only when they say so (the button, or
    words that stop the whole registration), OTHER_WISHES when they name other days or
    locations (or choose the button), else KEEP_WAITING: a decline never withdraws."""
    said = _said(text)
    if intent == "cancel_registration" and not said:
        return WITHDRAW
    leaves = STOPS_EVERYTHING.search(said) or WITHDRAW_WORDS.search(said)
    if said and leaves and not KEEPS_REGISTRATION.search(said):
        return WITHDRAW
    wishes = names_a_part or changes_a_part(said) or NAMES_A_DAY.search(said) is not None
    if intent == "change_registration" or wishes:
        return OTHER_WISHES
    return KEEP_WAITING


def answers_offer_question(
    step: str | None, text: str | None, intent: str | None, names_a_part: bool = False
) -> bool:
    """Whether the message answers the bot's open question about an offer (`step`),
    whatever the model made of it: "ja graag, we willen de plek" read as a status question
    still says yes. Asking for a person is never such an answer, nor is a complaint unless
    its words only put the decision off ("laat maar, ik overleg eerst")."""
    if step not in OFFER_STEPS or intent == "request_human":
        return False
    if step != AFTER_DECLINE:
        reply = reply_to_offer_question(text, intent)
        if intent == "complain":
            return reply == DROP
        # "hoe werkt de wachtlijst?" has its own answer; "welke groep is het?" is for a
        # person, whatever intent the model read in it
        own = intent in OWN_ANSWERS and not ABOUT_THE_PLACE.search(_said(text))
        return reply is not None and not (reply == QUESTION and own)
    said = _said(text)
    if intent in ("affirm", "deny", "change_registration", "cancel_registration"):
        return True
    return says_yes(said) or after_decline(said, intent, names_a_part) != KEEP_WAITING


# "hebben we al een aanbod gekregen?": the offer named; "wanneer krijgen we een aanbod?"
# asks when (the response time)
OFFER_NAMED = words(r"aanbod", r"aanbieding", r"aangeboden", r"offer", r"offered")
ASKS_WHEN = words(r"wanneer", r"hoe lang", r"hoelang", r"when", r"how long")


def asks_about_offer(text: str | None) -> bool:
    """ "Hebben we al een aanbod gekregen?", read by the model as the status question: the
    offer question (whether one was made, or what it is), not when one comes."""
    said = _said(text)
    return bool(OFFER_NAMED.search(said)) and not ASKS_WHEN.search(said)
