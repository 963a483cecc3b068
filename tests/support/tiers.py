"""Every test is in exactly one tier (pytest markers, declared in pyproject.toml):

- `unit`: needs no trained model, running stack, browser, PostgreSQL or subprocess; the
  tier `make check` runs in the edit-test loop;
- `integration`: the PostgreSQL server, a subprocess, the trained model or a fuzzer;
- `stack`: a running stack (`make run`), started once per test session;
- `browser`: a running stack driven through Chromium.

The tier comes from what a test uses, where that shows (a stack or browser fixture; the
PostgreSQL case of `db_engine`), else from an explicit marker; a test with neither is
`unit`. A test that is marked lighter than what it uses is an error, so a new test cannot
slip a stack into the fast tier.
"""

import pytest

TIERS = ("unit", "integration", "stack", "browser")  # light to heavy
FIXTURE_TIERS = {
    "default_stack": "stack",
    "production_stack": "stack",
    "scaled_stack": "stack",
    "spread_stack": "stack",
    "browser": "browser",
}


def tier_of(item: pytest.Item) -> str:
    marked = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
    used = {
        FIXTURE_TIERS[name] for name in getattr(item, "fixturenames", ()) if name in FIXTURE_TIERS
    }
    if "unit" in marked:
        raise pytest.UsageError(f"{item.nodeid}: `unit` is the default tier; do not mark it")
    heaviest = max(marked | used, key=TIERS.index, default="unit")
    lighter = marked - {heaviest}
    if lighter:
        raise pytest.UsageError(
            f"{item.nodeid} is marked {', '.join(sorted(lighter))} but uses the {heaviest} tier"
        )
    return heaviest


def assign_tiers(items: list[pytest.Item]) -> None:
    for item in items:
        tier = tier_of(item)
        if not item.get_closest_marker(tier):
            item.add_marker(tier)
