"""The unsubscribe link in every update: the registration number and an HMAC of it, so the
link needs no stored token and cannot be made for another registration."""

import hashlib
import hmac
import secrets
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
