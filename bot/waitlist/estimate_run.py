"""The batch run behind every estimate: simulate the whole queue (bot/waitlist/simulation.py)
and store, per waiting registration, its first place and full place, plus the free places
per group and month and every place the simulation gave away. Run nightly and after every
import (`python -m bot reestimate`); the parent's answer (offer_estimate.py) reads these rows.
"""

import uuid
from datetime import date

from sqlalchemy import delete
from sqlalchemy.orm import Session

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
    session.add(EstimateRun(token=uuid.uuid4().hex, computed_on=today, finished_at=clock.now()))
    session.flush()
    return len(estimate_rows)


def _days(days: frozenset[str]) -> str:
    return "|".join(day for day in WEEKDAYS if day in days)
