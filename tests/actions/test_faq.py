"""General answers and the two-step fallback: exact messages and events."""

from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq, ActionFallback
from bot.conversation.texts import say
from tests.actions.conftest import make_tracker


async def test_greeting_offers_the_topics_and_a_person() -> None:
    """That it is a bot the session's introduction has said already (actions/session.py)."""
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, make_tracker("greet"), {})
    assert events == []
    (message,) = dispatcher.messages
    assert message["text"] == say("greet")
    assert message["text"].endswith("Waarmee kan ik u helpen?")
    assert {"title": "Medewerker spreken", "payload": "/request_human"} in message["buttons"]


async def test_costs_answer_comes_from_the_organisation_facts() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, make_tracker("ask_costs"), {})
    assert "€ 10,25 per uur" in dispatcher.messages[0]["text"]
    assert "kinderopvangtoeslag" in dispatcher.messages[0]["text"]


def _user(intent: str, ts: float) -> dict:
    return {"event": "user", "timestamp": ts, "parse_data": {"intent": {"name": intent}}}


async def test_first_fallback_asks_to_rephrase() -> None:
    """The second fallback in a row hands over (tests/handoff/test_actions.py)."""
    dispatcher = CollectingDispatcher()
    once = make_tracker("nlu_fallback", events=[_user("greet", 1), _user("nlu_fallback", 2)])
    await ActionFallback().run(dispatcher, once, {})
    assert dispatcher.messages[0]["text"] == say("fallback_first")
