"""When an offer is likely, why, and what the parent could change to get one sooner.

`run_estimates` simulates the whole queue (bot/waitlist/simulation.py) and stores, per
waiting registration, its first place and full place, plus the free places per group and
month and every place the simulation gave away. `estimate_offer` then answers for one
registration from those rows, fast enough for a chat turn, and works out what-ifs by
searching the places this registration saw at its turn (`simulation.seen_by`).

Offers are made `offer_lead_months` before the start; the range widens by a month for every
four months of distance, because the queue changes (people move, decline, register with
priority) and a single month would promise more than the data can support.
"""

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import WEEKDAYS, add_months, age_in_months, month_start, months_between
from bot.waitlist.models import Child as ChildRow
from bot.waitlist.models import (
    Estimate,
    EstimateRun,
    FreeCapacity,
    LocationPreference,
    Offer,
    Placement,
    Registration,
    SimulatedPlacement,
)
from bot.waitlist.policy import Policy, policy_from_settings
from bot.waitlist.queries import find_registration, load_groups
from bot.waitlist.simulation import (
    Candidate,
    Fit,
    GroupSpec,
    Occupant,
    first_fit,
    groups_by_location,
    simulate,
)
from bot.waitlist.stored_simulation import StoredSimulation, stored_simulation

POPULAR_DAYS = ("ma", "di", "do")


@dataclass(frozen=True)
class Place:
    month: date
    location_name: str
    weekdays: tuple[str, ...]
    complete: bool


@dataclass(frozen=True)
class Factor:
    """What drives an estimate: priority_*, start_date_limits, popular_days (with the
    days), one_location, partial_first, rest_beyond_horizon."""

    code: str
    days: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alternative:
    """A change the parent can make; `kind` is swap_day, add_location or drop_day."""

    kind: str
    month: date
    months_earlier: int
    day_out: str | None = None
    day_in: str | None = None
    location_name: str | None = None


@dataclass
class OfferEstimate:
    number: str
    # None when there is an estimate; otherwise why not: not_waiting, not_estimated,
    # no_groups, beyond_horizon
    unavailable: str | None = None
    first: Place | None = None
    full_month: date | None = None
    offer_from: date | None = None
    offer_to: date | None = None
    factors: list[Factor] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    computed_on: date | None = None
    horizon_months: int = 24


def load_occupants(session: Session, groups: list[GroupSpec]) -> list[Occupant]:
    """Placements, and open offers counted as accepted (the place is held for the child)."""
    occupants = [
        Occupant(group_id, birth, frozenset(days.split("|")), start, end)
        for group_id, birth, days, start, end in session.execute(
            select(
                Placement.group_id,
                Placement.child_birth_date,
                Placement.weekdays,
                Placement.start_date,
                Placement.end_date,
            )
        )
    ]
    by_location = groups_by_location(groups)
    offers = session.execute(
        select(
            Offer.location_id,
            Offer.weekdays,
            Offer.start_date,
            Registration.care_type,
            ChildRow.birth_date,
        )
        .join(Registration, Offer.registration_id == Registration.id)
        .join(ChildRow, Registration.child_id == ChildRow.id)
        .where(Offer.outcome == "open")
    )
    for location_id, days, start, care_type, birth in offers:
        group = _group_for(by_location.get(location_id, []), care_type, birth, start)
        if group is not None:
            occupants.append(Occupant(group.id, birth, frozenset(days.split("|")), start))
    return occupants


def _group_for(groups: list[GroupSpec], care_type: str, birth: date, on: date) -> GroupSpec | None:
    age = age_in_months(birth, on)
    return next(
        (
            g
            for g in groups
            if g.care_type == care_type and g.min_age_months <= age < g.max_age_months
        ),
        None,
    )


def load_candidates(session: Session) -> list[Candidate]:
    preferences: dict[int, list[int]] = {}
    for registration_id, location_id in session.execute(
        select(LocationPreference.registration_id, LocationPreference.location_id)
        .join(Registration, LocationPreference.registration_id == Registration.id)
        .where(Registration.status == "waiting")
        .order_by(LocationPreference.registration_id, LocationPreference.rank)
    ):
        preferences.setdefault(registration_id, []).append(location_id)
    rows = session.execute(
        select(
            Registration.id,
            ChildRow.birth_date,
            Registration.care_type,
            Registration.weekdays,
            Registration.desired_start_date,
            Registration.registered_on,
            Registration.priority,
        )
        .join(ChildRow, Registration.child_id == ChildRow.id)
        .where(Registration.status == "waiting")
    )
    return [
        Candidate(
            registration_id,
            birth,
            care_type,
            tuple(preferences.get(registration_id, ())),
            frozenset(days.split("|")),
            desired,
            registered,
            priority,
        )
        for registration_id, birth, care_type, days, desired, registered, priority in rows
    ]


def run_estimates(*, session: Session, today: date, policy: Policy | None = None) -> int:
    """Simulates the whole queue and stores the result; returns how many were estimated."""
    policy = policy or policy_from_settings()
    groups = load_groups(session)
    candidates = load_candidates(session)
    result = simulate(groups, load_occupants(session, groups), candidates, today, policy)
    for model in (Estimate, SimulatedPlacement, FreeCapacity):
        session.execute(delete(model))
    location_of = {group.id: group.location_id for group in groups}
    estimate_rows = [
        {
            "registration_id": registration_id,
            "rank": outcome.rank,
            "first_month": outcome.first.month if outcome.first else None,
            "first_location_id": location_of[outcome.first.group_id] if outcome.first else None,
            "first_weekdays": _days(outcome.first.weekdays) if outcome.first else None,
            "full_month": outcome.full_month,
            "computed_on": today,
        }
        for registration_id, outcome in result.outcomes.items()
    ]
    event_rows = [
        {"month": result.months[index], "group_id": group_id, "rank": rank, "weekdays": _days(d)}
        for index, group_id, rank, d in result.events
    ]
    free_rows = [
        {"group_id": group_id, "first_month": result.months[0], "counts": FreeCapacity.pack(rows)}
        for group_id, rows in result.free.items()
    ]
    for model, rows in (
        (Estimate, estimate_rows),
        (SimulatedPlacement, event_rows),
        (FreeCapacity, free_rows),
    ):
        for start in range(0, len(rows), 5000):
            session.execute(model.__table__.insert(), rows[start : start + 5000])
    session.add(
        EstimateRun(
            token=uuid.uuid4().hex, computed_on=today, finished_at=datetime.now(timezone.utc)
        )
    )
    session.flush()
    return len(estimate_rows)


def _days(days: frozenset[str]) -> str:
    return "|".join(day for day in WEEKDAYS if day in days)


def estimate_offer(
    *, session: Session, number: str, today: date, policy: Policy | None = None
) -> OfferEstimate:
    policy = policy or policy_from_settings()
    registration = find_registration(session=session, number=number)
    if registration is None:
        raise LookupError(number)
    report = OfferEstimate(number=registration.number, horizon_months=policy.horizon_months)
    if registration.status != "waiting":
        report.unavailable = "not_waiting"
        return report
    latest_run = select(EstimateRun.token).order_by(EstimateRun.id.desc()).limit(1)
    stored = session.execute(
        select(Estimate.rank, Estimate.computed_on, latest_run.scalar_subquery()).where(
            Estimate.registration_id == registration.id
        )
    ).one_or_none()
    if stored is None or stored[2] is None:
        report.unavailable = "not_estimated"
        return report
    candidate = Candidate(
        registration.id,
        registration.child.birth_date,
        registration.care_type,
        tuple(p.location_id for p in registration.preferences),
        frozenset(registration.weekday_list),
        registration.desired_start_date,
        registration.registered_on,
        registration.priority,
    )
    rank, computed_on, token = stored
    report.computed_on = computed_on
    simulation = stored_simulation(session, token, computed_on, policy.horizon_months)
    world = _World.seen_by(simulation, candidate, rank, policy)
    if not world.groups_for(candidate.location_ids):
        report.unavailable = "no_groups"
        return report
    first, full = world.first_fit(candidate)
    if first is None:
        report.unavailable = "beyond_horizon"
        return report
    report.first = Place(
        first.month,
        world.location_names[world.location_of[first.group_id]],
        tuple(day for day in WEEKDAYS if day in first.weekdays),
        first.complete,
    )
    report.full_month = full
    report.offer_from, report.offer_to = offer_range(first.month, today, policy)
    report.factors = factors(registration, candidate, first, full)
    report.alternatives = world.alternatives(candidate, first.month)
    return report


def offer_range(start: date, today: date, policy: Policy) -> tuple[date, date]:
    this_month = month_start(today)
    begin = max(this_month, add_months(start, -policy.offer_lead_months))
    spread = max(1, months_between(this_month, start) // 4)
    return begin, add_months(begin, spread)


def factors(
    registration: Registration, candidate: Candidate, first: Fit, full: date | None
) -> list[Factor]:
    """What drives this estimate, most important first (explain.py words them). An SMI
    priority is never named: it is health-related."""
    found = []
    if registration.priority in ("sibling", "internal", "staff"):
        found.append(Factor(f"priority_{registration.priority}"))
    if month_start(candidate.desired_start_date) >= first.month:
        found.append(Factor("start_date_limits"))
    popular = tuple(day for day in POPULAR_DAYS if day in candidate.weekdays)
    if popular and month_start(candidate.desired_start_date) < first.month:
        found.append(Factor("popular_days", popular))
    if len(candidate.location_ids) == 1:
        found.append(Factor("one_location"))
    if not first.complete:
        found.append(Factor("partial_first"))
        if full is None:
            found.append(Factor("rest_beyond_horizon"))
    return found


@dataclass
class _World:
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
    ) -> "_World":
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
