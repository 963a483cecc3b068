"""NLU component: `registration_number` entities leave the pipeline as INS-###### .

Parents type "ins004217", "INS 004217", "Ins-004217" or just the prefix and six digits
with a stray dot; all become "INS-004217". The component also finds such numbers in the
text when DIET did not tag them. A value without exactly six digits ("ins-4217") is
kept as typed (trimmed): the identity check then tells the parent that a registration
number has six digits, which helps more than silently ignoring it.
"""

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

ENTITY = "registration_number"
NUMBER = re.compile(r"(?<![\w-])ins[\s._-]{0,2}(\d{6})(?!\d)", re.IGNORECASE)
Entity = dict[str, Any]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class RegistrationNumberNormaliser(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RegistrationNumberNormaliser":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = self.normalise(message.get(TEXT) or "", message.get(ENTITIES, []))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def normalise(self, text: str, entities: list[Entity]) -> list[Entity]:
        result = [e for e in entities if e["entity"] != ENTITY]
        tagged = [e for e in entities if e["entity"] == ENTITY]
        for match in NUMBER.finditer(text):
            overlapping = [
                e for e in entities if e["start"] < match.end() and match.start() < e["end"]
            ]
            if any(e["entity"] != ENTITY for e in overlapping):
                continue
            entity = dict(overlapping[0]) if overlapping else {"confidence_entity": 1.0}
            entity.update(
                entity=ENTITY, start=match.start(), end=match.end(), value=f"INS-{match.group(1)}"
            )
            if overlapping:
                self.add_processor_name(entity)
            else:
                entity["extractor"] = self.name
            result.append(entity)
            tagged = [e for e in tagged if e not in overlapping]
        for entity in tagged:  # DIET's tag with no complete number inside: keep as typed
            result.append({**entity, "value": str(entity["value"]).strip()})
        return sorted(result, key=lambda e: e["start"])
