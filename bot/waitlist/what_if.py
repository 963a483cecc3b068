"""What one registration saw at its turn, and what the parent could change to be placed
sooner: another day, another location, one day fewer.

The stored simulation (stored_simulation.py) gives, per month, the places left free when
this registration's turn came (`simulation.seen_by`); fitting the registration, or a
variant of it, into those places answers its first place and every what-if without running
the whole queue again.
"""

from dataclasses import dataclass, replace
from datetime import date

from bot.waitlist.calendar import WEEKDAYS, months_between
from bot.waitlist.policy import Policy
from bot.waitlist.simulation import Candidate, Fit, GroupSpec, first_fit, groups_by_location
from bot.waitlist.stored_simulation import StoredSimulation


@dataclass(frozen=True)
class Alternative:
    """A change the parent can make; `kind` is swap_day, add_location or drop_day.
    `month`: the first place it gives; `months_earlier`: how much sooner than the
    registration's own, in places here and in offers once the estimate (offer_estimate.py)
    has set `offer_from`, the month from which its offer is likely."""

    kind: str
    month: date
    months_earlier: int
    day_out: str | None = None
    day_in: str | None = None
    location_name: str | None = None
    offer_from: date | None = None


@dataclass
class PlacesAtTurn:
    """What one registration saw at its turn in each month of the stored simulation."""

    policy: Policy
    months: list[date]
    groups: list[GroupSpec]
    free: dict[int, list[list[int]]]
    location_of: dict[int, int]
    location_names: dict[int, str]

    @classmethod
    def seen_by(
        cls, simulation: StoredSimulation, candidate: Candidate, rank: int, policy: Policy
    ) -> "PlacesAtTurn":
        groups = simulation.groups_nearby(candidate.care_type, candidate.location_ids)
        return cls(
            policy,
            simulation.months,
            groups,
            simulation.seen_by(groups, rank),
            {g.id: g.location_id for g in groups},
            simulation.location_names,
        )

    def groups_for(self, location_ids: tuple[int, ...]) -> list[GroupSpec]:
        return [g for g in self.groups if g.location_id in location_ids]

    def first_fit(self, candidate: Candidate) -> tuple[Fit | None, date | None]:
        by_location = groups_by_location(self.groups_for(candidate.location_ids))
        return first_fit(candidate, self.free, self.months, by_location, self.policy)

    def alternatives(self, candidate: Candidate, base: date) -> list[Alternative]:
        """The best day swap, extra location and one day fewer that each bring the first
        place at least a month closer."""
        found: list[Alternative] = []
        swaps = [
            (out, into)
            for out in WEEKDAYS
            if out in candidate.weekdays
            for into in WEEKDAYS
            if into not in candidate.weekdays
        ]
        options: list[tuple[str, Candidate, dict[str, str | None]]] = [
            (
                "swap_day",
                replace(candidate, weekdays=candidate.weekdays - {out} | {into}),
                {"day_out": out, "day_in": into},
            )
            for out, into in swaps
        ]
        options += [
            (
                "add_location",
                replace(candidate, location_ids=(*candidate.location_ids, location_id)),
                {"location_name": self.location_names[location_id]},
            )
            for location_id in sorted({g.location_id for g in self.groups})
            if location_id not in candidate.location_ids
        ]
        if len(candidate.weekdays) > 1:
            options += [
                (
                    "drop_day",
                    replace(candidate, weekdays=candidate.weekdays - {out}),
                    {"day_out": out},
                )
                for out in WEEKDAYS
                if out in candidate.weekdays
            ]
        best: dict[str, Alternative] = {}
        for kind, variant, details in options:
            fit, _ = self.first_fit(variant)
            if fit is None:
                continue
            earlier = months_between(fit.month, base)
            if earlier >= 1 and (kind not in best or earlier > best[kind].months_earlier):
                best[kind] = Alternative(kind, fit.month, earlier, **details)
        for kind in ("swap_day", "add_location", "drop_day"):
            if kind in best:
                found.append(best[kind])
        return found
