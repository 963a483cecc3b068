"""The outbox's file names: `<random>.<tag>….eml`, with a tag for the recipient and one for
each registration number the mail names, so that a family's mails are found by listing
the outbox rather than by reading every mail in it (bot/privacy/family.py): after an
updates run it holds a mail for nearly every registration, a million in a national chain.

A tag is the first 8 hex digits of a SHA-256 of the key in lower case; that another key
shares it now and then costs only a read, since a mail is read before it counts as the
family's. A mail naming more than `MOST_TAGS` numbers, and a file another tool wrote
(`<anything>.eml`), have no tags and are read by every search."""

import hashlib
import re
import uuid

NUMBER = re.compile(r"INS-\d{6}", re.IGNORECASE)
MOST_TAGS = 8


def tag(key: str) -> str:
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()[:8]


def file_name(to: str, body: str) -> str:
    tags = sorted({tag(to), *(tag(number) for number in NUMBER.findall(body))})
    return ".".join([uuid.uuid4().hex, *(tags if len(tags) <= MOST_TAGS + 1 else [])]) + ".eml"


def tags_of(name: str) -> frozenset[str] | None:
    """The tags in a file name; None when it has none (it must be read)."""
    stem, dot, suffix = name.rpartition(".")
    parts = stem.split(".")
    if not dot or suffix != "eml" or len(parts) < 2:
        return None
    return frozenset(parts[1:])
