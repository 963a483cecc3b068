"""The queue simulated forward, month by month: who gets which place, and what is left.

Pure functions on plain values, so scenarios can be built by hand in tests. Each month:
children in a place move up to the next age group of their location or leave when they
age out of the care type or their placement ends; then the waiting registrations, in the
policy's order, take the places free on their days at their preferred locations. When no
group has all requested days free, a registration may start on the days that are free
(partial placement) and waits in the same group for the rest.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.waitlist.calendar import WEEKDAYS, add_months, age_in_months, month_start
from bot.waitlist.policy import Policy

DAY_INDEX = {day: i for i, day in enumerate(WEEKDAYS)}


@dataclass(frozen=True, slots=True)
class GroupSpec:
    id: int
    location_id: int
    care_type: str
    min_age_months: int
    max_age_months: int
    capacity: int


@dataclass(frozen=True, slots=True)
class Occupant:
    """A child holding a place: a placement, or an open offer assumed to be accepted."""

    group_id: int
    birth_date: date
    weekdays: frozenset[str]
    start_date: date
    end_date: date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    registration_id: int
    birth_date: date
    care_type: str
    location_ids: tuple[int, ...]
    weekdays: frozenset[str]
    desired_start_date: date
    registered_on: date
    priority: str = "none"


@dataclass(frozen=True, slots=True)
class Fit:
    """A place found for a candidate: group, the days it gives and whether that is all."""

    month: date
    group_id: int
    weekdays: frozenset[str]
    complete: bool


@dataclass(slots=True)
class Outcome:
    rank: int
    first: Fit | None = None
    full_month: date | None = None


@dataclass
class SimulationResult:
    months: list[date]
    outcomes: dict[int, Outcome]
    # free[group_id][day][month_index] after the simulation gave away what it could
    free: dict[int, list[list[int]]]
    # (month_index, group_id, rank, weekdays) of every place given away
    events: list[tuple[int, int, int, frozenset[str]]] = field(default_factory=list)


def queue_order(candidates: Iterable[Candidate], policy: Policy) -> list[Candidate]:
    def key(candidate: Candidate) -> tuple[int, date, date, int]:
        tie = getattr(candidate, policy.tie_break)
        return (
            policy.priority_rank(candidate.priority),
            tie,
            candidate.registered_on,
            candidate.registration_id,
        )

    return sorted(candidates, key=key)


class Capacity:
    """Free places per group, weekday and month of the horizon."""

    def __init__(self, groups: Sequence[GroupSpec], months: list[date]) -> None:
        self.months = months
        self.groups = {group.id: group for group in groups}
        self.free = {
            group.id: [[group.capacity] * len(months) for _ in WEEKDAYS] for group in groups
        }

    def active_months(self, group: GroupSpec, birth_date: date, start: int, end: date | None):
        """Month indexes from `start` in which a child born on `birth_date` stays in `group`."""
        for index in range(start, len(self.months)):
            month = self.months[index]
            if end is not None and month >= end:
                return
            if age_in_months(birth_date, month) >= group.max_age_months:
                return
            yield index

    def open_slots(self, index: int) -> set[tuple[int, str]]:
        """(group, day) with a free place in month `index`: a quick filter, since most of
        the queue finds nothing in most months."""
        return {
            (group_id, day)
            for group_id, rows in self.free.items()
            for day, row in zip(WEEKDAYS, rows, strict=True)
            if row[index] > 0
        }

    def take(self, group_id: int, days: Iterable[str], birth_date: date, start: int) -> None:
        group = self.groups[group_id]
        rows = [self.free[group_id][DAY_INDEX[day]] for day in days]
        for index in self.active_months(group, birth_date, start, None):
            for row in rows:
                row[index] -= 1

    def occupy(self, occupant: Occupant, by_location: dict[int, list[GroupSpec]]) -> None:
        """Counts a present child, following it into the next age group of its location."""
        group = self.groups.get(occupant.group_id)
        if group is None:
            return
        start = next(
            (i for i, month in enumerate(self.months) if month >= month_start(occupant.start_date)),
            None,
        )
        if start is None:
            return
        rows = [self.free[group.id][DAY_INDEX[day]] for day in occupant.weekdays]
        last = start - 1
        for index in self.active_months(group, occupant.birth_date, start, occupant.end_date):
            for row in rows:
                row[index] -= 1
            last = index
        aged_out = last + 1 < len(self.months) and (
            occupant.end_date is None or self.months[last + 1] < occupant.end_date
        )
        if aged_out:
            following = next_group(group, by_location)
            if following is not None:
                self.occupy(
                    Occupant(
                        following.id,
                        occupant.birth_date,
                        occupant.weekdays,
                        self.months[last + 1],
                        occupant.end_date,
                    ),
                    by_location,
                )


def next_group(group: GroupSpec, by_location: dict[int, list[GroupSpec]]) -> GroupSpec | None:
    for other in by_location.get(group.location_id, []):
        if other.care_type == group.care_type and other.min_age_months == group.max_age_months:
            return other
    return None


def eligible_groups(
    candidate: Candidate,
    age: int,
    by_location: dict[int, list[GroupSpec]],
    location_ids: Sequence[int] | None = None,
) -> list[GroupSpec]:
    """Groups at the candidate's locations, in preference order, that take a child this age."""
    return [
        group
        for location_id in (location_ids or candidate.location_ids)
        for group in by_location.get(location_id, [])
        if group.care_type == candidate.care_type
        and group.min_age_months <= age < group.max_age_months
    ]


def find_fit(
    candidate: Candidate,
    month_index: int,
    free: dict[int, list[list[int]]],
    months: list[date],
    by_location: dict[int, list[GroupSpec]],
    policy: Policy,
    wanted: frozenset[str] | None = None,
    in_group: int | None = None,
) -> Fit | None:
    """The place the candidate would get this month, or None. `free` is what is left."""
    month = months[month_index]
    wanted = candidate.weekdays if wanted is None else wanted
    age = age_in_months(candidate.birth_date, month)
    best: tuple[int, GroupSpec, frozenset[str]] | None = None
    for group in eligible_groups(candidate, age, by_location):
        if in_group is not None and group.id != in_group:
            continue
        rows = free[group.id]
        days = frozenset(day for day in wanted if rows[DAY_INDEX[day]][month_index] > 0)
        if days == wanted:
            return Fit(month, group.id, days, True)
        if days and (best is None or len(days) > best[0]):
            best = (len(days), group, days)
    if best is not None and (policy.allow_partial or in_group is not None):
        return Fit(month, best[1].id, best[2], False)
    return None


def simulate(
    groups: Sequence[GroupSpec],
    occupants: Iterable[Occupant],
    candidates: Iterable[Candidate],
    today: date,
    policy: Policy,
) -> SimulationResult:
    months = [add_months(today, i) for i in range(policy.horizon_months)]
    by_location = groups_by_location(groups)
    capacity = Capacity(groups, months)
    for occupant in occupants:
        capacity.occupy(occupant, by_location)
    queue = queue_order(candidates, policy)
    result = SimulationResult(
        months, {c.registration_id: Outcome(rank) for rank, c in enumerate(queue, 1)}, {}
    )
    # who can start in which month, so each month looks only at registrations that could
    # take a place then (this keeps 100,000 registrations within seconds)
    starting: list[list[_Entry]] = [[] for _ in months]
    for rank, candidate in enumerate(queue, 1):
        entry = _Entry.make(rank, candidate, months, by_location)
        if entry is not None:
            starting[entry.active_from].append(entry)
    waiting: list[_Entry] = []
    for index, month in enumerate(months):
        if starting[index]:
            waiting = sorted(waiting + starting[index], key=lambda e: e.rank)
        open_slots = capacity.open_slots(index)
        still_waiting = []
        for entry in waiting:
            if index >= entry.active_to:
                continue
            if not entry.could_use(index, open_slots):
                still_waiting.append(entry)
                continue
            fit = entry.fit(index, month, capacity.free, policy)
            if fit is None:
                still_waiting.append(entry)
                continue
            capacity.take(fit.group_id, fit.weekdays, entry.candidate.birth_date, index)
            result.events.append((index, fit.group_id, entry.rank, fit.weekdays))
            outcome = result.outcomes[entry.candidate.registration_id]
            if outcome.first is None:
                outcome.first = fit
            if fit.complete:
                outcome.full_month = month
                continue
            entry.hold(fit)
            still_waiting.append(entry)
        waiting = still_waiting
    result.free = capacity.free
    return result


@dataclass(slots=True)
class _Entry:
    """A registration in the simulation: the groups it could join and, per group, the
    months in which the child has the age for it (age = offset + month index)."""

    rank: int
    candidate: Candidate
    windows: list[tuple[GroupSpec, int, int]]
    active_from: int
    active_to: int
    wanted: frozenset[str]
    held: Fit | None = None
    slots: list[tuple[int, int, frozenset[tuple[int, str]]]] = field(init=False, repr=False)

    @classmethod
    def make(
        cls,
        rank: int,
        candidate: Candidate,
        months: list[date],
        by_location: dict[int, list[GroupSpec]],
    ) -> "_Entry | None":
        start = months_from(months[0], candidate.desired_start_date)
        offset = age_in_months(candidate.birth_date, months[0])
        windows = []
        for location_id in candidate.location_ids:
            for group in by_location.get(location_id, []):
                if group.care_type != candidate.care_type:
                    continue
                low = max(start, group.min_age_months - offset, 0)
                high = min(len(months), group.max_age_months - offset)
                if low < high:
                    windows.append((group, low, high))
        if not windows:
            return None
        return cls(
            rank,
            candidate,
            windows,
            min(low for _, low, _ in windows),
            max(high for _, _, high in windows),
            candidate.weekdays,
        )

    def __post_init__(self) -> None:
        self._index_slots()

    def _index_slots(self) -> None:
        """Per window, the (group, day) slots this registration could take: checking them
        against the month's open slots is one set operation."""
        self.slots = [
            (low, high, _group_slots(group.id, self.wanted)) for group, low, high in self.windows
        ]

    def hold(self, fit: Fit) -> None:
        """Placed on some days: waits for the rest in the same group."""
        self.held = fit
        self.wanted = self.candidate.weekdays - fit.weekdays
        self.windows = [w for w in self.windows if w[0].id == fit.group_id]
        self._index_slots()

    def could_use(self, index: int, open_slots: set[tuple[int, str]]) -> bool:
        """A new registration can use any open day; a partly placed one only all the days
        it still waits for. (Plain loops: this runs for every waiting registration every
        month, and `any` over a generator cost twice as much.)"""
        if self.held is not None:
            for low, high, slots in self.slots:
                if low <= index < high and slots <= open_slots:
                    return True
            return False
        for low, high, slots in self.slots:
            if low <= index < high and not slots.isdisjoint(open_slots):
                return True
        return False

    def fit(self, index: int, month: date, free: dict[int, list[list[int]]], policy: Policy):
        best: tuple[int, GroupSpec, frozenset[str]] | None = None
        for group, low, high in self.windows:
            if not low <= index < high:
                continue
            rows = free[group.id]
            days = frozenset(day for day in self.wanted if rows[DAY_INDEX[day]][index] > 0)
            if days == self.wanted:
                return Fit(month, group.id, days, True)
            if days and self.held is None and (best is None or len(days) > best[0]):
                best = (len(days), group, days)
        if best is not None and policy.allow_partial:
            return Fit(month, best[1].id, best[2], False)
        return None


@lru_cache(maxsize=100_000)  # per group and set of days, shared by the entries
def _group_slots(group_id: int, days: frozenset[str]) -> frozenset[tuple[int, str]]:
    return frozenset((group_id, day) for day in days)


def months_from(first: date, day: date) -> int:
    """The month index of `day` in a horizon starting at `first` (0 when before it)."""
    return max(0, (day.year - first.year) * 12 + day.month - first.month)


def groups_by_location(groups: Iterable[GroupSpec]) -> dict[int, list[GroupSpec]]:
    by_location: dict[int, list[GroupSpec]] = {}
    for group in groups:
        by_location.setdefault(group.location_id, []).append(group)
    for location_groups in by_location.values():
        location_groups.sort(key=lambda g: (g.care_type, g.min_age_months, g.id))
    return by_location


def seen_by(
    result_free: dict[int, list[list[int]]],
    events: Iterable[tuple[int, int, int, frozenset[str]]],
    rank: int,
) -> dict[int, list[list[int]]]:
    """The free places one registration saw at its turn in each month: what was left at the
    end of the month plus what registrations behind it (and it itself) took that month.

    A what-if for this registration is then a search over these numbers; everything ahead
    of it in the queue is unaffected by what it asks for. (bot/waitlist/stored_simulation.py
    answers the same from a stored run.)"""
    free = {group_id: [list(row) for row in rows] for group_id, rows in result_free.items()}
    for month_index, group_id, event_rank, days in events:
        if event_rank >= rank and group_id in free:
            for day in days:
                free[group_id][DAY_INDEX[day]][month_index] += 1
    return free


def first_fit(
    candidate: Candidate,
    free: dict[int, list[list[int]]],
    months: list[date],
    by_location: dict[int, list[GroupSpec]],
    policy: Policy,
) -> tuple[Fit | None, date | None]:
    """The first place and the month of the full place for one candidate, given `free`."""
    first: Fit | None = None
    for index, month in enumerate(months):
        if month_start(candidate.desired_start_date) > month:
            continue
        if first is not None and not first.complete:
            rest = find_fit(
                candidate,
                index,
                free,
                months,
                by_location,
                policy,
                candidate.weekdays - first.weekdays,
                first.group_id,
            )
            if rest is not None and rest.complete:
                return first, month
            continue
        fit = find_fit(candidate, index, free, months, by_location, policy)
        if fit is not None:
            if fit.complete:
                return fit, month
            first = fit
    return first, None
