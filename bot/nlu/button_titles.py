"""NLU component: a message that is exactly a button's title gets that button's intent.

Parents type what they see ("Mijn inschrijving", "medewerker spreken") instead of
clicking; the language model may read a short title as something else (it once sent
"Mijn inschrijving" into the cancellation path). Runs after the intent classifier and
before the FallbackClassifier."""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.buttons import intents_by_title, normalise_title


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ButtonTitleClassifier(GraphComponent):
    def __init__(self, titles: dict[str, str]) -> None:
        self._titles = titles

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ButtonTitleClassifier":
        return cls(intents_by_title())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = self._titles.get(normalise_title(message.get(TEXT) or ""))
            if intent:
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
                ranking = [{"name": intent, "confidence": 1.0}]
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
