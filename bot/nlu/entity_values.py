"""NLU component: only entity values the contract allows leave the pipeline.

DIET tags by pattern, so it sometimes tags what only looks like an entity: the full stop
after an English sentence as a `weekday` (abbreviations such as "ma." and "wo." end in
one), "Het" or "De" as a `location`, a word it never saw as a `care_type`. A guessed value
in a slot is worse than none: a weekday turned a clear cancellation into a change of one
day, and a non-weekday filtered the availability answer to "no place". After the synonyms
have mapped what parents write to the contract's values, this maps the weekdays they
missed ("Woensdagen", "ma." → wo, ma) and drops what is still not a contract value: a
weekday other than ma to vr, a care type other than kdv, bso or peuteropvang, and a location
or child's name without a letter or that is a bare article or pronoun.
Runs last among the entity components, after EntitySynonymMapper.
"""

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.waitlist.calendar import parse_weekday

Entity = dict[str, Any]

CARE_TYPES = frozenset({"kdv", "bso", "peuteropvang"})
# words that stand where a name could, but are never one on their own
NOT_A_NAME = frozenset(
    {
        *("de", "het", "een", "die", "dat", "deze", "dit", "hij", "zij", "ze", "hem", "haar"),
        *("wij", "we", "ik", "u", "je", "jij", "mijn", "onze", "ons"),
        *("the", "a", "an", "our", "my", "his", "her", "it"),
    }
)
LETTER = re.compile(r"[^\W\d_]")


def contract_value(entity: Entity) -> Entity | None:
    """The entity with its value in the contract's form, or None when it has none."""
    value = str(entity.get("value", "")).strip()
    kind = entity.get("entity")
    if kind == "weekday":  # what the synonyms do not know ("Woensdagen", "ma.") mapped here
        day = parse_weekday(value)
        return {**entity, "value": day} if day else None
    return entity if allowed(kind, value) else None


def allowed(kind: Any, value: str) -> bool:
    if kind == "care_type":
        return value in CARE_TYPES
    if kind in ("location", "child_name"):
        return bool(LETTER.search(value)) and value.lower() not in NOT_A_NAME
    return True


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ContractEntityValues(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ContractEntityValues":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES, [])
            kept = [e for e in map(contract_value, entities) if e is not None]
            if kept != entities:
                message.set(ENTITIES, kept, add_to_output=True)
        return messages
