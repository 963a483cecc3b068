"""The estimate for a change the parent asks about ("en als ik de woensdag erbij doe?",
"is het sneller als we ook Kikkerland nemen?"), for one registration, from the same stored
run and in the same offer months as its estimate (offer_estimate.py): nothing is stored
and nothing changes.

A question that names no day or location ("meer dagen", "een andere locatie") is answered
with the best single change of that kind.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import WEEKDAYS, add_months, month_start, months_between
from bot.waitlist.models import Location
from bot.waitlist.offer_estimate import (
    OfferEstimate,
    Place,
    Turn,
    estimate_offer,
    offer_range,
    place_of,
    registration_turn,
)
from bot.waitlist.policy import Policy, policy_from_settings
from bot.waitlist.queries import find_registration
from bot.waitlist.simulation import Candidate

# "later beginnen" without a date: this many months after the wished start
LATER_START_MONTHS = 3
# the current estimate answers these; without a place in sight a change may still bring one
ANSWERABLE = (None, "beyond_horizon")


@dataclass(frozen=True)
class WhatIf:
    """What the parent asks about. `days`: days named; with `swap`, those already chosen go
    and the others come. `any_*`: no day or location named, the best one is taken."""

    days: tuple[str, ...] = ()
    drop: bool = False
    swap: bool = False
    location_codes: tuple[str, ...] = ()
    start: date | None = None
    later_start: bool = False
    earlier_start: bool = False
    any_day_in: bool = False
    any_day_out: bool = False
    any_location: bool = False


@dataclass(frozen=True)
class Change:
    """The change worked out: what comes, what goes, from when."""

    days_in: tuple[str, ...] = ()
    days_out: tuple[str, ...] = ()
    location_names: tuple[str, ...] = ()
    start: date | None = None


@dataclass
class WhatIfAnswer:
    now: OfferEstimate
    asked: WhatIf
    change: Change = field(default_factory=Change)
    # the registration already is so: nothing would change
    unchanged: bool = False
    # the change would leave no day
    no_days_left: bool = False
    # the place and offer months with the change; None: no place within the horizon
    first: Place | None = None
    offer_from: date | None = None
    offer_to: date | None = None

    @property
    def months_earlier(self) -> int:
        """How many months sooner than now the offer comes (negative: later)."""
        if self.offer_from is None or self.now.offer_from is None:
            return 0
        return months_between(self.offer_from, self.now.offer_from)


def estimate_what_if(
    *, session: Session, number: str, what_if: WhatIf, today: date, policy: Policy | None = None
) -> WhatIfAnswer:
    """The offer months the registration could expect with the change asked about."""
    policy = policy or policy_from_settings()
    now = estimate_offer(session=session, number=number, today=today, policy=policy)
    registration = find_registration(session=session, number=number)
    turn = registration_turn(session, registration, policy) if registration else None
    if now.unavailable not in ANSWERABLE or turn is None or what_if == WhatIf():
        return WhatIfAnswer(now, what_if)
    base = turn.candidate
    added = _location_ids(session, what_if.location_codes)
    options = _variants(base, what_if, added, turn, today)
    if not options:
        return WhatIfAnswer(now, what_if, no_days_left=True)
    answers = [
        _answer(WhatIfAnswer(now, what_if), turn, base, variant, today, policy)
        for variant in options
    ]
    # the earliest offer; no place at all last; the first in week order on a tie
    return min(answers, key=lambda a: a.offer_from or date.max)


def _location_ids(session: Session, codes: tuple[str, ...]) -> tuple[int, ...]:
    if not codes:
        return ()
    rows = session.execute(
        select(Location.location_code, Location.id).where(Location.location_code.in_(codes))
    )
    by_code = {code: location_id for code, location_id in rows}
    return tuple(by_code[code] for code in codes if code in by_code)


def _variants(
    base: Candidate,
    what_if: WhatIf,
    location_ids: tuple[int, ...],
    turn: Turn,
    today: date,
) -> list[Candidate]:
    """The registration as it would be with the change; several when the parent left the
    day or location open."""
    named = frozenset(what_if.days)
    if what_if.drop:
        days = base.weekdays - named
    elif what_if.swap:
        days = base.weekdays - named | (named - base.weekdays)
    else:
        days = base.weekdays | named
    locations = base.location_ids + tuple(i for i in location_ids if i not in base.location_ids)
    start = _start(base, what_if, today)
    changed = replace(base, weekdays=days, location_ids=locations, desired_start_date=start)
    variants = [changed]
    if what_if.any_day_in or (what_if.swap and not named - base.weekdays):
        # "meer dagen", or a swap that names only the day to give up: each free day
        variants = [
            replace(changed, weekdays=changed.weekdays | {day})
            for day in WEEKDAYS
            if day not in changed.weekdays and day not in named
        ]
    if what_if.any_day_out or (what_if.swap and not named & base.weekdays):
        # "minder dagen", or a swap that names only the new day: each chosen day
        variants = [
            replace(variant, weekdays=variant.weekdays - {day})
            for variant in variants
            for day in WEEKDAYS
            if day in base.weekdays and day in variant.weekdays
        ]
    if what_if.any_location:
        nearby = {g.location_id for g in turn.simulation.groups_nearby(base.care_type, locations)}
        variants = [
            replace(variant, location_ids=(*variant.location_ids, location_id))
            for variant in variants
            for location_id in sorted(nearby)
            if location_id not in variant.location_ids
        ] or variants
    return [variant for variant in variants if variant.weekdays]


def _start(base: Candidate, what_if: WhatIf, today: date) -> date:
    if what_if.start is not None:
        return what_if.start
    if what_if.later_start:
        later = max(month_start(base.desired_start_date), month_start(today))
        return add_months(later, LATER_START_MONTHS)
    if what_if.earlier_start:
        return month_start(today)
    return base.desired_start_date


def _answer(
    answer: WhatIfAnswer,
    turn: Turn,
    base: Candidate,
    variant: Candidate,
    today: date,
    policy: Policy,
) -> WhatIfAnswer:
    """The offer months for one variant of the registration."""
    names = turn.simulation.location_names
    answer.change = Change(
        days_in=tuple(day for day in WEEKDAYS if day in variant.weekdays - base.weekdays),
        days_out=tuple(day for day in WEEKDAYS if day in base.weekdays - variant.weekdays),
        location_names=tuple(names[i] for i in variant.location_ids if i not in base.location_ids),
        start=(
            variant.desired_start_date
            if variant.desired_start_date != base.desired_start_date
            else None
        ),
    )
    answer.unchanged = variant == base
    now = answer.now.first
    start = month_start(variant.desired_start_date)
    only_later = variant == replace(base, desired_start_date=variant.desired_start_date)
    if now is not None and only_later and start > now.month:
        # only a later start: the place the registration gets waits for it (the stored
        # run holds it from the current first place on, for this very child)
        answer.first = replace(now, month=start)
        answer.offer_from, answer.offer_to = offer_range(start, today, policy)
        return answer
    world = turn.world(variant, policy)
    first, _ = world.first_fit(variant)
    if first is not None:
        answer.first = place_of(world, first)
        answer.offer_from, answer.offer_to = offer_range(first.month, today, policy)
    return answer
