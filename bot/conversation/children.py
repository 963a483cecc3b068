"""Which child a parent means when one conversation is about more than one: twins, or a
brother and sister each with a registration of their own.

Every registration number is a child of its own. The parent moves between the children
already checked in the conversation by number, by first name ("en hoe zit het met
Daan?"), or as "the other one" ("en voor zijn zus?", "and her brother?") when two were
checked. Twins under one number do not exist in the data: each child has its own
registration. Button payloads ("/affirm") never match.
"""

import re
import unicodedata
from dataclasses import dataclass

from bot.conversation.word_patterns import words

# the other child, not yet named: a brother or sister, "de andere", "the other one"
OTHER_CHILD = words(
    r"(de|het|die|ons|onze|mijn) andere (kind\w*|kleine|dochter|zoon|jongen|meisje|tweeling\w*)",
    r"(de|het|die) andere\s*[?.!]*$",
    r"(zijn|haar|z'n|d'r|hun|ons|onze|mijn) (tweeling)?(zus\w*|zuster\w*|broer\w*)",
    r"(ander|tweede) kind\w*",
    r"the other (one|child|kid|twin)",
    r"the other\s*[?.!]*$",
    r"(his|her|their|our|my) (sister|brother|sibling|twin)\w*",
    r"(other|second) (child|kid|daughter|son)",
)
# a brother or sister as a reason for priority ("zijn zus zit al bij jullie"), not the topic
SIBLING_AS_REASON = words(
    r"voorrang\w*",
    r"(gaat|gaan) (\S+ )?voor",
    r"zit(ten)? al bij",
    r"al bij (jullie|u|ons)",
    r"priority",
    r"already (with|at|goes)",
)
TWINS = words(r"tweeling\w*", r"twins?", r"meerling\w*", r"drieling\w*", r"triplets?")


@dataclass(frozen=True)
class Meant:
    """The child a message is about: `number` when known (`checked`: already verified
    in this conversation); no number: another child whose number the bot must ask."""

    number: str | None
    checked: bool


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _said(text: str | None) -> str:
    text = " ".join((text or "").replace("\u2019", "'").split())
    return "" if text.startswith("/") else text


def names_in(text: str | None, children: dict[str, str]) -> list[str]:
    """The numbers of the checked children whose first name the message holds."""
    said = _plain(_said(text))
    return [
        number
        for number, name in children.items()
        if name and re.search(rf"(?<!\w){re.escape(_plain(name))}(?!\w)", said)
    ]


def means_other_child(text: str | None) -> bool:
    said = _said(text)
    return bool(OTHER_CHILD.search(said)) and not SIBLING_AS_REASON.search(said)


def mentions_twins(text: str | None) -> bool:
    return bool(TWINS.search(_said(text)))


def child_meant(
    text: str | None, numbers: list[str], children: dict[str, str], current: str | None
) -> Meant | None:
    """Another child than `current` the message is about, or None. `numbers`: the
    registration numbers it holds (normalised); `children`: number -> first name of the
    children checked in this conversation."""
    for number in numbers:
        if number != current:
            return Meant(number, number in children)
    if numbers:
        return None  # the current child's own number
    named = [number for number in names_in(text, children) if number != current]
    if named:
        return Meant(named[0], True)
    if names_in(text, children) or not means_other_child(text):
        return None
    others = [number for number in children if number != current]
    if len(others) == 1:
        return Meant(others[0], True)
    return Meant(None, False)
