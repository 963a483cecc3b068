"""Unit tests in a random order, so that none leans on another having run first (a pytest
plugin, loaded by tests/conftest.py and tests/rasa_side/conftest.py).

TEST_ORDER_SEED=random picks a seed, a number repeats that order; the header shows the
seed either way. `make check` shuffles (a fresh seed unless given); unset, as in
`make test`, the tests run as collected.

Only the `unit` tier moves: the order of their modules, then their order within each
module (so a module-scoped fixture is still set up once), in the places unit tests had.
The heavier tiers keep their order: they share stacks started once per session, whose
state they build on in file order (test_zz_stack_logs.py reads the logs of the
conversation tests before it), and each stack costs minutes, not a shuffle's worth.
"""

from __future__ import annotations  # pytest.TerminalReporter: pytest 8 (the Rasa side has 7)

import os
import random

import pytest

SEED = pytest.StashKey[int | None]()
VARIABLE = "TEST_ORDER_SEED"


def seed_from(value: str) -> int | None:
    """None: as collected; `random`: a new seed; else the number given."""
    if not value.strip():
        return None
    if value.strip() == "random":
        return random.SystemRandom().randrange(10**6)
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(f"{VARIABLE} is a number or 'random', not {value!r}") from None


def is_unit(item: pytest.Item) -> bool:
    return item.get_closest_marker("unit") is not None


def shuffled(items: list[pytest.Item], seed: int) -> list[pytest.Item]:
    """The unit tests in a seeded order: modules of unit tests only trade places with each
    other, then each module's unit tests are shuffled among their own places. A module's
    tests stay together (its module-scoped fixtures are set up once), and no other tier's
    test moves."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    rng = random.Random(seed)
    blocks = list(modules.values())
    unit_only = [index for index, block in enumerate(blocks) if all(map(is_unit, block))]
    trade = dict(zip(unit_only, rng.sample(unit_only, len(unit_only)), strict=True))
    ordered = []
    for index in range(len(blocks)):
        block = blocks[trade.get(index, index)]
        units = [item for item in block if is_unit(item)]
        shuffled_units = iter(rng.sample(units, len(units)))
        ordered += [next(shuffled_units) if is_unit(item) else item for item in block]
    return ordered


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SEED] = seed_from(os.environ.get(VARIABLE, ""))


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.stash[SEED]
    if seed is None:
        return f"test order: as collected ({VARIABLE}=random to shuffle the unit tests)"
    return f"test order: unit tests shuffled, {VARIABLE}={seed} repeats it"


@pytest.hookimpl(trylast=True)  # after the tiers are assigned and `-m` has deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seed = config.stash[SEED]
    if seed is not None:
        items[:] = shuffled(items, seed)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The seed again at the end, where a failure is read (`-q` hides the header)."""
    seed = terminalreporter.config.stash[SEED]
    if seed is not None:
        terminalreporter.write_line(f"unit tests shuffled: {VARIABLE}={seed} repeats the order")
