"""The batch run behind every estimate: simulate the whole queue (bot/waitlist/simulation.py)
and store, per waiting registration, its first place and full place, plus the free places
per group and month and every place the simulation gave away. Run nightly and after every
import (`python -m bot reestimate`); the parent's answer (offer_estimate.py) reads these rows.
"""

import uuid
from datetime import date
from functools import cache

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.bulk import insert_rows
from bot.shared import clock
from bot.waitlist.calendar import WEEKDAYS
from bot.waitlist.models import Estimate, EstimateRun, FreeCapacity, SimulatedPlacement
from bot.waitlist.policy import Policy, policy_from_settings
from bot.waitlist.queries import load_groups
from bot.waitlist.simulation import simulate
from bot.waitlist.simulation_input import load_candidates, load_occupants


def run_estimates(*, session: Session, today: date, policy: Policy | None = None) -> int:
    """Simulates the whole queue and stores the result; returns how many were estimated."""
    policy = policy or policy_from_settings()
    groups = load_groups(session)
    candidates = load_candidates(session)
    result = simulate(groups, load_occupants(session, groups), candidates, today, policy)
    for model in (Estimate, SimulatedPlacement, FreeCapacity):
        session.execute(delete(model))
    # streamed into the tables (COPY on PostgreSQL): a million registrations' rows as
    # dicts took gigabytes
    location_of = {group.id: group.location_id for group in groups}
    estimated = insert_rows(
        session,
        Estimate.__table__,
        ESTIMATE_COLUMNS,
        (
            (
                registration_id,
                outcome.rank,
                outcome.first.month if outcome.first else None,
                location_of[outcome.first.group_id] if outcome.first else None,
                _days(outcome.first.weekdays) if outcome.first else None,
                outcome.full_month,
                today,
            )
            for registration_id, outcome in result.outcomes.items()
        ),
    )
    insert_rows(
        session,
        SimulatedPlacement.__table__,
        ("month", "group_id", "rank", "weekdays"),
        (
            (result.months[index], group_id, rank, _days(weekdays))
            for index, group_id, rank, weekdays in result.events
        ),
    )
    insert_rows(
        session,
        FreeCapacity.__table__,
        ("group_id", "first_month", "counts"),
        (
            (group_id, result.months[0], FreeCapacity.pack(rows))
            for group_id, rows in result.free.items()
        ),
    )
    session.add(EstimateRun(token=uuid.uuid4().hex, computed_on=today, finished_at=clock.now()))
    session.flush()
    return estimated


ESTIMATE_COLUMNS = (
    "registration_id",
    "rank",
    "first_month",
    "first_location_id",
    "first_weekdays",
    "full_month",
    "computed_on",
)


@cache  # a few dozen sets of weekdays, each written once
def _days(days: frozenset[str]) -> str:
    return "|".join(day for day in WEEKDAYS if day in days)
