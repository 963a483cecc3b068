"""The dialogue rules every answering action runs on each turn, whatever the model made of
the parent's message (`actions.base.SafeAction` names them, in the order they run).

A rule before the answer (`BeforeAnswer`) reads the turn and either answers it, returning
the turn's events, or returns None and leaves it to the next rule and finally to the
action's own answer. A rule after the answer (`AfterAnswer`) adds to what the action said.
What a rule decides from the conversation is read in bot/conversation; what it does (say,
store, hand over) is here, one module per rule.
"""

from typing import Any, Protocol

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

Events = list[dict[str, Any]]


class Answering(Protocol):
    """The action whose turn the rules run in: its name, whether it lets sensitive topics
    go to a person (`SafeAction.checks_topics`) and whether it answers a question
    (`SafeAction.notices_other_requests`)."""

    checks_topics: bool
    notices_other_requests: bool

    def name(self) -> str: ...


class BeforeAnswer(Protocol):
    async def __call__(
        self, action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events | None: ...


class AfterAnswer(Protocol):
    def __call__(
        self, action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker, events: Events
    ) -> None: ...
