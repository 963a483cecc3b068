"""What the bot does with doubt, for several ambiguity margins, on the held-out examples.

Run in the Rasa environment from the project root:
    PYTHONPATH=$PWD .venv/rasa/bin/python benchmarks/nlu_doubt.py [--model M] [--examples F ...]

The FallbackClassifier keeps the model's own ranking behind `nlu_fallback`, so one parse
per message shows what any margin would do (the threshold is config.yml's). For each
margin: how often the bot asks "Bedoelt u: … of …?" (bot/conversation/which_intent.py),
how often the right meaning is then among the buttons while the model's first guess was
wrong (a wrong answer saved) or right (one click more for the parent), how often the
right meaning is not offered, how often a message the margin made unsure is answered as
the best guess because there is nothing to ask, how many messages get a wrong answer
without a question, and the share answered right without a question.
"""

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog

from bot.conversation.which_intent import FALLBACK, best_guess, choices, model_ranking

ROOT = Path(__file__).resolve().parent.parent
HELDOUT_SETS = [ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "nlu" / "heldout_en.yml"]
MARGINS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)


def fallback_threshold(config: Path = ROOT / "config.yml") -> float:
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    return float(next(c for c in pipeline if c["name"] == "FallbackClassifier")["threshold"])


def as_margin_would(parse_data: dict[str, Any], threshold: float, margin: float) -> dict:
    """The parse data the FallbackClassifier would give with `margin`."""
    ranking = model_ranking(parse_data)
    if len(ranking) < 2:  # an exact message (bot/nlu/exact_messages.py): left as it is
        return parse_data
    best, second = ranking[0].confidence, ranking[1].confidence
    entries = [{"name": m.intent, "confidence": m.confidence} for m in ranking]
    if best >= threshold and best - second >= margin:
        return {**parse_data, "intent": entries[0], "intent_ranking": entries}
    fallback = {"name": FALLBACK, "confidence": threshold}
    return {**parse_data, "intent": fallback, "intent_ranking": [fallback, *entries]}


def tally(parsed: list[tuple[str, dict]], threshold: float, margin: float) -> dict[str, int]:
    names = ("asked", "saved", "click", "missing", "guessed", "wrong", "answered")
    counts = dict.fromkeys(names, 0)
    for expected, parse_data in parsed:
        simulated = as_margin_would(parse_data, threshold, margin)
        offered = [m.intent for m in choices(simulated)]
        ranking = model_ranking(parse_data)
        first = ranking[0].intent if ranking else FALLBACK
        if offered:
            counts["asked"] += 1
            if expected not in offered:
                counts["missing"] += 1
            else:
                counts["click" if first == expected else "saved"] += 1
            continue
        answer = simulated["intent"]["name"]
        if answer == FALLBACK and best_guess(simulated):
            counts["guessed"] += 1
            answer = best_guess(simulated)
        counts["answered"] += answer == expected
        counts["wrong"] += answer not in (expected, FALLBACK)
    return counts


async def parse_all(model: Path, example_sets: list[Path]) -> list[list[tuple[str, dict]]]:
    """Each set's examples: expected intent and parse data, the model loaded once."""
    agent = Agent.load(str(model))
    every_set = []
    for examples in example_sets:
        messages = load_data(str(examples)).intent_examples
        parsed = [(m.get("intent"), await agent.parse_message(m.get("text"))) for m in messages]
        every_set.append(parsed)
    return every_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--examples", type=Path, nargs="+", default=HELDOUT_SETS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    threshold = fallback_threshold()
    every_set = asyncio.run(parse_all(args.model, args.examples))
    for examples, parsed in zip(args.examples, every_set, strict=True):
        print(f"== {examples.name}: {len(parsed)} examples, threshold {threshold}")
        print("margin  asked  saved  click  missing  guessed  wrong  answered right")
        for margin in MARGINS:
            c = tally(parsed, threshold, margin)
            share = c["answered"] / len(parsed)
            print(
                f"{margin:<7} {c['asked']:>5} {c['saved']:>6} {c['click']:>6} {c['missing']:>8}"
                f" {c['guessed']:>8} {c['wrong']:>6}  {share:.3f}"
            )
        print()


if __name__ == "__main__":
    main()
