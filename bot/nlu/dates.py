"""NLU component: every `date` entity leaves the pipeline as an ISO date (YYYY-MM-DD).

DIET tags date phrases, but it misses unusual ones and cuts long ones short, so the
component also searches the text itself (bot.shared.dutch_dates, Dutch and English phrases:
"12 maart", "28/2", "na de zomervakantie", "March 12th", "in 3 months") and trusts that search for
the span and value:
- a date phrase found in the text becomes a `date` entity, replacing DIET's `date` or
  `weekday` entities inside it ("volgende week dinsdag" is a date, not the weekday di);
- a `date` entity from DIET that holds no date we can read ("binnenkort", "als ze 4
  maanden is": no birth date to count from) is dropped, so
  actions never get free text where the contract promises ISO;
- a date phrase overlapping another entity (a registration number, a name) is left alone.
Year-less dates are past in a message about a birth and future otherwise (see dutch_dates).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.shared import clock
from bot.shared.dutch_dates import FoundDate, find_dates

Entity = dict[str, Any]
REPLACED = {"date", "weekday"}


def _overlaps(entity: Entity, found: FoundDate) -> bool:
    return entity["start"] < found.end and found.start < entity["end"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DutchDateExtractor(GraphComponent, EntityExtractorMixin):
    """Finds and normalises Dutch and English dates; `today` is injectable for tests."""

    def __init__(self, today: Callable[[], date] = clock.today) -> None:
        self._today = today

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DutchDateExtractor":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = self.normalise(text, message.get(ENTITIES, []))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def normalise(self, text: str, entities: list[Entity]) -> list[Entity]:
        found = find_dates(text, self._today())
        others = [e for e in entities if e["entity"] not in REPLACED]
        result = list(others)
        for date_found in found:
            if any(_overlaps(e, date_found) for e in others):
                continue
            tagged = [e for e in entities if e["entity"] == "date" and _overlaps(e, date_found)]
            entity = dict(tagged[0]) if tagged else {"confidence_entity": 1.0}
            entity.update(
                entity="date",
                start=date_found.start,
                end=date_found.end,
                value=date_found.value.isoformat(),
            )
            if tagged:
                self.add_processor_name(entity)
            else:
                entity["extractor"] = self.name
            result.append(entity)
        # weekdays outside any date phrase stay
        result += [
            e
            for e in entities
            if e["entity"] == "weekday" and not any(_overlaps(e, f) for f in found)
        ]
        return sorted(result, key=lambda e: e["start"])
