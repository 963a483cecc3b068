"""The e-mail address a parent gives while waiting for a person, so that a reply reaches
them after they closed the chat (bot/channels/guard.py takes it, the console uses it).

A message counts as an attempt when it holds an "@" between word characters; the address
is valid when it has one "@", a local part and a domain with a dot and a top-level domain
of letters (what mail servers deliver to; no quoted local parts, no IP literals).
"""

import re

ATTEMPT = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']*")
VALID = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00c0-\uffff-]{1,64}"
    r"@(?=.{4,253}$)([A-Za-z0-9\u00c0-\uffff](?:[A-Za-z0-9\u00c0-\uffff-]{0,61}"
    r"[A-Za-z0-9\u00c0-\uffff])?\.)+[A-Za-z\u00c0-\uffff]{2,63}$"
)


def attempted(text: str | None) -> str | None:
    """The address-like word of a message ("mijn mail is a@b.nl." → "a@b.nl"), or None."""
    found = ATTEMPT.search(text or "")
    return found.group(0).rstrip(".!?") if found else None


def valid_address(address: str) -> bool:
    local = address.split("@")[0]
    return bool(VALID.match(address)) and not (
        local.startswith(".") or local.endswith(".") or ".." in address
    )
