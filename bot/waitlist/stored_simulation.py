"""The latest stored simulation, held in memory by each process that answers questions.

`estimate_offer` needs, for one registration, the free places it saw at its turn: what the
run left free plus every place that registrations behind it took (`simulation.seen_by`).
Reading those from the database for every chat turn costs tens of milliseconds on 100,000
registrations, yet they only change when `run_estimates` runs again. So a process loads a
run once, keyed by the run's random token (a rolled-back run never reuses one), and
answers from memory; per group it keeps the running totals at every `CHECKPOINT`-th place,
so a question adds up at most that many places per group.
"""

import threading
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import WEEKDAYS, add_months
from bot.waitlist.models import FreeCapacity, Location, SimulatedPlacement
from bot.waitlist.queries import load_groups
from bot.waitlist.simulation import DAY_INDEX, GroupSpec

CHECKPOINT = 64
Grid = list[list[int]]


@dataclass(frozen=True)
class GroupHistory:
    """One group's places in queue order from the back: `minus_ranks` ascending (ranks
    descending, negated for bisect), the month and weekday indexes of each place, and the
    grid after every CHECKPOINT places (`totals[0]` is what the run left free)."""

    minus_ranks: list[int]
    places: list[tuple[int, tuple[int, ...]]]
    totals: list[Grid]

    @classmethod
    def build(cls, free: Grid, places: list[tuple[int, int, tuple[int, ...]]]) -> "GroupHistory":
        places = sorted(places, key=lambda place: -place[0])
        totals = [free]
        grid = [list(row) for row in free]
        for done, (_, month_index, days) in enumerate(places, 1):
            for day in days:
                grid[day][month_index] += 1
            if done % CHECKPOINT == 0:
                totals.append([list(row) for row in grid])
        return cls([-rank for rank, _, _ in places], [p[1:] for p in places], totals)

    def seen_at(self, rank: int) -> Grid:
        """Free places plus those taken by registrations at `rank` or behind it."""
        taken = bisect_right(self.minus_ranks, -rank)
        start = taken // CHECKPOINT * CHECKPOINT
        grid = [list(row) for row in self.totals[taken // CHECKPOINT]]
        for month_index, days in self.places[start:taken]:
            for day in days:
                grid[day][month_index] += 1
        return grid


@dataclass(frozen=True)
class StoredSimulation:
    token: str
    months: list[date]
    groups: list[GroupSpec]
    location_names: dict[int, str]
    location_cities: dict[int, str]
    histories: dict[int, GroupHistory]

    def groups_nearby(self, care_type: str, location_ids: tuple[int, ...]) -> list[GroupSpec]:
        """Groups of this care type in the cities of `location_ids`: where this registration
        could be placed, or could add a location."""
        cities = {self.location_cities.get(i) for i in location_ids}
        return [
            g
            for g in self.groups
            if g.care_type == care_type and self.location_cities[g.location_id] in cities
        ]

    def seen_by(self, groups: list[GroupSpec], rank: int) -> dict[int, Grid]:
        return {g.id: self.histories[g.id].seen_at(rank) for g in groups}


def load(session: Session, token: str, computed_on: date, horizon_months: int) -> StoredSimulation:
    months = [add_months(computed_on, i) for i in range(horizon_months)]
    index_of = {month: i for i, month in enumerate(months)}
    locations = session.execute(select(Location.id, Location.name, Location.city)).all()
    groups = load_groups(session)
    free: dict[int, Grid] = {g.id: [[0] * len(months) for _ in WEEKDAYS] for g in groups}
    for group_id, first_month, counts in session.execute(
        select(FreeCapacity.group_id, FreeCapacity.first_month, FreeCapacity.counts)
    ):
        if first_month == months[0] and group_id in free:
            free[group_id] = FreeCapacity.unpack(counts)
    places: dict[int, list[tuple[int, int, tuple[int, ...]]]] = {g.id: [] for g in groups}
    day_indexes: dict[str, tuple[int, ...]] = {}
    for month, group_id, rank, days in session.execute(
        select(
            SimulatedPlacement.month,
            SimulatedPlacement.group_id,
            SimulatedPlacement.rank,
            SimulatedPlacement.weekdays,
        )
    ):
        if month in index_of and group_id in places:
            if days not in day_indexes:
                day_indexes[days] = tuple(DAY_INDEX[day] for day in days.split("|"))
            places[group_id].append((rank, index_of[month], day_indexes[days]))
    return StoredSimulation(
        token,
        months,
        groups,
        {i: name for i, name, _ in locations},
        {i: city for i, _, city in locations},
        {g.id: GroupHistory.build(free[g.id], places[g.id]) for g in groups},
    )


_lock = threading.Lock()
_latest: dict[tuple[str, int], StoredSimulation] = {}


def stored_simulation(
    session: Session, token: str, computed_on: date, horizon_months: int
) -> StoredSimulation:
    """The run with this token, from memory once loaded; only the latest run is kept."""
    key = (token, horizon_months)
    with _lock:
        found = _latest.get(key)
        if found is None:
            found = load(session, token, computed_on, horizon_months)
            _latest.clear()
            _latest[key] = found
        return found
