"""Evaluates a trained model on held-out NLU examples (tests/nlu/heldout.yml, Dutch;
tests/nlu/heldout_en.yml, English and Dutch-English mixes).

Intent: accuracy and macro-F1 over the intents of the examples. Out-of-scope recall: the
share of `out_of_scope` examples the model predicts `out_of_scope` *or* `nlu_fallback`;
both answers tell the parent that the assistant cannot help with that (texts.yml:
out_of_scope, fallback_first), so neither gives an unrelated question a childcare answer.
Intent accuracy stays strict: a fallback on an out_of_scope example is an error there. The
report also counts in-scope examples taken for out_of_scope (a parent's real question
turned away). Entities: an annotated entity is
recalled when the model returns an entity of the same type overlapping its span; its value
must also be in the contract's form (ISO date, INS-######, kdv|bso|peuteropvang, ma..vr)
to count as normalised. Locations stay as written: actions resolve them against the
imported locations (bot/waitlist/locations.py).
"""

import asyncio
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog
from sklearn.metrics import f1_score

OUT_OF_SCOPE = "out_of_scope"
# predictions that count as recognising an out-of-scope message (module docstring)
OUT_OF_SCOPE_ANSWERS = (OUT_OF_SCOPE, "nlu_fallback")
TIMING_INTENTS = ("ask_placement_status", "ask_waitlist_position", "ask_response_time")
CANONICAL = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "registration_number": re.compile(r"INS-\d{6}"),
    "care_type": re.compile(r"kdv|bso|peuteropvang"),
    "weekday": re.compile(r"ma|di|wo|do|vr"),
    "location": re.compile(r".+"),
    "child_name": re.compile(r".+"),
}


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    macro_f1: float = 0.0
    entities: int = 0
    recalled: int = 0
    normalised: int = 0
    out_of_scope: int = 0
    out_of_scope_caught: int = 0
    turned_away: int = 0
    asked: int = 0  # examples that fell back: the bot asks instead of guessing
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def wrong(self) -> int:
        """Examples answered as another intent (a fallback asks, it does not answer)."""
        return self.total - self.correct - self.asked

    @property
    def entity_recall(self) -> float:
        return self.recalled / self.entities if self.entities else 0.0

    @property
    def out_of_scope_recall(self) -> float:
        return self.out_of_scope_caught / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def normalised_share(self) -> float:
        return self.normalised / self.entities if self.entities else 0.0

    def summary(self) -> str:
        lines = [
            f"examples           {self.total}",
            f"intent accuracy    {self.accuracy:.3f}",
            f"intent macro-F1    {self.macro_f1:.3f}",
            f"entity recall      {self.entity_recall:.3f} ({self.recalled}/{self.entities})",
            f"entity normalised  {self.normalised_share:.3f} ({self.normalised}/{self.entities})",
            f"out-of-scope recall {self.out_of_scope_recall:.3f} "
            f"({self.out_of_scope_caught}/{self.out_of_scope}, out_of_scope or nlu_fallback)",
            f"in-scope examples taken for out_of_scope: {self.turned_away}",
            f"misread (another intent, not a fallback): {self.wrong}; fell back: {self.asked}",
            "status/position/response-time confusion (rows: expected, columns: predicted):",
            " " * 24 + "".join(f"{name[4:][:14]:>16}" for name in TIMING_INTENTS),
        ]
        for expected in TIMING_INTENTS:
            counts = "".join(f"{self.confusion[expected, p]:>16}" for p in TIMING_INTENTS)
            lines.append(f"{expected:<24}{counts}")
        return "\n".join([*lines, "errors:", *self.errors])


def _recalled(expected: dict[str, Any], predicted: list[dict[str, Any]]) -> dict | None:
    for entity in predicted:
        same_type = entity["entity"] == expected["entity"]
        if same_type and entity["start"] < expected["end"] and expected["start"] < entity["end"]:
            return entity
    return None


async def _evaluate(agent: Agent, examples: Path) -> Report:
    report = Report()
    expected_intents, predicted_intents = [], []
    for message in load_data(str(examples)).intent_examples:
        text, intent = message.get("text"), message.get("intent")
        result = await agent.parse_message(text)
        predicted = result["intent"]["name"]
        expected_intents.append(intent)
        predicted_intents.append(predicted)
        report.total += 1
        report.correct += predicted == intent
        report.confusion[intent, predicted] += 1
        if intent == OUT_OF_SCOPE:
            report.out_of_scope += 1
            report.out_of_scope_caught += predicted in OUT_OF_SCOPE_ANSWERS
        elif predicted == OUT_OF_SCOPE:
            report.turned_away += 1
        report.asked += predicted == "nlu_fallback"
        if predicted != intent:
            report.errors.append(f"intent  {intent} -> {predicted}: {text}")
        for expected in message.get("entities") or []:
            report.entities += 1
            found = _recalled(expected, result["entities"])
            if found is None:
                report.errors.append(f"entity  missed {expected['entity']}: {text}")
                continue
            report.recalled += 1
            if CANONICAL[expected["entity"]].fullmatch(str(found["value"])):
                report.normalised += 1
            else:
                report.errors.append(f"entity  {expected['entity']}={found['value']!r}: {text}")
    report.macro_f1 = float(
        f1_score(
            expected_intents,
            predicted_intents,
            labels=sorted(set(expected_intents)),
            average="macro",
        )
    )
    return report


async def _evaluate_all(model: Path, example_sets: list[Path]) -> list[Report]:
    configure_structlog(logging.WARNING)  # the parse log would print every message
    agent = Agent.load(str(model))
    return [await _evaluate(agent, examples) for examples in example_sets]


def evaluate_all(model: Path, example_sets: list[Path]) -> list[Report]:
    """One report per example file, the model loaded once."""
    if not model.exists():
        raise FileNotFoundError(f"{model} does not exist; train it first with `make train`")
    return asyncio.run(_evaluate_all(model, example_sets))


def evaluate(model: Path, examples: Path) -> Report:
    [report] = evaluate_all(model, [examples])
    return report
