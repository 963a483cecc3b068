"""NLU component: messages whose meaning does not need a model.

- A message that is exactly a button's title gets that button's intent. Parents type what
  they see ("Mijn inschrijving", "medewerker spreken") instead of clicking; the language
  model may read a short title as something else (it once sent "Mijn inschrijving" into
  the cancellation path).
- A message without a letter, digit or emoji (".", "??", ",,,") is not understood
  (`nlu_fallback`); the model gave "." a confident availability question.
- A message of six digits ("483920", "483 920") is a code the parent was asked for
  (`inform`); the model once took it for small talk and the identity check stalled.

Runs after the intent classifier and before the FallbackClassifier."""

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.buttons import intents_by_title, normalise_title

# a letter or digit of any script, or a pictograph (emoji such as 👍 carry meaning)
MEANINGFUL = re.compile(r"[^\W_]|[\u2600-\u27bf\U0001f000-\U0001faff]")
NOT_UNDERSTOOD = "nlu_fallback"
SIX_DIGITS = re.compile(r"\s*\d{3}\s?\d{3}\s*[.!]?\s*")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ExactMessageClassifier(GraphComponent):
    def __init__(self, titles: dict[str, str]) -> None:
        self._titles = titles

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ExactMessageClassifier":
        return cls(intents_by_title())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = self._titles.get(normalise_title(text))
            if intent is None and SIX_DIGITS.fullmatch(text):
                intent = "inform"
            if intent is None and text and not MEANINGFUL.search(text):
                intent = NOT_UNDERSTOOD
            if intent:
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
                ranking = [{"name": intent, "confidence": 1.0}]
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
