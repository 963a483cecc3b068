"""The trained model (models/current.tar.gz, from `make train`) on both held-out sets:
Dutch (tests/nlu/heldout.yml) and English with Dutch-English mixes (heldout_en.yml)."""

from pathlib import Path

import pytest

from bot.nlu.evaluation import Report, evaluate_all

ROOT = Path(__file__).resolve().parents[2]
SETS = ("heldout.yml", "heldout_en.yml")

pytestmark = pytest.mark.integration  # evaluates the trained model


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    paths = [ROOT / "tests" / "nlu" / name for name in SETS]
    return dict(zip(SETS, evaluate_all(ROOT / "models" / "current.tar.gz", paths), strict=True))


@pytest.mark.parametrize("name", SETS)
def test_intent_accuracy(reports: dict[str, Report], name: str) -> None:
    assert reports[name].accuracy >= 0.95, reports[name].summary()


@pytest.mark.parametrize("name", SETS)
def test_entity_recall(reports: dict[str, Report], name: str) -> None:
    assert reports[name].entity_recall >= 0.95, reports[name].summary()


@pytest.mark.parametrize("name", SETS)
def test_recalled_entities_are_in_the_contract_form(reports: dict[str, Report], name: str) -> None:
    assert reports[name].normalised_share >= 0.90, reports[name].summary()


@pytest.mark.parametrize("name", SETS)
def test_out_of_scope_recall(reports: dict[str, Report], name: str) -> None:
    """out_of_scope or nlu_fallback (bot/nlu/evaluation.py says why both count)."""
    assert reports[name].out_of_scope_recall >= 0.90, reports[name].summary()
