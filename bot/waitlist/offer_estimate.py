"""The parent's answer: when an offer is likely, why, and what they could change to get one
sooner, for one registration from the rows of the latest run (estimate_run.py), fast
enough for a chat turn.

Offers are made `offer_lead_months` before the start; the range widens by a month for every
four months of distance, because the queue changes (people move, decline, register with
priority) and a single month would promise more than the data can support.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import (
    WEEKDAYS,
    add_months,
    age_in_months,
    month_start,
    months_between,
)
from bot.waitlist.models import Estimate, EstimateRun, Registration
from bot.waitlist.policy import Policy, policy_from_settings
from bot.waitlist.queries import find_registration
from bot.waitlist.simulation import Candidate, Fit, GroupSpec
from bot.waitlist.stored_simulation import StoredSimulation, stored_simulation
from bot.waitlist.what_if import Alternative, PlacesAtTurn

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
class AgedOut:
    """The child is too old for every group of its care type at the chosen locations by
    the time it could start: no place will come, however long the wait."""

    care_type: str
    start: date  # the later of this month and the desired start
    age_months: int  # the child's age then
    max_age_months: int  # the oldest age any of those groups takes (exclusive)
    started: bool  # the desired start is not in the future


@dataclass
class OfferEstimate:
    number: str
    # None when there is an estimate; otherwise why not: not_waiting, not_estimated,
    # no_groups, aged_out, beyond_horizon
    unavailable: str | None = None
    aged_out: "AgedOut | None" = None
    first: Place | None = None
    full_month: date | None = None
    offer_from: date | None = None
    offer_to: date | None = None
    factors: list[Factor] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    computed_on: date | None = None
    horizon_months: int = 24


@dataclass(frozen=True)
class Turn:
    """A waiting registration as the latest run saw it: what it asks for (`candidate`),
    its place in the queue, and the stored run; enough to fit it, or a variant of it,
    into the places free at its turn."""

    candidate: Candidate
    rank: int
    computed_on: date
    simulation: StoredSimulation

    def world(self, candidate: Candidate, policy: Policy) -> PlacesAtTurn:
        """The places `candidate` (this registration or a variant) saw at this turn."""
        return PlacesAtTurn.seen_by(self.simulation, candidate, self.rank, policy)


def registration_turn(session: Session, registration: Registration, policy: Policy) -> Turn | None:
    """The registration's turn in the latest run; None when no run estimated it."""
    latest_run = select(EstimateRun.token).order_by(EstimateRun.id.desc()).limit(1)
    stored = session.execute(
        select(Estimate.rank, Estimate.computed_on, latest_run.scalar_subquery()).where(
            Estimate.registration_id == registration.id
        )
    ).one_or_none()
    if stored is None or stored[2] is None:
        return None
    rank, computed_on, token = stored
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
    simulation = stored_simulation(session, token, computed_on, policy.horizon_months)
    return Turn(candidate, rank, computed_on, simulation)


def place_of(world: PlacesAtTurn, fit: Fit) -> Place:
    return Place(
        fit.month,
        world.location_names[world.location_of[fit.group_id]],
        tuple(day for day in WEEKDAYS if day in fit.weekdays),
        fit.complete,
    )


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
    turn = registration_turn(session, registration, policy)
    if turn is None:
        report.unavailable = "not_estimated"
        return report
    candidate = turn.candidate
    report.computed_on = turn.computed_on
    world = turn.world(candidate, policy)
    chosen = world.groups_for(candidate.location_ids)
    if not chosen:
        report.unavailable = "no_groups"
        return report
    report.aged_out = aged_out(candidate, chosen, today)
    if report.aged_out:
        report.unavailable = "aged_out"
        return report
    first, full = world.first_fit(candidate)
    if first is None:
        report.unavailable = "beyond_horizon"
        return report
    report.first = place_of(world, first)
    report.full_month = full
    report.offer_from, report.offer_to = offer_range(first.month, today, policy)
    report.factors = factors(registration, candidate, first, full)
    report.alternatives = sooner_offers(
        world.alternatives(candidate, first.month), report.offer_from, today, policy
    )
    return report


def sooner_offers(
    alternatives: list[Alternative], offer_from: date, today: date, policy: Policy
) -> list[Alternative]:
    """The alternatives whose offer comes at least a month before `offer_from`, counted in
    offer months like the estimate itself: a place two months sooner is no sooner offer
    when both offers would come this month."""
    sooner = []
    for alternative in alternatives:
        begin, _ = offer_range(alternative.month, today, policy)
        earlier = months_between(begin, offer_from)
        if earlier >= 1:
            sooner.append(replace(alternative, months_earlier=earlier, offer_from=begin))
    return sooner


def aged_out(candidate: Candidate, groups: list[GroupSpec], today: date) -> AgedOut | None:
    """Whether the child will be too old for all of `groups` (its care type at its chosen
    locations) when it could start: at the desired start, or now when that has passed."""
    this_month = month_start(today)
    start = max(this_month, month_start(candidate.desired_start_date))
    age = age_in_months(candidate.birth_date, max(today, candidate.desired_start_date))
    oldest = max(group.max_age_months for group in groups)
    if age < oldest:
        return None
    return AgedOut(candidate.care_type, start, age, oldest, started=start == this_month)


def offer_range(start: date, today: date, policy: Policy) -> tuple[date, date]:
    this_month = month_start(today)
    begin = max(this_month, add_months(start, -policy.offer_lead_months))
    spread = max(1, months_between(this_month, start) // 4)
    return begin, add_months(begin, spread)


def factors(
    registration: Registration, candidate: Candidate, first: Fit, full: date | None
) -> list[Factor]:
    """What drives this estimate, most important first (bot/conversation/explain.py words
    them). An SMI priority is never named: it is health-related."""
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
