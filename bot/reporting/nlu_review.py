"""Improving the bot from what parents wrote: the messages it did not understand, grouped
by similarity, labelled with an intent by staff, and exported as Rasa NLU training data
for the next training run (nothing retrains by itself).

When the bot was unsure and asked which meaning was meant ("Bedoelt u: … of …?",
bot/conversation/which_intent.py), the parent's choice is kept the same way: the message
masked, the meanings offered and the one chosen (`record_choice`). The export holds both;
where staff and parents gave one message different intents, staff's latest label wins,
else the intent parents chose most often (Rasa refuses one example under two intents).

Labelled examples are stored anonymised: registration numbers, dates, e-mail addresses,
IBANs, phone numbers in any notation, BSNs (any run of eight or more digits) and
children's first names (as imported) are replaced by placeholders, the numbers, dates and
names annotated as the entities the model extracts. The dashboard shows management the
not-understood messages through the same mask.
"""

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path

import yaml
from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from bot.reporting.models import NluLabel
from bot.shared.config import PROJECT_ROOT
from bot.waitlist.models import Child

SIMILAR = 0.75
REVIEWED = 2000  # the newest not-understood messages of a period grouped for the review
PLACEHOLDERS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "ouder@voorbeeld.nl"),
    (re.compile(r"\bINS[\s-]?\d{6}\b", re.IGNORECASE), "[INS-123456](registration_number)"),
    (re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{4}(?: ?\d){7,10}\b", re.IGNORECASE), "NL00BANK0000000000"),
    # dates before phone numbers ("01-09-2025" would pass for one), but never a piece of a
    # longer run of digits ("06.12.34.56.78" is a phone number, not a date and ".56.78")
    (re.compile(r"(?<![\d.-])\d{4}-\d{2}-\d{2}(?![-/.]?\d)"), "[12-03-2025](date)"),
    (re.compile(r"(?<![\d./-])\d{1,2}([-/.])\d{1,2}\1\d{2,4}(?![-/.]?\d)"), "[12-03-2025](date)"),
    # phone numbers in any notation (spaces, dashes, dots, brackets) and BSNs (eight or
    # nine digits): any run of eight or more digits
    (re.compile(r"(?<![\w+])\+?\(?\d(?:[ .()/-]{0,2}\d){7,}(?!\w)"), "0600000000"),
)
NAME_PLACEHOLDER = "[Sam](child_name)"
# who gave a label: staff in the review, or a parent choosing among the meanings offered
STAFF, PARENT = "staff", "parent"


@dataclass
class MessageGroup:
    text: str  # the first message of the group, anonymised
    count: int = 0
    examples: list[str] = field(default_factory=list)  # up to five, anonymised


def anonymise(text: str, names: set[str]) -> str:
    """`text` with its personal data as placeholders. Idempotent: the review shows masked
    messages and a label is given to what it shows, so placeholders already in the text
    (annotated `[value](entity)`, and the masked address, IBAN and phone) stay as they are."""
    kept = _placeholders(text)
    for number, value in enumerate(kept):
        text = text.replace(value, f"\x01{number}\x01")
    # marks first, placeholders last: a placeholder must not be matched again
    for index, (pattern, _) in enumerate(PLACEHOLDERS):
        text = pattern.sub(f"\x00{index}\x00", text)
    if names:
        words = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b", re.I)
        text = words.sub(NAME_PLACEHOLDER, text)
    for index, (_, placeholder) in enumerate(PLACEHOLDERS):
        text = text.replace(f"\x00{index}\x00", placeholder)
    for number, value in enumerate(kept):
        text = text.replace(f"\x01{number}\x01", value)
    return " ".join(text.split())


def _placeholders(text: str) -> list[str]:
    """The placeholders `anonymise` writes that `text` already holds, longest first."""
    written = {NAME_PLACEHOLDER, *(placeholder for _, placeholder in PLACEHOLDERS)}
    return sorted((value for value in written if value in text), key=len, reverse=True)


def known_intents(domain: Path = PROJECT_ROOT / "domain.yml") -> list[str]:
    """The intents the model knows (domain.yml): what a message can be labelled with."""
    return sorted(str(i) for i in yaml.safe_load(domain.read_text(encoding="utf-8"))["intents"])


def child_names(session: Session) -> set[str]:
    """First names of the children on file, as they would appear in a message."""
    return {name for name in session.scalars(select(Child.first_name).distinct()) if len(name) > 1}


def group(messages: list[str], names: set[str]) -> list[MessageGroup]:
    """Messages that read alike (case, punctuation and small typos aside) as one group,
    the largest first."""
    groups: list[tuple[str, MessageGroup]] = []
    # the same words again go where they went before (groups are only added to, so the
    # first group alike stays the first): a year of a large chain repeats most messages
    texts: dict[str, tuple[str, str]] = {}
    grouped: dict[str, MessageGroup] = {}
    for message in messages:
        if message not in texts:
            text = anonymise(message, names)
            texts[message] = (text, re.sub(r"[^\w\s\[\]()-]", "", text.lower()))
        text, key = texts[message]
        found = grouped.get(key) or next(
            (g for seen, g in groups if SequenceMatcher(None, seen, key).ratio() >= SIMILAR),
            None,
        )
        if found is None:
            found = MessageGroup(text)
            groups.append((key, found))
        grouped[key] = found
        found.count += 1
        if text not in found.examples and len(found.examples) < 5:
            found.examples.append(text)
    return sorted((g for _, g in groups), key=lambda g: -g.count)


def label(*, session: Session, text: str, intent: str, staff_id: int, now: datetime) -> NluLabel:
    """Staff's intent for a message; labelling it again changes the label (one example,
    one intent in the export)."""
    masked = anonymise(text, child_names(session))
    query = select(NluLabel).where(NluLabel.text == masked, NluLabel.source == STAFF)
    entry = session.scalars(query).first() or NluLabel(text=masked, source=STAFF)
    entry.intent, entry.labelled_by_id, entry.labelled_at = intent, staff_id, now
    session.add(entry)
    session.flush()
    return entry


def staff_labels(*, session: Session) -> dict[str, str]:
    """The intent staff gave each (anonymised) message: the review shows it after a reload."""
    query = select(NluLabel.text, NluLabel.intent).where(NluLabel.source == STAFF)
    rows = session.execute(query.order_by(NluLabel.labelled_at, NluLabel.id))
    return {text: intent for text, intent in rows}


def record_choice(
    *,
    session: Session,
    text: str,
    intent: str,
    offered: Sequence[tuple[str, float]],
    now: datetime,
) -> NluLabel:
    """The meaning a parent chose for a message the bot was unsure about."""
    entry = NluLabel(
        text=anonymise(text, child_names(session)),
        intent=intent,
        labelled_by_id=None,
        labelled_at=now,
        source=PARENT,
        offered=json.dumps(
            [{"intent": name, "confidence": round(confidence, 3)} for name, confidence in offered]
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def parent_choices(*, session: Session, limit: int = 100) -> list[NluLabel]:
    """The latest choices parents made, newest first."""
    query = (
        select(NluLabel)
        .where(NluLabel.source == PARENT)
        .order_by(desc(NluLabel.labelled_at), desc(NluLabel.id))
        .limit(limit)
    )
    return list(session.scalars(query))


def offered_intents(entry: NluLabel) -> list[str]:
    """The meanings the bot offered for a parent's choice, likeliest first."""
    return [item["intent"] for item in json.loads(entry.offered or "[]")]


def _intent_per_text(labels: list[NluLabel]) -> dict[str, str]:
    """One intent per example: staff's latest label, else the one parents chose most often
    (of equals, the latest chosen). `labels` oldest first."""
    chosen: dict[str, str] = {}
    votes: dict[str, Counter[str]] = {}
    for entry in labels:
        if entry.source == PARENT:
            count = votes.setdefault(entry.text, Counter())
            count[entry.intent] += 1
            leading = chosen.get(entry.text)
            if leading is None or count[entry.intent] >= count[leading]:
                chosen[entry.text] = entry.intent
    staff = {entry.text: entry.intent for entry in labels if entry.source != PARENT}
    return chosen | staff


def training_yaml(labels: list[NluLabel]) -> str:
    """The labels as a Rasa NLU file (`version: "3.1"`), one block per intent, each
    example under one intent (`_intent_per_text`)."""
    intents = _intent_per_text(labels)
    by_intent: dict[str, list[str]] = {}
    for entry in labels:
        examples = by_intent.setdefault(intents[entry.text], [])
        if entry.text not in examples:
            examples.append(entry.text)
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {e}\n" for e in examples)}
            for intent, examples in sorted(by_intent.items())
        ],
    }
    return yaml.dump(document, allow_unicode=True, sort_keys=False, Dumper=_BlockDumper)


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks (`examples: |`), as Rasa's own files have them."""


def _literal(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _literal)
