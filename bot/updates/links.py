"""The signed links in the updates: the unsubscribe link in every update (the registration
number and an HMAC of it), and the offer link in the offer mail and its reminder (the
offer and the texts variant, signed), and the touchpoint survey link (registration, survey
moment, variant and the day it was sent, signed). No stored token; no link can be made for
another registration, offer or survey."""

import hashlib
import hmac
import secrets
from datetime import date
from urllib.parse import urlencode

from bot.settings import Settings


def link_secret(settings: Settings) -> bytes:
    """UPDATES_LINK_SECRET, or one made once and kept in var_dir (links survive restarts)."""
    if settings.updates_link_secret:
        return settings.updates_link_secret.encode()
    path = settings.var_dir / "updates_link_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip().encode()


def signature(settings: Settings, number: str) -> str:
    digest = hmac.new(link_secret(settings), number.encode(), hashlib.sha256).hexdigest()
    return digest[:32]


def unsubscribe_url(settings: Settings, number: str, form: str = "u") -> str:
    """The signed link; the page speaks English for an English update (`form` "en")."""
    query = urlencode(
        {"n": number, "s": signature(settings, number)} | ({"lang": "en"} if form == "en" else {})
    )
    return f"{settings.resolved_console_url}/updates/unsubscribe?{query}"


def valid(settings: Settings, number: str, given: str) -> bool:
    """Compared as bytes: compare_digest refuses str with non-ASCII characters (a forged
    link must get the page for a wrong link, not a server error)."""
    return hmac.compare_digest(signature(settings, number).encode(), given.encode())


# the offer link: one offer in one texts variant, answered on the console's public page
FORMS = ("u", "je", "en")


def offer_signature(settings: Settings, offer_id: int, form: str) -> str:
    """Signs the offer and the variant: an altered number or language is a wrong link.
    The "offer:" prefix keeps it apart from the unsubscribe link's signature."""
    message = f"offer:{offer_id}:{form}".encode()
    return hmac.new(link_secret(settings), message, hashlib.sha256).hexdigest()[:32]


def offer_url(settings: Settings, offer_id: int, form: str = "u") -> str:
    """The signed link to the page that shows the offer and takes the answer, in `form`."""
    query = urlencode({"o": offer_id, "f": form, "s": offer_signature(settings, offer_id, form)})
    return f"{settings.resolved_console_url}/offers/answer?{query}"


def offer_link_valid(settings: Settings, offer_id: str, form: str, given: str) -> bool:
    """The link's parts as given (text): a number, a known variant and their signature."""
    if not offer_id.isascii() or not offer_id.isdigit() or form not in FORMS:
        return False
    expected = offer_signature(settings, int(offer_id), form).encode()
    return hmac.compare_digest(expected, given.encode())


# the survey link: one registration, one survey moment, one texts variant and the day it
# was sent (the link expires `survey_link_days` later), signed; nothing stored
def survey_signature(settings: Settings, number: str, moment: str, form: str, sent: str) -> str:
    """The "survey:" prefix keeps it apart from the other links' signatures."""
    message = f"survey:{number}:{moment}:{form}:{sent}".encode()
    return hmac.new(link_secret(settings), message, hashlib.sha256).hexdigest()[:32]


def survey_url(settings: Settings, number: str, moment: str, form: str, sent: date) -> str:
    """The signed link to the survey page, in `form`, sent on day `sent`."""
    day = sent.isoformat()
    query = urlencode(
        {
            "n": number,
            "m": moment,
            "f": form,
            "d": day,
            "s": survey_signature(settings, number, moment, form, day),
        }
    )
    return f"{settings.resolved_console_url}/surveys/answer?{query}"


def survey_link_valid(
    settings: Settings, number: str, moment: str, form: str, sent: str, given: str
) -> bool:
    """The link's parts as given (text): a known variant and their signature (the moment
    and the day are checked by the page once the signature holds)."""
    if form not in FORMS or not all(part.isascii() for part in (number, moment, sent)):
        return False
    expected = survey_signature(settings, number, moment, form, sent).encode()
    return hmac.compare_digest(expected, given.encode())
