"""Which address a request comes from, for the staff console (login lock-out, audit), the
REST channel ("this machine") and the website chat (the identity check's limit per client).

A connection's own address is the truth unless it comes from a proxy named in
FORWARDED_ALLOW_IPS: only then is its `X-Forwarded-For` believed. Anyone else could name
any address in that header (a new one for every wrong password). Plain standard library:
both environments use it.
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(text: str) -> tuple[Network, ...]:
    """FORWARDED_ALLOW_IPS: comma-separated addresses or networks (`10.0.0.0/24`)."""
    proxies = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            proxies.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(
                f"FORWARDED_ALLOW_IPS: expected addresses or networks, got {part!r}"
            ) from None
    return tuple(proxies)


def is_trusted(address: str | None, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]
) -> str | None:
    """The peer's address; from a trusted proxy, the nearest address in `X-Forwarded-For`
    that is not itself a trusted proxy (each proxy appends the address it saw)."""
    if not is_trusted(peer, proxies) or not forwarded_for:
        return peer
    chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    for address in reversed(chain):
        if not is_trusted(address, proxies):
            return address
    return chain[0] if chain else peer


def client_key(address: str | None) -> str | None:
    """What one client is known by for limits: its IPv4 address, or its IPv6 /64 (one
    household's or one server's network: the next address in it is free to take)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"ip:{ip.ipv4_mapped}"
        return f"ip:{ipaddress.IPv6Network((ip, 64), strict=False)}"
    return f"ip:{ip}"
