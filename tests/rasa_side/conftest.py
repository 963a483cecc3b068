"""Tests of the Rasa-side code (bot/nlu, bot/channels); they run in the Rasa environment, so
they load what the Rasa process may and the few modules tests/test_import_rules.py adds
(`RASA_SIDE_TESTS_MAY_ALSO_LOAD`), checked there."""

import pytest

from tests.support.tiers import assign_tiers

pytest_plugins = ["tests.support.shuffle"]  # TEST_ORDER_SEED: the unit tests in a random order


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test gets its tier (tests/support/tiers.py), as in the application's tests."""
    assign_tiers(items)
