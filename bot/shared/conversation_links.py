"""Signed tokens that lead a parent back to a conversation after they left it: the link in
a staff reply sent by e-mail, which reopens the website conversation in the widget, and
the reply address of that mail, whose answer comes back into the handoff.

Like the unsubscribe links (bot/updates/links.py) nothing is stored: a token is its
content and an HMAC of it, so it cannot be made for another conversation or handoff, and
it carries its own expiry. The key is derived from the website's session secret
(WEBSITE_SESSION_SECRET, which the launcher gives every service), with a label per kind
of token, so a link cannot be used as a reply address or as a session id.

- link token: `<conversation's random part>.<expiry, days since 1970>.<signature>`
- reply token: `<handoff id>-<expiry, days since 1970>-<signature>`, lower case hex only,
  as it is the local part of an address (`reply+<token>@<reply domain>`) and some mail
  servers change the case of local parts.

Pure: no Rasa, no database; both the Rasa process (which checks links) and the
application (which makes them and checks reply addresses) use it.
"""

import hashlib
import hmac
import re
from datetime import datetime, timezone

SENDER_PREFIX = "website:"  # as bot/channels/sessions.py
SIGNATURE_LENGTH = 32
LINK = re.compile(r"^([0-9a-f]{32})\.(\d{1,6})\.([0-9a-f]{32})$")
REPLY = re.compile(r"^(\d{1,12})-(\d{1,6})-([0-9a-f]{32})$")
REPLY_PREFIX = "reply+"


class LinkRefused(ValueError):
    """A token that is not ours or was changed (`reason` "altered"), or whose time is
    over ("expired")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _key(secret: str, label: str) -> bytes:
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()


def _sign(secret: str, label: str, content: str) -> str:
    digest = hmac.new(_key(secret, label), content.encode(), hashlib.sha256).hexdigest()
    return digest[:SIGNATURE_LENGTH]


def _day(moment: datetime) -> int:
    return int(moment.astimezone(timezone.utc).timestamp() // 86400)


def _check(secret: str, label: str, content: str, given: str, expiry: int, now: datetime) -> None:
    if not hmac.compare_digest(_sign(secret, label, content).encode(), given.encode()):
        raise LinkRefused("altered")
    if _day(now) > expiry:
        raise LinkRefused("expired")


def link_token(secret: str, sender_id: str, *, now: datetime, days: int) -> str:
    """The token of the link that reopens the website conversation `sender_id`."""
    if not sender_id.startswith(SENDER_PREFIX):
        raise ValueError("only a website conversation can be reopened by a link")
    random_part = sender_id.removeprefix(SENDER_PREFIX)
    expiry = _day(now) + days
    content = f"{random_part}.{expiry}"
    return f"{content}.{_sign(secret, 'link', content)}"


def link_sender(secret: str, token: object, *, now: datetime) -> str:
    """The website conversation a link token opens; LinkRefused if altered or expired."""
    found = LINK.match(token) if isinstance(token, str) else None
    if found is None:
        raise LinkRefused("altered")
    random_part, expiry, signature = found.groups()
    _check(secret, "link", f"{random_part}.{expiry}", signature, int(expiry), now)
    return SENDER_PREFIX + random_part


def reply_token(secret: str, handoff_id: int, *, now: datetime, days: int) -> str:
    expiry = _day(now) + days
    content = f"{handoff_id}-{expiry}"
    return f"{content}-{_sign(secret, 'reply', content)}"


def reply_address(secret: str, handoff_id: int, domain: str, *, now: datetime, days: int) -> str:
    return f"{REPLY_PREFIX}{reply_token(secret, handoff_id, now=now, days=days)}@{domain}"


def reply_handoff(secret: str, address: str, domain: str, *, now: datetime) -> int:
    """The handoff a reply address (`reply+<token>@domain`) belongs to; LinkRefused for
    any other address, a changed token or an expired one."""
    local, _, at = address.strip().strip("<>").rpartition("@")
    if at.lower() != domain.lower() or not local.lower().startswith(REPLY_PREFIX):
        raise LinkRefused("altered")
    found = REPLY.match(local[len(REPLY_PREFIX) :].lower())
    if found is None:
        raise LinkRefused("altered")
    handoff_id, expiry, signature = found.groups()
    _check(secret, "reply", f"{handoff_id}-{expiry}", signature, int(expiry), now)
    return int(handoff_id)
