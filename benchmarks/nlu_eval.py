"""Intent and entity quality of the trained model on the held-out examples.

Run in the Rasa environment from the project root:
    PYTHONPATH=$PWD .venv/rasa/bin/python benchmarks/nlu_eval.py [--model M] [--examples F]
"""

import argparse
import logging
from pathlib import Path

from bot.nlu.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--examples", type=Path, default=ROOT / "tests" / "nlu" / "heldout.yml")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(evaluate(args.model, args.examples).summary())


if __name__ == "__main__":
    main()
