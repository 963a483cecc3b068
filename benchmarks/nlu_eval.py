"""Intent and entity quality of the trained model on the held-out examples.

Run in the Rasa environment from the project root:
    PYTHONPATH=$PWD .venv/rasa/bin/python benchmarks/nlu_eval.py [--model M] [--examples F ...]

Without --examples both held-out sets are evaluated: tests/nlu/heldout.yml (Dutch) and
tests/nlu/heldout_en.yml (English and Dutch-English mixes).
"""

import argparse
import logging
from pathlib import Path

from bot.nlu.evaluation import evaluate_all

ROOT = Path(__file__).resolve().parent.parent
HELDOUT_SETS = [ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "nlu" / "heldout_en.yml"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument(
        "--examples",
        type=Path,
        nargs="+",
        default=HELDOUT_SETS,
        help="held-out example files (default: the Dutch and the English set)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    reports = evaluate_all(args.model, args.examples)
    for examples, report in zip(args.examples, reports, strict=True):
        print(f"== {examples.relative_to(ROOT) if examples.is_relative_to(ROOT) else examples}")
        print(report.summary())
        print()


if __name__ == "__main__":
    main()
