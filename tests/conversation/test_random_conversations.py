"""Randomised conversations over the REST channel against the running default stack.

Hundreds of conversations of 3-12 messages, each from its own seed: training examples from
data/nlu (entity markup removed), the buttons the bot just offered (payload or typed title),
dates in several formats, registration numbers (valid and not), six-digit codes and noise.
Some start with a real identity check (number, birth date and the code from the outbox) so
that the verified paths are reached too. For every message, while no person has the
conversation, the bot must answer at least once, never with the technical-problem apology,
never loop a fallback within a turn, and never repeat a fallback text in the next turn
unless it offers a person; the stack must log no circuit breaker and no failed action.

About 5% of the conversations ask for a person; after the handoff message they send one
more message, which may get at most one reply (an acknowledgement) and no apology.

Environment variables:
  RANDOM_CONVERSATIONS=120          how many conversations
  RANDOM_CONVERSATIONS_SEED=...     base seed (default 2026, so CI runs are repeatable)
  RANDOM_CONVERSATIONS_REPLAY=S,... run only these conversation seeds (from a failure)
  RANDOM_CONVERSATIONS_COLLECT=1    run them all and report failures by category, instead
                                    of stopping at the first failing conversation
  RANDOM_CONVERSATIONS_SECONDS=180  start no new conversation after this many seconds (at
                                    ~0.14 s an answer on 2 shared cores about 200 fit)
  RANDOM_CONVERSATIONS_REPORT=path  also write every failure as JSON to this file
"""

import json
import os
import random
import re
import sqlite3
import string
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from bot.conversation import texts
from bot.waitlist.calendar import DUTCH_MONTHS
from tests.support import logs
from tests.support.chat import Chat, code_in
from tests.support.logs import LogWindow
from tests.support.stack import ROOT, RunningStack

COUNT = int(os.environ.get("RANDOM_CONVERSATIONS", "120"))
BASE_SEED = int(os.environ.get("RANDOM_CONVERSATIONS_SEED") or 2026)
REPLAY = [int(s) for s in os.environ.get("RANDOM_CONVERSATIONS_REPLAY", "").split(",") if s.strip()]
COLLECT = os.environ.get("RANDOM_CONVERSATIONS_COLLECT", "").lower() in {"1", "true", "yes"}
TIME_BUDGET = float(os.environ.get("RANDOM_CONVERSATIONS_SECONDS", "180"))
REPORT = os.environ.get("RANDOM_CONVERSATIONS_REPORT")

HANDOFF_SHARE = 0.05  # conversations that ask for a person on purpose
VERIFIED_SHARE = 0.15  # conversations that start with a real identity check
PERSON = "/request_human"
HANDOFF_INTENTS = {"request_human", "complain"}
# Demo registrations the random messages may name (wrong details count as failures per
# number, so they stay apart from the ones the verified start uses and from other tests).
RANDOM_NUMBERS = range(300, 400)
VERIFIED_NUMBERS = ("INS-000200", "INS-000299")

# ---------------------------------------------------------------------------------------------
# what the bot says


def text_pattern(key: str) -> re.Pattern[str]:
    """A pattern for the text `key` in formal Dutch or in English (random parents write
    either), with any placeholder (other than organisation facts) matching anything."""
    alternatives = []
    for form in ("u", "en"):
        template = texts.load()["texts"][key][form]
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        marks = {name: f"QQ{index}QQ" for index, name in enumerate(sorted(fields))}
        values = {n: m for n, m in marks.items() if not n.startswith("org_")}
        pattern = re.escape(texts.say(key, form, **values))
        for mark_ in marks.values():
            pattern = pattern.replace(mark_, ".+?")
        alternatives.append(f"(?:{pattern})")
    return re.compile("|".join(alternatives), re.DOTALL)


TECHNICAL_PROBLEM = text_pattern("technical_problem")
FALLBACKS = {key: text_pattern(key) for key in texts.load()["texts"] if key.startswith("fallback")}
HANDOFF = [
    text_pattern(key)
    for key in (
        "handoff_open",
        "handoff_open_website_mail",
        "handoff_open_website_ask",
        "handoff_closed",
        "handoff_closed_website_mail",
        "handoff_closed_website_ask",
        "handoff_closed_window_mail",
        "handoff_closed_window_ask",
        "handoff_closed_window_template",
    )
]
VERIFIED = text_pattern("verified")


def reply_text(message: dict[str, Any]) -> str:
    return message.get("text") or ""


def fallback_keys(message: dict[str, Any]) -> list[str]:
    return [key for key, pattern in FALLBACKS.items() if pattern.search(reply_text(message))]


def offers_person(replies: list[dict[str, Any]]) -> bool:
    return any(b.get("payload") == PERSON for m in replies for b in m.get("buttons") or [])


def is_handoff(replies: list[dict[str, Any]]) -> bool:
    return any(p.search(reply_text(m)) for m in replies for p in HANDOFF)


# ---------------------------------------------------------------------------------------------
# what the parent says

MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def plain_example(line: str) -> str:
    """`mijn nummer is [INS-1](registration_number)` -> `mijn nummer is INS-1`"""
    return MARKUP.sub(r"\1", line).strip()


def training_examples(folder: Path = ROOT / "data" / "nlu") -> dict[str, list[str]]:
    """Intent -> its examples as typed; lookup, synonym and regex sections are skipped."""
    examples: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in item:
                continue
            raw = item.get("examples") or ""
            lines = (
                [e["text"] if isinstance(e, dict) else str(e) for e in raw]
                if isinstance(raw, list)
                else [line.strip()[2:] for line in raw.splitlines() if line.strip()[:2] == "- "]
            )
            texts_ = [plain_example(line) for line in lines if plain_example(line)]
            examples.setdefault(item["intent"], []).extend(texts_)
    return examples


EXAMPLES = training_examples()
BUTTON_TITLES = {key: texts.button(key) for key in texts.load()["buttons"]}
NOISE = [
    ".",
    "..",
    "?",
    "??",
    "!!!",
    "nee",
    "ja",
    "Nee",
    "Ja!",
    "laat maar",
    "stop",
    "toch niet",
    "ok",
    "oké",
    "hmm",
    "huh?",
    "wat?",
    "test",
    "hallo??",
    "0",
    "123",
    "ja graag",
    "nee hoor",
    "nee dank je",
    "weet ik niet",
    "ik weet mijn inschrijfnummer niet",
    "ik heb geen code ontvangen",
    "we zijn nog niet ingeschreven",
    "welke locaties hebben jullie?",
    "ik wil graag de woensdag erbij",
    "is er plek bij De Boomhut op woensdag?",
    "kun je dat nog een keer zeggen",
    "dat klopt niet",
    "Mijn inschrijving",
    "sorry verkeerde chat",
]
ENGLISH = [
    "Hello, do you speak English?",
    "When will my daughter get a place?",
    "how much does it cost per hour",
    "thanks, bye",
    "I lost my registration number",
    "is there a spot available in september?",
    "sorry, I don't understand",
    "yes please",
    "no",
]
EMOJI = ["😀", "👍", "🙏", "😡", "🤷‍♀️", "❤️", "🙈🙈🙈", "👶🏼", "😂😂"]


def random_date(rng: random.Random) -> str:
    day = date(2018, 1, 1) + timedelta(days=rng.randrange(10 * 365))
    month = DUTCH_MONTHS[day.month - 1]
    formats = [
        f"{day.day} {month}",
        f"{day.day} {month} {day.year}",
        f"{day:%d-%m-%Y}",
        f"{day.day}-{day.month}-{day.year % 100:02d}",
        f"{day.day}/{day.month}/{day.year % 100:02d}",
        day.isoformat(),
        f"{day:%d.%m.%Y}",
        f"geboren op {day.day} {month} {day.year}",
        f"ze is geboren op {day:%d-%m-%Y}",
    ]
    impossible = ["31-02-2024", "32 mei", "00-00-0000", "volgend jaar", "morgen", "13/13/13"]
    return rng.choice(impossible) if rng.random() < 0.1 else rng.choice(formats)


def random_number(rng: random.Random) -> str:
    number = rng.choice([*RANDOM_NUMBERS, *range(900000, 900100)])
    valid = [f"INS-{number:06d}", f"ins {number:06d}", f"ins{number:06d}", f"INS-{number:06d} hoor"]
    invalid = ["ins-4217", "INS-12", "INS-ABCDEF", "INS-0000001", "inschrijfnummer 4217", "INS"]
    return rng.choice(invalid) if rng.random() < 0.35 else rng.choice(valid)


def random_code(rng: random.Random) -> str:
    code = f"{rng.randrange(10**6):06d}"
    return rng.choice([code, code, f"code: {code}", f"{code[:3]} {code[3:]}", code[:5]])


def random_noise(rng: random.Random, examples: dict[str, list[str]]) -> str:
    kind = rng.random()
    if kind < 0.45:
        return rng.choice(NOISE)
    if kind < 0.6:
        return rng.choice(ENGLISH)
    if kind < 0.7:
        return rng.choice(EMOJI)
    if kind < 0.8:
        letters = string.ascii_lowercase + "     "
        return "".join(rng.choice(letters) for _ in range(rng.randint(3, 40))).strip() or "x"
    # a long run-on message of several questions in one
    intents = [i for i in examples if i not in HANDOFF_INTENTS]
    parts = [
        rng.choice(examples[rng.choice(intents)]).rstrip(".?!") for _ in range(rng.randint(3, 6))
    ]
    joiner = rng.choice([" en ", " ", ", ", " maar ook ", " en verder "])
    return joiner.join(parts).lower()


@dataclass(frozen=True)
class Registration:
    number: str
    birth_date: date
    email: str


class Parent:
    """Picks the next message from the seeded generator and the bot's last reply."""

    def __init__(self, seed: int, verified: list[Registration]) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.length = rng.randint(3, 12)
        self.handoff_turn = (
            rng.randint(1, self.length - 1) if rng.random() < HANDOFF_SHARE else None
        )
        self.registration = (
            rng.choice(verified) if verified and rng.random() < VERIFIED_SHARE else None
        )
        if self.registration:
            self.length = max(self.length, 5)
        allowed = self.handoff_turn is not None
        self.intents = sorted(i for i in EXAMPLES if allowed or i not in HANDOFF_INTENTS)
        self.titles = [
            title for key, title in BUTTON_TITLES.items() if allowed or key != "talk_to_person"
        ]

    @property
    def asks_for_person(self) -> bool:
        return self.handoff_turn is not None

    def verification_step(self, turn: int, outbox: Path, before: set[Path]) -> str | None:
        """The identity check at the start of a verified conversation, or None."""
        registration = self.registration
        if registration is None or turn > 3:
            return None
        if turn == 0:  # a status question without a number of its own
            plain = [e for e in EXAMPLES.get("ask_placement_status", []) if not re.search(r"\d", e)]
            return self.rng.choice(plain or ["Hoe staat het met mijn inschrijving?"])
        if turn == 1:
            return registration.number
        if turn == 2:
            day = registration.birth_date
            month = DUTCH_MONTHS[day.month - 1]
            return self.rng.choice([f"{day:%d-%m-%Y}", f"{day.day} {month} {day.year}"])
        return newest_code(outbox, registration.email, before) or random_code(self.rng)

    def next_message(self, turn: int, previous: list[dict[str, Any]]) -> str:
        rng = self.rng
        if turn == self.handoff_turn:
            asks = [PERSON, BUTTON_TITLES["talk_to_person"]]
            asks += [rng.choice(EXAMPLES[i]) for i in HANDOFF_INTENTS if EXAMPLES.get(i)]
            return rng.choice(asks)
        buttons = [
            b
            for m in previous
            for b in m.get("buttons") or []
            if self.asks_for_person or b.get("payload") != PERSON
        ]
        draw = rng.random()
        if buttons and draw < 0.22:
            return str(rng.choice(buttons)["payload"])
        if draw < 0.30:
            if buttons and rng.random() < 0.7:
                return str(rng.choice(buttons)["title"])
            return rng.choice(self.titles)
        if draw < 0.58:
            return rng.choice(EXAMPLES[rng.choice(self.intents)])
        if draw < 0.66:
            return random_date(rng)
        if draw < 0.74:
            return random_number(rng)
        if draw < 0.79:
            return random_code(rng)
        return random_noise(rng, EXAMPLES)


def newest_code(outbox: Path, to: str, before: set[Path]) -> str | None:
    """The one-time code in the newest mail to `to` that was not in the outbox `before`
    (the files, not their times: a file's time is the kernel's, which a moved clock, as in
    `make test-future`, does not move)."""
    mails = [p for p in outbox.glob("*.eml") if p not in before]
    for path in sorted(mails, key=lambda p: p.stat().st_mtime, reverse=True):
        mail = message_from_bytes(path.read_bytes())
        code = code_in(mail) if mail["To"] == to else None
        if code:
            return code
    return None


# ---------------------------------------------------------------------------------------------
# one conversation


@dataclass
class Turn:
    said: str
    replies: list[dict[str, Any]]
    seconds: float
    log: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    seed: int
    sender: str
    turns: list[Turn] = field(default_factory=list)
    handed_over: bool = False

    @property
    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for turn in self.turns:
            seen.update(dict.fromkeys(turn.findings))
        return list(seen)

    def trigger(self, category: str) -> str:
        """The bot's last words and the parent's message in the turn the category appeared."""
        for index, turn in enumerate(self.turns):
            if category in turn.findings:
                before = self.turns[index - 1].replies if index else []
                last = reply_text(before[-1]) if before else "(start)"
                return f"{last[:60]!r} -> {turn.said[:60]!r}"
        return ""

    def transcript(self) -> str:
        lines = [f"conversation seed {self.seed} (sender {self.sender})"]
        for number, turn in enumerate(self.turns, 1):
            lines.append(f"{number:>2} parent: {turn.said!r}")
            for message in turn.replies:
                buttons = " | ".join(
                    f"{b.get('title')}={b.get('payload')}" for b in message.get("buttons") or []
                )
                lines.append(
                    f"     bot: {reply_text(message)}" + (f"  [{buttons}]" if buttons else "")
                )
            if not turn.replies:
                lines.append("     bot: (nothing)")
            lines += [f"     log: {line}" for line in turn.log]
            lines += [f"     !!! {finding}" for finding in turn.findings]
        return "\n".join(lines)


ACTION_FAILED = re.compile(r"action (\S+) failed: (\w+)|custom action '([^']+)'")


def technical_problem_cause(turn_log: list[logs.LogProblem]) -> str:
    for problem in turn_log:
        found = ACTION_FAILED.search(problem.line)
        if found and found.group(1):
            return f"{found.group(1)} failed: {found.group(2)}"
        if found:
            raised = [p.line.split(":")[0] for p in turn_log if p.kind == "exception"]
            return f"Rasa could not run {found.group(3)}" + (f": {raised[0]}" if raised else "")
    kinds = {problem.kind for problem in turn_log}
    if "circuit breaker" in kinds:
        return "circuit breaker"
    if "slow turn" in kinds:
        return "slow turn (guard time-out)"
    return "no cause logged"


def is_paused(stack: RunningStack, token: str | None, sender: str) -> bool | None:
    if not token:
        return None
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": token}, timeout=30
    )
    return bool(tracker.ok and tracker.json().get("paused"))


def check_turn(turn: Turn, previous: Turn | None, turn_log: list[logs.LogProblem]) -> None:
    """The findings for one answered message while the bot has the conversation."""
    replies = turn.replies
    if any(TECHNICAL_PROBLEM.search(reply_text(m)) for m in replies):
        turn.findings.append(f"technical-problem apology ({technical_problem_cause(turn_log)})")
    keys = [key for m in replies for key in fallback_keys(m)]
    for key, times in Counter(keys).items():
        if times > 1:
            turn.findings.append(f"fallback '{key}' repeated within one turn")
    earlier = {key for m in previous.replies for key in fallback_keys(m)} if previous else set()
    for key in dict.fromkeys(keys):
        if key in earlier and not offers_person(replies):
            turn.findings.append(f"fallback '{key}' twice in a row without offering a person")
    for kind in sorted({p.kind for p in turn_log if p.kind in logs.PROBLEMS}):
        turn.findings.append(f"log: {kind}")


def run_conversation(
    stack: RunningStack, seed: int, verified: list[Registration], token: str | None
) -> Outcome:
    parent = Parent(seed, verified)
    outcome = Outcome(seed, f"random-{seed}-{uuid.uuid4().hex[:8]}")
    chat = Chat(stack, outcome.sender)
    outbox = stack.var_dir / "outbox"
    before = set(outbox.glob("*.eml"))
    patterns = {**logs.PROBLEMS, **logs.SLOW_TURN}
    for number in range(parent.length + 1):
        if number == parent.length and not outcome.handed_over:
            break
        previous = outcome.turns[-1] if outcome.turns else None
        said = parent.verification_step(number, outbox, before)
        if said is None or outcome.handed_over:
            said = parent.next_message(number, previous.replies if previous else [])
        window = logs.mark(stack)
        clock = time.monotonic()
        try:
            replies = chat.say(said)
        except requests.RequestException as error:
            turn = Turn(said, [], time.monotonic() - clock)
            turn.findings.append(f"HTTP error: {type(error).__name__}")
            outcome.turns.append(turn)
            break
        turn = Turn(said, replies, time.monotonic() - clock)
        turn_log = logs.problems(stack, window, patterns)
        turn.log = [str(problem) for problem in turn_log]
        outcome.turns.append(turn)
        if outcome.handed_over:
            # one message after the handoff: an acknowledgement at most, never the apology
            if len(replies) > 1:
                turn.findings.append("more than one reply after the handoff")
            if any(TECHNICAL_PROBLEM.search(reply_text(m)) for m in replies):
                turn.findings.append("technical-problem apology after the handoff")
            break
        if not replies:
            if is_paused(stack, token, outcome.sender):
                outcome.handed_over = True  # paused without a handoff text we know
            else:
                turn.findings.append("no reply")
        check_turn(turn, previous, turn_log)
        said_verified = any(
            VERIFIED.search(reply_text(m)) for t in outcome.turns for m in t.replies
        )
        if parent.registration and number == 3 and not outcome.categories and not said_verified:
            turn.findings.append("identity check with the right details did not verify")
        if is_handoff(replies) or outcome.handed_over:
            outcome.handed_over = True
            if not parent.asks_for_person:
                break
    return outcome


# ---------------------------------------------------------------------------------------------
# the test


def verified_registrations(stack: RunningStack) -> list[Registration]:
    """Demo registrations with an e-mail address, for the identity check at the start."""
    database = stack.var_dir / "placement.db"
    if stack.env.get("DATABASE_URL") or not database.exists():
        return []
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT r.number, c.birth_date, p.email FROM registrations r"
            " JOIN children c ON c.id = r.child_id JOIN parents p ON p.child_id = c.id"
            " WHERE r.number BETWEEN ? AND ? AND p.email IS NOT NULL ORDER BY r.number LIMIT 20",
            VERIFIED_NUMBERS,
        ).fetchall()
    return [
        Registration(n, date.fromisoformat(str(b)[:10]), e)
        for n, b, e in dict((row[0], row) for row in rows).values()
    ]


def conversation_seeds() -> list[int]:
    if REPLAY:
        return REPLAY
    rng = random.Random(BASE_SEED)
    return [rng.randrange(10**9) for _ in range(COUNT)]


def summary(outcomes: list[Outcome], failed: list[Outcome], seconds: float) -> str:
    by_category: dict[str, list[Outcome]] = {}
    for outcome in failed:
        for category in outcome.categories:
            by_category.setdefault(category, []).append(outcome)
    handed = sum(o.handed_over for o in outcomes)
    turns = [t.seconds for o in outcomes for t in o.turns]
    lines = [
        f"{len(outcomes)} random conversations (base seed {BASE_SEED}) in {seconds:.0f} s: "
        f"{len(failed)} failed, {handed} ended with a person; {len(turns)} messages, "
        f"{sum(turns) / max(1, len(turns)):.2f} s per answer on average, "
        f"slowest {max(turns, default=0):.1f} s",
        "",
        "failures by category (a conversation can count in several):",
    ]
    ranked = sorted(by_category.items(), key=lambda item: -len(item[1]))
    for category, members in ranked:
        seeds = ", ".join(str(o.seed) for o in members[:8])
        lines.append(f"  {len(members):>4}  {category}   seeds: {seeds}")
    first = Counter(outcome.categories[0] for outcome in failed)
    lines += ["", "by the first failure of each conversation (later ones often follow from it):"]
    lines += [f"  {count:>4}  {category}" for category, count in first.most_common()]
    for category, members in ranked:
        triggers = Counter(outcome.trigger(category) for outcome in members)
        lines += ["", f"=== {category}: where it first appeared (bot's last words -> parent) ==="]
        lines += [f"  {count:>3}x {trigger}" for trigger, count in triggers.most_common(15)]
        lines += ["", f"--- {category}: shortest examples ---"]
        for outcome in sorted(members, key=lambda o: len(o.turns))[:2]:
            lines += [outcome.transcript(), ""]
    return "\n".join(lines)


def failure_message(outcome: Outcome, index: int, total: int) -> str:
    return (
        f"random conversation {index + 1} of {total} failed "
        f"(base seed {BASE_SEED}, conversation seed {outcome.seed}): "
        f"{'; '.join(outcome.categories)}\n"
        f"replay: RANDOM_CONVERSATIONS_REPLAY={outcome.seed} "
        "pytest tests/conversation/test_random_conversations.py\n"
        f"all of them: RANDOM_CONVERSATIONS_SEED={BASE_SEED} RANDOM_CONVERSATIONS_COLLECT=1\n\n"
        f"{outcome.transcript()}"
    )


def test_random_conversations_always_get_a_sensible_answer(
    default_stack: RunningStack, log_window: LogWindow, rasa_token: str | None
) -> None:
    seeds = conversation_seeds()
    verified = verified_registrations(default_stack)
    print(f"\nrandom conversations: base seed {BASE_SEED}, {len(seeds)} conversations")
    outcomes: list[Outcome] = []
    failed: list[Outcome] = []
    clock = time.monotonic()
    for index, seed in enumerate(seeds):
        if time.monotonic() - clock > TIME_BUDGET and not REPLAY:
            print(f"time budget of {TIME_BUDGET:.0f} s spent: ran {index} of {len(seeds)}")
            break
        outcome = run_conversation(default_stack, seed, verified, rasa_token)
        outcomes.append(outcome)
        if outcome.categories:
            failed.append(outcome)
            if not COLLECT:
                pytest.fail(failure_message(outcome, index, len(seeds)), pytrace=False)
    seconds = time.monotonic() - clock
    if REPORT:
        Path(REPORT).write_text(
            json.dumps([asdict(o) | {"categories": o.categories} for o in failed], indent=1)
        )
    report = summary(outcomes, failed, seconds)
    if failed:
        pytest.fail(report, pytrace=False)
    print(report)
    log_window.assert_clean()
