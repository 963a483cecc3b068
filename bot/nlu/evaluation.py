"""Evaluates a trained model on held-out NLU examples (tests/nlu/heldout.yml).

Intent: accuracy and macro-F1 over the contract intents. Entities: an annotated entity is
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
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def entity_recall(self) -> float:
        return self.recalled / self.entities if self.entities else 0.0

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


async def _evaluate(model: Path, examples: Path) -> Report:
    configure_structlog(logging.WARNING)  # the parse log would print every message
    agent = Agent.load(str(model))
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


def evaluate(model: Path, examples: Path) -> Report:
    if not model.exists():
        raise FileNotFoundError(f"{model} does not exist; train it first with `make train`")
    return asyncio.run(_evaluate(model, examples))
