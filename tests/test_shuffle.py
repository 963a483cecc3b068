"""The unit tier's random order (tests/support/shuffle.py): a seed gives one order, the
unit tests move, their modules stay whole, and the heavier tiers' tests stay put."""

from dataclasses import dataclass

import pytest

from tests.support.shuffle import seed_from, shuffled


@dataclass(frozen=True)
class Collected:
    """What the shuffle reads of a collected test: its id and its tier's marker."""

    nodeid: str
    tier: str = "unit"

    def get_closest_marker(self, name: str) -> object | None:
        return self.tier if name == self.tier else None


def suite() -> list[Collected]:
    units = [Collected(f"tests/test_{m}.py::test_{n}") for m in "abcdefgh" for n in range(6)]
    mixed = [
        Collected("tests/test_stack.py::test_start", "stack"),
        Collected("tests/test_stack.py::test_pure_1"),
        Collected("tests/test_stack.py::test_pure_2"),
        Collected("tests/test_stack.py::test_logs", "stack"),
    ]
    return units[:24] + mixed + units[24:]


def modules_in_order(items: list[Collected]) -> list[str]:
    modules: list[str] = []
    for item in items:
        module = item.nodeid.split("::")[0]
        if not modules or modules[-1] != module:
            modules.append(module)
    return modules


def test_a_seed_gives_one_order_and_another_seed_another() -> None:
    items = suite()
    first = shuffled(items, 7)  # type: ignore[arg-type]
    assert shuffled(items, 7) == first  # type: ignore[arg-type]
    assert sorted(first, key=str) == sorted(items, key=str)
    assert first != items and shuffled(items, 8) != first  # type: ignore[arg-type]


def test_modules_stay_whole_and_other_tiers_stay_put() -> None:
    items = suite()
    order = shuffled(items, 11)  # type: ignore[arg-type]
    modules = modules_in_order(order)
    assert len(modules) == len(set(modules)) == 9
    assert modules[4] == "tests/test_stack.py"  # the mixed module keeps its place
    stack = [index for index, item in enumerate(order) if item.tier == "stack"]
    assert stack == [24, 27]


def test_the_seed_comes_from_the_environment_variable() -> None:
    assert seed_from("") is None and seed_from("  ") is None
    assert seed_from("1234") == 1234
    assert isinstance(seed_from("random"), int)
    with pytest.raises(pytest.UsageError):
        seed_from("often")
