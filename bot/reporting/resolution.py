"""The bot rating and the resolution measure, from the outcomes the bot's messages carry
(bot/conversation/bot_rating.py), the parents' messages and the handoffs.

A conversation is one conversation id with a message in the period, counted on the day and
channel of its first message there (as the dashboard counts conversations).

- **Bot rating**: the conversation's answer to "Heeft dit u geholpen?" (its last one);
  the share is yes / (yes + no).
- **Resolution**: a conversation counts against it when the parent answered "nee", when it
  was handed to staff, or when a goal was reached and the same parent (the same
  conversation id, or one with the same registration number) asked the same question (the
  same intent) again within 3 days after the answer. Otherwise it counts as resolved when
  the parent answered "ja" or a goal was reached: a status, estimate or position answer,
  an availability answer, a change or cancellation filed, an offer answered. A
  conversation with none of these (a greeting, a general question, no rating) is not
  counted either way. The rate is resolved / (resolved + unresolved).
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.conversation.bot_rating import GOAL_PREFIX, NO, YES
from bot.reporting.sources import Message, Outcome

REPEAT_WINDOW = timedelta(days=3)


@dataclass(frozen=True)
class Verdict:
    sender_id: str
    day: date
    channel: str
    rating: str | None  # bot_rating.YES, NO, or None when not rated
    resolved: bool | None  # None: not counted


@dataclass
class Figures:
    rated_yes: int = 0
    rated_no: int = 0
    rating_share: float | None = None  # yes / (yes + no)
    resolved: int = 0
    unresolved: int = 0
    resolution_rate: float | None = None  # resolved / (resolved + unresolved)
    # day, channel, rated_yes, rated_no, resolved, unresolved
    per_day: list[dict[str, Any]] = field(default_factory=list)
    # channel -> rated_yes, rated_no, rating_share, resolved, unresolved, resolution_rate
    per_channel: dict[str, dict[str, Any]] = field(default_factory=dict)


def verdicts(
    *,
    messages: list[Message],
    outcomes: list[Outcome],
    later: list[Message],
    handed_over: set[str],
    numbers: dict[str, set[str]],
    day_of: Callable[[datetime], date],
) -> list[Verdict]:
    """Each conversation's rating and resolution. `messages`: the period's; `later`: the
    messages from the period's start to 3 days after its end (for the repeats)."""
    first: dict[str, Message] = {}
    for message in messages:
        first.setdefault(message.sender_id, message)
    by_sender: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.sender_id in first:
            by_sender[outcome.sender_id].append(outcome)
    asked = Asked(later, numbers)
    result = []
    for sender_id, opening in first.items():
        own = by_sender.get(sender_id, [])
        answers = [o.outcome for o in own if o.outcome in (YES, NO)]
        rating = answers[-1] if answers else None
        goals = [o for o in own if o.outcome.startswith(GOAL_PREFIX)]
        repeated = any(asked.again(goal) for goal in goals)
        resolved = resolved_of(rating, sender_id in handed_over, bool(goals), repeated)
        result.append(Verdict(sender_id, day_of(opening.at), opening.channel, rating, resolved))
    return result


def resolved_of(rating: str | None, handed: bool, goal: bool, repeated: bool) -> bool | None:
    """A conversation's resolution (None: not counted) from its last rating, whether it was
    handed to staff, whether it reached a goal and whether the parent asked again."""
    if rating == NO or handed:
        return False
    if rating == YES:
        return True
    return not repeated if goal else None


class Asked:
    """The later messages by intent and conversation, each conversation's times sorted,
    so that a repeat is a search in the few conversations of the same parent: comparing
    every goal with every later message took minutes over a year of a large chain."""

    def __init__(self, later: list[Message], numbers: dict[str, set[str]]) -> None:
        self.times: dict[tuple[str | None, str], list[datetime]] = defaultdict(list)
        for message in later:
            self.times[(message.intent, message.sender_id)].append(message.at)
        for times in self.times.values():
            times.sort()
        self.numbers = numbers
        self.senders: dict[str, set[str]] = defaultdict(set)
        for sender_id, owned in numbers.items():
            for number in owned:
                self.senders[number].add(sender_id)

    def again(self, goal: Outcome) -> bool:
        """The same question (intent) from the same parent within 3 days after the answer."""
        intent = goal.outcome.removeprefix(GOAL_PREFIX)
        parents = {goal.sender_id}
        for number in self.numbers.get(goal.sender_id, set()):
            parents |= self.senders[number]
        for sender_id in parents:
            times = self.times.get((intent, sender_id), [])
            after = bisect_right(times, goal.at)
            if after < len(times) and times[after] <= goal.at + REPEAT_WINDOW:
                return True
        return False


# a verdict as the figures count it: day, channel, rating, resolved
Tally = tuple[date, str, str | None, bool | None]


def figures(verdicts: Iterable[Verdict]) -> Figures:
    """The counts, shares and rates, in total, per day and channel, and per channel."""
    return tallied(Counter((v.day, v.channel, v.rating, v.resolved) for v in verdicts))


def tallied(counted: Mapping[Tally, int]) -> Figures:
    """`figures` of verdicts counted by kind (bot/reporting/day_figures.py counts them so:
    a year of a large chain is a million conversations)."""
    items = [(tally, n) for tally, n in counted.items() if n]
    result = Figures(**_counts(items))
    per_day: dict[tuple[date, str], list[tuple[Tally, int]]] = defaultdict(list)
    per_channel: dict[str, list[tuple[Tally, int]]] = defaultdict(list)
    for tally, n in items:
        day, channel, rating, resolved = tally
        if rating or resolved is not None:
            per_day[(day, channel)].append((tally, n))
            per_channel[channel].append((tally, n))
    result.per_day = [
        {"day": day.isoformat(), "channel": channel, **_counts(group, rates=False)}
        for (day, channel), group in sorted(per_day.items())
    ]
    result.per_channel = {channel: _counts(group) for channel, group in sorted(per_channel.items())}
    return result


def _counts(items: list[tuple[Tally, int]], rates: bool = True) -> dict[str, Any]:
    ratings: Counter[str] = Counter()
    resolutions: Counter[bool] = Counter()
    for (_, _, rating, resolved), n in items:
        if rating:
            ratings[rating] += n
        if resolved is not None:
            resolutions[resolved] += n
    counts: dict[str, Any] = {
        "rated_yes": ratings[YES],
        "rated_no": ratings[NO],
        "resolved": resolutions[True],
        "unresolved": resolutions[False],
    }
    if rates:
        counts["rating_share"] = _share(ratings[YES], ratings[NO])
        counts["resolution_rate"] = _share(resolutions[True], resolutions[False])
    return counts


def _share(part: int, rest: int) -> float | None:
    return round(part / (part + rest), 3) if part + rest else None
