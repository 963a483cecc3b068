"""Conversations written as parents write, each with the parent's goal, run turn by turn
against the running stack (tests/conversation/parent_conversations.yml, and
writers_conversations.yml: the same format, by writers who never saw the training data).

A turn is what the parent types and what must be in the bot's answer:
- `bot`: text keys of bot/conversation/texts.yml; each key's fixed words (the parts
  between its {placeholders}) must appear in the reply, so the check follows the texts;
- `contains` / `not_contains`: plain words the reply must (not) hold;
- `button`: a payload one of the reply's buttons must carry ("/request_human");
- `no_button`: a payload none of them may carry (a button that would repeat the answer);
- `silent: true`: no reply at all (a person has the conversation).
The parent's text may hold `{number}`, `{birth}` (d-m-yyyy), `{birth_no_year}` ("14 maart"),
`{year}`, `{born}` (two days ago, d-m-yyyy: the real birth date of a baby registered by
due date, whose `{birth}` is the due date) and `{code}` (the newest code mailed to the
family); for a family with a second
child, `{other_number}`, `{other_birth}` and `{other_code}` (the newest code mailed to
that child's address); and for a prospective parent's
child `{baby}` (d-m-yyyy) or `{baby_long}` ("3 februari 2026"): born ten months before
today, so it fits a baby group on any day; its month and year alone are `{baby_month}`
("februari 2026") and `{baby_month_en}` ("February 2026"), the family child's
`{birth_month}` / `{birth_month_en}`, and `{birth_day}` the day of its birth date ("14").
Every reply of every turn is also checked for what must never happen: no reply, or the
technical-problem apology.

After the last turn, `stored` checks the parent's request reached head office's list
(`kind`, words in `details`, and `status`: open unless the parent withdrew it).
A script with `language: en` is an English-speaking parent: its keys are checked in the
English texts. `known_miss` says why today's model fails a script (an expected failure,
reported as XPASS when a retrained model passes it); it is for the model's misreadings
only, listed in docs/nlu.md, never for a dialogue bug.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.conversation import formats, texts
from bot.waitlist.calendar import DUTCH_MONTHS
from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.dates import days_from_today, month_day

# the scripts live beside the tests that run them
SCRIPTS = Path(__file__).parents[1] / "conversation" / "parent_conversations.yml"
WRITERS_SCRIPTS = SCRIPTS.with_name("writers_conversations.yml")
PLACEHOLDER = re.compile(r"\{[^}]+\}")


@dataclass(frozen=True)
class Family:
    number: str
    child: str
    birth: date
    email: str
    # a brother, sister or twin with a registration of its own
    sibling: "Family | None" = None


@dataclass
class Turn:
    parent: str
    bot: list[str] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)
    not_contains: list[str] = field(default_factory=list)
    button: str | None = None
    no_button: str | None = None
    silent: bool = False


@dataclass
class Script:
    goal: str
    family: str
    turns: list[Turn]
    stored: dict[str, str] | None = None
    language: str = "nl"
    # why the trained model misses this one today (docs/nlu.md); the test then reports
    # it as an expected failure, and as XPASS once a model gets it right
    known_miss: str = ""

    @property
    def form(self) -> str:
        """The texts' variant the parent must hear."""
        return "en" if self.language == "en" else "u"


def load_scripts(path: Path = SCRIPTS) -> list[Script]:
    documents = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Script(
            goal=entry["goal"],
            family=entry.get("family", "noor"),
            turns=[_turn(turn) for turn in entry["turns"]],
            stored=entry.get("stored"),
            language=entry.get("language", "nl"),
            known_miss=entry.get("known_miss", ""),
        )
        for entry in documents["conversations"]
    ]


def _turn(raw: dict[str, Any]) -> Turn:
    listed = {key: _as_list(raw.get(key)) for key in ("bot", "contains", "not_contains")}
    return Turn(
        str(raw["parent"]),
        **listed,
        button=raw.get("button"),
        no_button=raw.get("no_button"),
        silent=raw.get("silent", False),
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


@cache
def fixed_words(key: str, form: str = "u") -> list[str]:
    """The parts of a text (in `form`) that do not change with its values."""
    template = texts.load()["texts"][key][form]
    facts = texts.organisation_facts(form)
    filled = PLACEHOLDER.sub(lambda m: facts.get(m.group(0)[1:-1], "\0"), template)
    return [part.strip() for part in filled.split("\0") if len(part.strip()) >= 6]


def fill(text: str, family: Family, outbox: Path) -> str:
    birth, baby, born = family.birth, month_day(-10, 3), days_from_today(-2)
    values = {
        "baby": f"{baby.day}-{baby.month}-{baby.year}",
        "baby_long": formats.full_date(baby),
        "number": family.number,
        "birth": f"{birth.day}-{birth.month}-{birth.year}",
        "birth_no_year": f"{birth.day} {DUTCH_MONTHS[birth.month - 1]}",
        "year": str(birth.year),
        "born": f"{born.day}-{born.month}-{born.year}",
        "baby_month": formats.month_year(baby, "u"),
        "baby_month_en": formats.month_year(baby, "en"),
        "birth_month": formats.month_year(birth, "u"),
        "birth_month_en": formats.month_year(birth, "en"),
        "birth_day": str(birth.day),
    }
    if "{code}" in text:
        values["code"] = latest_code_in_outbox(outbox, family.email)
    other = family.sibling
    if other is not None:
        values["other_number"] = other.number
        values["other_birth"] = f"{other.birth.day}-{other.birth.month}-{other.birth.year}"
        if "{other_code}" in text:
            values["other_code"] = latest_code_in_outbox(outbox, other.email)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)


def problems_with(turn: Turn, replies: list[dict[str, Any]], form: str = "u") -> list[str]:
    """What is wrong with the bot's replies to one turn."""
    text = " ".join(reply.get("text", "") for reply in replies)
    payloads = [button["payload"] for reply in replies for button in reply.get("buttons", [])]
    found = []
    if turn.silent:
        return [f"expected silence, got {text!r}"] if replies else []
    if not replies:
        found.append("no reply")
    if all(word in text for word in fixed_words("technical_problem", form)):
        found.append("the technical-problem apology")
    for key in turn.bot:
        missing = [word for word in fixed_words(key, form) if word not in text]
        if missing:
            found.append(f"expected text {key!r} (missing {missing[0]!r})")
    found += [f"expected {word!r}" for word in turn.contains if word not in text]
    found += [f"did not expect {word!r}" for word in turn.not_contains if word in text]
    if turn.button and turn.button not in payloads:
        found.append(f"expected a button {turn.button}")
    if turn.no_button and turn.no_button in payloads:
        found.append(f"did not expect a button {turn.no_button}")
    return found


def run_script(script: Script, chat: Chat, family: Family, outbox: Path) -> Transcript:
    """Plays the script; raises AssertionError with the whole transcript on the first fault."""
    transcript = Transcript([f"goal: {script.goal}"])
    for turn in script.turns:
        said = fill(turn.parent, family, outbox)
        replies = chat.say(said)
        transcript.lines.append(f"parent: {said}")
        transcript.lines += [f"   bot: {reply.get('text', reply)}" for reply in replies]
        found = problems_with(turn, replies, script.form)
        if found:
            raise AssertionError(f"{'; '.join(found)}\n{transcript}")
    return transcript
