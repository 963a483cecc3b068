"""Who may speak in which conversation, for the channels whose client names the conversation
(REST, callback): the other channels' ids are reserved, and the caller shows a token.

- **Reserved ids.** `whatsapp:…`, `twilio:…`, `messenger:…` and `website:…` belong to the
  channels that verify their sender (a signature, a signed session id). A client that names
  its own conversation may not use them: on WhatsApp the sender's number is what the
  identity check trusts, and a post into `whatsapp:+31…` would speak as that parent.
- **Tokens.** A channel's token comes from the environment and is sent as
  `Authorization: Bearer <token>`, compared in constant time.
- **Same machine.** Without a token the REST channel answers only callers on this machine
  (loopback, and not relayed by a proxy, which would add a forwarding header).
"""

import hmac
import ipaddress
from collections.abc import Mapping

RESERVED_PREFIXES = ("whatsapp:", "messenger:", "website:", "twilio:")
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host")


def is_reserved(sender: str) -> bool:
    """Whether `sender` is (or looks like, in any case) another channel's conversation id."""
    return sender.strip().lower().startswith(RESERVED_PREFIXES)


def bearer_matches(authorization: str | None, token: str) -> bool:
    """Whether an `Authorization` header carries `Bearer <token>` (a token must be set)."""
    scheme, _, given = (authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def is_same_machine(peer_ip: str | None, headers: Mapping[str, str]) -> bool:
    """A caller connected over loopback, and not relayed by a proxy on this machine."""
    try:
        loopback = ipaddress.ip_address(peer_ip or "").is_loopback
    except ValueError:
        return False
    lowered = {name.lower() for name in headers}
    return loopback and not lowered.intersection(FORWARDING_HEADERS)
