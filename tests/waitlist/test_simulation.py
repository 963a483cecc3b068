"""Hand-built queues whose right answer is worked out in each test."""

import random
from dataclasses import replace
from datetime import date

from bot.waitlist.calendar import add_months
from bot.waitlist.policy import Policy
from bot.waitlist.simulation import (
    DAY_INDEX,
    Candidate,
    GroupSpec,
    Occupant,
    first_fit,
    groups_by_location,
    seen_by,
    simulate,
)
from bot.waitlist.stored_simulation import CHECKPOINT, GroupHistory

TODAY = date(2026, 1, 15)
MONTH = [add_months(TODAY, i) for i in range(24)]
POLICY = Policy(horizon_months=24)
BABIES = GroupSpec(1, 10, "kdv", 2, 12, 1)
TODDLERS = GroupSpec(2, 10, "kdv", 12, 48, 1)


def candidate(rid: int, days: str = "ma", **changes) -> Candidate:
    base = Candidate(
        registration_id=rid,
        birth_date=date(2025, 9, 1),
        care_type="kdv",
        location_ids=(10,),
        weekdays=frozenset(days.split("|")),
        desired_start_date=date(2026, 1, 1),
        registered_on=date(2025, 3, 1),
    )
    return replace(base, **changes)


def leaves(month: int, days: str = "ma", group: GroupSpec = BABIES) -> Occupant:
    """A child in `group` whose placement ends at the start of month index `month`."""
    return Occupant(
        group.id, date(2025, 6, 1), frozenset(days.split("|")), date(2025, 9, 1), MONTH[month]
    )


def test_priority_comes_before_registration_date():
    early = candidate(1, registered_on=date(2024, 1, 1))
    sibling = candidate(2, registered_on=date(2025, 6, 1), priority="sibling")
    result = simulate([BABIES], [leaves(2)], [early, sibling], TODAY, POLICY)
    assert result.outcomes[2].first.month == MONTH[2]
    assert result.outcomes[1].first is None
    assert result.outcomes[2].rank == 1


def test_tie_break_is_configurable():
    registered_first = candidate(
        1, registered_on=date(2024, 1, 1), desired_start_date=date(2026, 3, 1)
    )
    starts_first = candidate(2, registered_on=date(2024, 5, 1), desired_start_date=date(2026, 2, 1))
    by_registration = simulate(
        [BABIES], [leaves(3)], [registered_first, starts_first], TODAY, POLICY
    )
    by_start = simulate(
        [BABIES],
        [leaves(3)],
        [registered_first, starts_first],
        TODAY,
        replace(POLICY, tie_break="desired_start_date"),
    )
    assert by_registration.outcomes[1].first.month == MONTH[3]
    assert by_start.outcomes[2].first.month == MONTH[3]
    assert by_start.outcomes[1].first is None


def test_a_place_is_not_given_before_the_desired_start():
    later = candidate(1, desired_start_date=date(2026, 6, 10))
    result = simulate([BABIES], [], [later], TODAY, POLICY)
    assert result.outcomes[1].first.month == date(2026, 6, 1)


def test_partial_placement_first_then_the_remaining_day():
    # Monday is free now, Tuesday from month 3
    result = simulate([BABIES], [leaves(3, "di")], [candidate(1, "ma|di")], TODAY, POLICY)
    outcome = result.outcomes[1]
    assert outcome.first.month == MONTH[0]
    assert outcome.first.weekdays == frozenset({"ma"})
    assert not outcome.first.complete
    assert outcome.full_month == MONTH[3]


def test_without_partial_placement_the_child_waits_for_all_days():
    policy = replace(POLICY, allow_partial=False)
    result = simulate([BABIES], [leaves(3, "di")], [candidate(1, "ma|di")], TODAY, policy)
    assert result.outcomes[1].first.month == MONTH[3]
    assert result.outcomes[1].first.complete


def test_a_child_ageing_out_frees_its_place_and_moves_up_a_group():
    # born 2025-05-10: 12 months old on 2026-05-10, so out of the baby group from June
    grows_up = Occupant(BABIES.id, date(2025, 5, 10), frozenset({"ma"}), date(2025, 8, 1))
    result = simulate([BABIES, TODDLERS], [grows_up], [candidate(1)], TODAY, POLICY)
    assert result.outcomes[1].first.month == date(2026, 6, 1)
    toddler_monday = result.free[TODDLERS.id][0]
    assert toddler_monday[MONTH.index(date(2026, 5, 1))] == 1
    assert toddler_monday[MONTH.index(date(2026, 6, 1))] == 0


def test_a_waiting_child_too_old_for_the_care_type_gets_nothing():
    old = candidate(1, birth_date=date(2022, 3, 1))  # 4 years old in March 2026
    result = simulate([TODDLERS], [leaves(3, group=TODDLERS)], [old], TODAY, POLICY)
    assert result.outcomes[1].first is None


def test_preferred_location_wins_when_both_have_room():
    second = GroupSpec(3, 20, "kdv", 2, 12, 1)
    prefers_20 = candidate(1, location_ids=(20, 10))
    result = simulate([BABIES, second], [], [prefers_20], TODAY, POLICY)
    assert result.outcomes[1].first.group_id == second.id


def test_what_a_registration_saw_reproduces_its_simulated_place():
    """The what-if search (seen_by + first_fit) must agree with the full simulation for
    the registration itself; otherwise its alternatives compare apples with pears."""
    rng = random.Random(3)
    groups = [
        GroupSpec(1, 10, "kdv", 2, 12, 3),
        GroupSpec(2, 10, "kdv", 12, 48, 4),
        GroupSpec(3, 20, "kdv", 2, 48, 3),
    ]
    occupants = [
        Occupant(
            rng.choice(groups).id,
            date(2024, rng.randint(1, 12), 1),
            frozenset(rng.sample(["ma", "di", "wo", "do", "vr"], 2)),
            date(2025, 1, 1),
            MONTH[rng.randint(1, 20)] if rng.random() < 0.5 else None,
        )
        for _ in range(12)
    ]
    candidates = [
        candidate(
            i,
            "|".join(rng.sample(["ma", "di", "wo", "do", "vr"], rng.randint(1, 3))),
            birth_date=date(2025, rng.randint(1, 12), 1),
            location_ids=tuple(rng.sample([10, 20], rng.randint(1, 2))),
            registered_on=date(2024, rng.randint(1, 12), 1),
            priority=rng.choice(["none", "none", "sibling"]),
        )
        for i in range(1, 40)
    ]
    result = simulate(groups, occupants, candidates, TODAY, POLICY)
    by_location = groups_by_location(groups)
    for c in candidates:
        outcome = result.outcomes[c.registration_id]
        seen = seen_by(result.free, result.events, outcome.rank)
        first, full = first_fit(c, seen, result.months, by_location, POLICY)
        assert (first.month if first else None) == (outcome.first.month if outcome.first else None)
        assert full == outcome.full_month


def test_a_stored_groups_history_sees_what_the_simulation_saw():
    """The checkpointed history the chat path uses must give, for every rank, the same
    free places as adding up the simulation's events (many more than one checkpoint)."""
    rng = random.Random(5)
    free = [[rng.randint(0, 2) for _ in MONTH] for _ in range(5)]
    days = ["ma", "di", "wo", "do", "vr"]
    events = [
        (rng.randrange(len(MONTH)), 1, rng.randint(1, 400), frozenset(rng.sample(days, 2)))
        for _ in range(3 * CHECKPOINT + 7)
    ]
    history = GroupHistory.build(
        free,
        [(rank, month, tuple(DAY_INDEX[d] for d in ds)) for month, _, rank, ds in events],
    )
    for rank in [1, 2, *rng.sample(range(3, 400), 60), 400, 401]:
        assert history.seen_at(rank) == seen_by({1: free}, events, rank)[1]
