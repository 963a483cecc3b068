"""Short replies read by their words, whatever the model made of them: a yes to the bot's
own question ("ja graag", "yes please", "oké", a thumbs-up), a message without words (three
angry emoji), and a code that did not arrive ("de code komt nog steeds niet aan").

The model reads "ja graag" as thanks and "the code does not arrive" as "not registered"
(the negation is what it learned from "nog niet ingeschreven"); the words settle it.
"""

import re

# what "ja" to an open question of the bot (the `awaiting_confirmation` slot) does
OFFER_PERSON = "person"  # a person at head office
OFFER_NEW_CODE = "new_code"  # a new one-time code
OFFER_CHECK = "identity_check"  # start the identity check
OFFER_WHATSAPP = "whatsapp_updates"  # the updates on WhatsApp, to the number named
OFFERS = (OFFER_PERSON, OFFER_NEW_CODE, OFFER_CHECK, OFFER_WHATSAPP)

_YES_WORDS = "|".join(
    (
        r"ja+",
        r"jawel",
        r"jazeker",
        r"jep",
        r"jup",
        r"graag",
        r"heel graag",
        r"hoor",
        r"zeker",
        r"prima",
        r"goed",
        r"is goed",
        r"dat is goed",
        r"doe maar",
        r"ok[eé]?",
        r"okay",
        r"oki",
        r"yes",
        r"yeah",
        r"yep",
        r"sure",
        r"please",
        r"fine",
        r"alright",
        r"all right",
        r"aub",
        r"a\.u\.b",
        r"svp",
    )
)
# thumbs up, OK hand, check marks, folded hands, a smile (skin tones and variation
# selectors are filler)
_YES_SIGNS = "\U0001f44d\U0001f44c\u2705\u2714\U0001f64f\U0001f642\U0001f60a"
_FILLER = r"[\s,.!:;\-\ufe0f\U0001f3fb-\U0001f3ff]"
_ONE_YES = rf"(?:(?:{_YES_WORDS})(?!\w)|[{_YES_SIGNS}])"
YES = re.compile(rf"{_FILLER}*{_ONE_YES}(?:{_FILLER}*{_ONE_YES})*{_FILLER}*", re.IGNORECASE)
# a letter or digit of any script
WORDS = re.compile(r"[^\W_]")

_CODE = r"(?:controle)?code(?:s|je)?|e-?mail(?:tje)?s?|mail(?:tje)?s?|sms(?:je)?|verification"
_RECEIVED_NL = r"ontvangen|gekregen|gehad|binnen|aangekomen|doorgekomen|gezien|gevonden"
_RECEIVED_EN = r"arriv\w*|come|came|coming|receiv\w*|get|got|gotten|show\w*|see|seen|find|found"
# a negated receiving: enough on its own where a code was asked for
NOT_RECEIVED = re.compile(
    "|".join(
        (
            rf"(?<!\w)(?:niet|niks|nix|niets|nergens)(?: \w+){{0,2}} (?:{_RECEIVED_NL})(?!\w)",
            r"(?<!\w)(?:ontvang|krijg|zie|vind)\w* (?:\w+ ){0,2}(?:niet|niks|nix|niets|geen)(?!\w)",
            r"(?<!\w)komt (?:\w+ ){0,3}niet(?!\w)",
            r"(?<!\w)(?:nog (?:steeds )?(?:niks|nix|niets)|still nothing|nothing yet)(?!\w)",
            # "I've had nothing again", "not even in my junk folder"
            r"(?<!\w)(?:had|got|received|gotten|seen|found) nothing(?!\w)",
            r"(?<!\w)not (?:even )?in (?:my|the|our) (?:junk|spam)",
            r"(?<!\w)(?:ook )?niet in (?:mijn|de|m['’]?n) (?:spam|ongewenste)",
            rf"(?:(?<!\w)not|(?<!\w)never|n['’]?t)(?: \w+){{0,2}} (?:{_RECEIVED_EN})(?!\w)",
        )
    ),
    re.IGNORECASE,
)
# "geen mail", "no code": an absence, with the code or the mail named
CODE_WORD = re.compile(rf"(?<!\w)(?:{_CODE})(?!\w)", re.IGNORECASE)
NONE = re.compile(r"(?<!\w)(?:geen|niks|nix|niets|no|nothing)(?!\w)", re.IGNORECASE)


def says_yes(text: str | None) -> bool:
    """The whole message is a yes ("ja", "ja graag!", "yes please", "oké 👍"); a yes with
    more in it ("ja, maar wat kost het?") is read as what else it says."""
    return bool(text) and not text.startswith("/") and YES.fullmatch(text) is not None


def without_words(text: str | None) -> bool:
    """Only emoji and punctuation ("😡😡😡", "?!"): no letter or digit. Button payloads
    ("/affirm") have words."""
    return bool(text and text.strip()) and WORDS.search(text) is None


def code_not_received(text: str | None) -> bool:
    """The parent says the code (or its mail) did not come: "de code komt niet aan", "geen
    mail gehad", "the code does not arrive", "still no email"."""
    if not text or text.startswith("/"):
        return False
    if NOT_RECEIVED.search(text):
        return True
    return CODE_WORD.search(text) is not None and NONE.search(text) is not None
