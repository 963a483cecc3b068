"""Who may speak in which conversation, for the channels whose client names the conversation
(REST, callback): the other channels' ids are reserved, and the caller shows a token.

- **Reserved ids.** `whatsapp:…`, `twilio:…`, `messenger:…` and `website:…` belong to the
  channels that verify their sender (a signature, a signed session id). A client that names
  its own conversation may not use them: on WhatsApp the sender's number is what the
  identity check trusts, and a post into `whatsapp:+31…` would speak as that parent.
- **Tokens.** A channel's token comes from the environment and is sent as
  `Authorization: Bearer <token>`, compared in constant time.
- **Same machine.** Without a token the REST channel answers only callers on this machine:
  loopback, and not relayed by a proxy (which adds a forwarding header), unless the proxy
  is named in FORWARDED_ALLOW_IPS and the client it forwards is on loopback
  (bot/shared/forwarded.py). A web page in a browser on this machine is no such caller: it
  sends an `Origin` of its own site, or, after DNS rebinding, a foreign `Host`.
"""

import hmac
import ipaddress
import re
from collections.abc import Mapping

from bot.shared.forwarded import Network, client_address, is_trusted

RESERVED_PREFIXES = ("whatsapp:", "messenger:", "website:", "twilio:")
# what proxies add to say whom they relay (the standard ones, and those of CDNs and
# proxies that send only their own)
FORWARDING_HEADERS = frozenset(
    {
        "forwarded",
        "x-forwarded-for",
        "x-real-ip",
        "x-forwarded-host",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "fastly-client-ip",
        "x-original-forwarded-for",
        "via",
    }
)
# what a trusted proxy (the production profile's nginx) sets itself
TRUSTED_PROXY_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto"})
LOCAL_HOST = re.compile(r"(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?", re.IGNORECASE)


def is_reserved(sender: str) -> bool:
    """Whether `sender` is (or looks like, in any case) another channel's conversation id."""
    return sender.strip().lower().startswith(RESERVED_PREFIXES)


def bearer_matches(authorization: str | None, token: str) -> bool:
    """Whether an `Authorization` header carries `Bearer <token>` (a token must be set)."""
    scheme, _, given = (authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def is_same_machine(
    peer_ip: str | None, headers: Mapping[str, str], proxies: tuple[Network, ...] = ()
) -> bool:
    """A caller on loopback: connected directly, or through a trusted proxy that names a
    loopback client, and not relayed by any other proxy."""
    given = _lowered(headers)
    client = client_address(peer_ip, given.get("x-forwarded-for"), proxies)
    try:
        loopback = ipaddress.ip_address(client or "").is_loopback
    except ValueError:
        return False
    allowed = TRUSTED_PROXY_HEADERS if is_trusted(peer_ip, proxies) else frozenset()
    return loopback and not (FORWARDING_HEADERS - allowed).intersection(given)


def browser_refusal(headers: Mapping[str, str]) -> str | None:
    """Why a request to this machine looks made by a web page (None: it does not). A page
    on another site sends its own `Origin`; a page that rebound its own name to 127.0.0.1
    sends that name as `Host`. Local clients (curl, tests) send neither."""
    given = _lowered(headers)
    host = given.get("host", "").strip()
    if not LOCAL_HOST.fullmatch(host):
        return "Host must be localhost, 127.0.0.1 or [::1] without REST_TOKEN"
    origin = given.get("origin")
    if origin is not None and origin.strip().lower() not in (
        f"http://{host.lower()}",
        f"https://{host.lower()}",
    ):
        return "requests from web pages (Origin) need REST_TOKEN"
    return None
