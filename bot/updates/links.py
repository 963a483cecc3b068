"""The signed links in the updates: the unsubscribe link in every update (the registration
number and an HMAC of it), and the offer link in the offer mail and its reminder (the
offer and the texts variant, signed), and the touchpoint survey link (registration, survey
moment, variant and the day it was sent, signed). No stored token; no link can be made for
another registration, offer or survey.

`Links` holds the secret and the console's address for a whole updates run: reading the
secret's file and the settings' groups for every message cost more than the rest of the
message (issue 33)."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from bot.settings import Settings

# the offer link: one offer in one texts variant, answered on the console's public page
FORMS = ("u", "je", "en")


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


def _sign(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Links:
    """The links of one set of settings, made with the secret read once."""

    secret: bytes
    console_url: str

    @classmethod
    def of(cls, settings: Settings) -> "Links":
        return cls(link_secret(settings), settings.resolved_console_url)

    def unsubscribe(self, number: str, form: str = "u") -> str:
        """The signed link; the page speaks English for an English update (`form` "en")."""
        english = {"lang": "en"} if form == "en" else {}
        query = urlencode({"n": number, "s": _sign(self.secret, number)} | english)
        return f"{self.console_url}/updates/unsubscribe?{query}"

    def offer(self, offer_id: int, form: str = "u") -> str:
        """The signed link to the page that shows the offer and takes the answer, in `form`.
        The "offer:" prefix keeps its signature apart from the unsubscribe link's."""
        signed = _sign(self.secret, f"offer:{offer_id}:{form}")
        query = urlencode({"o": offer_id, "f": form, "s": signed})
        return f"{self.console_url}/offers/answer?{query}"

    def survey(self, number: str, moment: str, form: str, sent: date) -> str:
        """The signed link to the survey page, in `form`, sent on day `sent`."""
        day = sent.isoformat()
        signed = _sign(self.secret, f"survey:{number}:{moment}:{form}:{day}")
        query = urlencode({"n": number, "m": moment, "f": form, "d": day, "s": signed})
        return f"{self.console_url}/surveys/answer?{query}"

    def we_did(self, location_code: str | None, form: str = "u") -> str:
        """The public "Jullie zeiden, wij deden" page of a location (or of all of them), in
        English for an English update. Not signed: it shows nobody's data."""
        path = f"/wij-deden/{quote(location_code, safe='')}" if location_code else "/wij-deden"
        return f"{self.console_url}{path}{'?lang=en' if form == 'en' else ''}"


def signature(settings: Settings, number: str) -> str:
    return _sign(link_secret(settings), number)


def unsubscribe_url(settings: Settings, number: str, form: str = "u") -> str:
    return Links.of(settings).unsubscribe(number, form)


def valid(settings: Settings, number: str, given: str) -> bool:
    """Compared as bytes: compare_digest refuses str with non-ASCII characters (a forged
    link must get the page for a wrong link, not a server error)."""
    return hmac.compare_digest(signature(settings, number).encode(), given.encode())


def offer_signature(settings: Settings, offer_id: int, form: str) -> str:
    return _sign(link_secret(settings), f"offer:{offer_id}:{form}")


def offer_url(settings: Settings, offer_id: int, form: str = "u") -> str:
    return Links.of(settings).offer(offer_id, form)


def offer_link_valid(settings: Settings, offer_id: str, form: str, given: str) -> bool:
    """The link's parts as given (text): a number, a known variant and their signature."""
    if not offer_id.isascii() or not offer_id.isdigit() or form not in FORMS:
        return False
    expected = offer_signature(settings, int(offer_id), form).encode()
    return hmac.compare_digest(expected, given.encode())


# the survey link: one registration, one survey moment, one texts variant and the day it
# was sent (the link expires `survey_link_days` later), signed; nothing stored
def survey_signature(settings: Settings, number: str, moment: str, form: str, sent: str) -> str:
    return _sign(link_secret(settings), f"survey:{number}:{moment}:{form}:{sent}")


def survey_url(settings: Settings, number: str, moment: str, form: str, sent: date) -> str:
    return Links.of(settings).survey(number, moment, form, sent)


def survey_link_valid(
    settings: Settings, number: str, moment: str, form: str, sent: str, given: str
) -> bool:
    """The link's parts as given (text): a known variant and their signature (the moment
    and the day are checked by the page once the signature holds)."""
    if form not in FORMS or not all(part.isascii() for part in (number, moment, sent)):
        return False
    expected = survey_signature(settings, number, moment, form, sent).encode()
    return hmac.compare_digest(expected, given.encode())


def we_did_url(settings: Settings, location_code: str | None, form: str = "u") -> str:
    return Links.of(settings).we_did(location_code, form)
