"""The trained model (models/current.tar.gz, from `make train`) on the held-out examples."""

from pathlib import Path

import pytest

from bot.nlu.evaluation import Report, evaluate

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration  # evaluates the trained model


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(ROOT / "models" / "current.tar.gz", ROOT / "tests" / "nlu" / "heldout.yml")


def test_intent_accuracy(report: Report) -> None:
    assert report.accuracy >= 0.92, report.summary()


def test_entity_recall(report: Report) -> None:
    assert report.entity_recall >= 0.90, report.summary()


def test_recalled_entities_are_in_the_contract_form(report: Report) -> None:
    assert report.normalised_share >= 0.90, report.summary()
