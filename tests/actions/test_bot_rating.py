""" "Heeft dit u geholpen?" at the natural end of a bot-only conversation: when it is asked,
when never, and what the answers leave as outcomes (bot/conversation/bot_rating.py)."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.bot_rating import ActionAskBotRating
from actions.faq import ActionAnswerFaq
from bot.conversation import bot_rating
from bot.conversation.texts import say
from tests.support.trackers import make_tracker

YES_NO = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]


def parent(intent: str, text: str = "…", ts: float = 1.0) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": ts,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.98}, "text": text},
        "input_channel": "website",
    }


def bot(outcome: str | None = None) -> dict[str, Any]:
    metadata = {bot_rating.OUTCOME: outcome} if outcome else {}
    return {"event": "bot", "text": "…", "metadata": metadata}


GOAL = [
    parent("ask_availability"),
    {"event": "action", "name": "action_answer_availability"},
    bot(bot_rating.goal("availability")),
]


def tracker(events: list[dict[str, Any]], intent: str, text: str = "…", **kwargs: Any):
    latest = parent(intent, text)
    return make_tracker(intent, events=[*events, latest], text=text, channel="website", **kwargs)


async def run_faq(events: list[dict[str, Any]], intent: str, text: str = "…", **kwargs: Any):
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker(events, intent, text, **kwargs), {})
    return dispatcher.messages


async def run_goodbye(events: list[dict[str, Any]], **kwargs: Any):
    dispatcher = CollectingDispatcher()
    done = await ActionAskBotRating().run(
        dispatcher, tracker(events, "goodbye", "doei", **kwargs), {}
    )
    assert done[-1]["event"] == "followup"  # listening, or back to the open form
    return dispatcher.messages


async def test_thanks_after_a_goal_asks_whether_it_helped_with_yes_and_no() -> None:
    (message,) = await run_faq(GOAL, "thank", "bedankt, dat was het")
    assert (
        message["text"] == say("bot_rating_after_thanks") == "Graag gedaan! Heeft dit u geholpen?"
    )
    assert message["buttons"] == YES_NO
    assert message[bot_rating.OUTCOME] == bot_rating.ASKED
    assert message[bot_rating.OUTCOME_CHANNEL] == "website"


async def test_thanks_after_a_general_answer_only_asks_what_else() -> None:
    (message,) = await run_faq([parent("ask_costs"), bot()], "thank")
    assert message["text"] == say("thank")
    assert bot_rating.OUTCOME not in message


async def test_goodbye_after_an_answer_asks_it_and_after_a_greeting_not() -> None:
    (message,) = await run_goodbye([parent("ask_costs"), bot()])
    assert message["text"] == say("bot_rating_question") == "Heeft dit u geholpen?"
    assert message["buttons"] == YES_NO
    assert await run_goodbye([parent("greet"), bot()]) == []


async def test_never_twice_in_a_conversation() -> None:
    asked = [
        *GOAL,
        parent("thank"),
        bot(bot_rating.ASKED),
        parent("affirm", "/affirm"),
        bot(bot_rating.YES),
    ]
    assert await run_goodbye(asked) == []
    (message,) = await run_faq(asked, "thank")
    assert message["text"] == say("thank")


async def test_a_new_session_may_ask_again() -> None:
    earlier = [*GOAL, parent("thank"), bot(bot_rating.ASKED), {"event": "session_started"}]
    assert await run_goodbye([*earlier, *GOAL])


@pytest.mark.parametrize(
    "before",
    [
        [parent("complain", "ik ben hier echt niet blij mee")],
        [parent("request_human", "medewerker spreken")],
        [{"event": "action", "name": "action_handoff"}, {"event": "pause"}],
        [{"event": "resume"}, {"event": "action", "name": "action_ask_satisfaction"}],
        [parent("out_of_scope", "Mijn ex heeft het gezag, mag ik de status zien?")],
    ],
    ids=["complaint", "asked for a person", "handoff", "after staff handed back", "custody"],
)
async def test_never_after_a_complaint_a_handoff_or_a_sensitive_topic(
    before: list[dict[str, Any]],
) -> None:
    events = [*before, *GOAL]
    assert await run_goodbye(events) == []
    (message,) = await run_faq(events, "thank")
    assert message["text"] == say("thank")


async def test_not_while_a_form_or_a_read_back_is_open() -> None:
    assert await run_goodbye(GOAL, active_loop={"name": "identity_form"}) == []
    assert await run_goodbye(GOAL, slots={"awaiting_confirmation": "change"}) == []


async def test_yes_is_kept_as_the_outcome_of_the_reply() -> None:
    asked = [*GOAL, parent("thank"), bot(bot_rating.ASKED)]
    (message,) = await run_faq(asked, "affirm", "/affirm")
    assert message["text"] == say("bot_rating_yes")
    assert message[bot_rating.OUTCOME] == bot_rating.YES
    assert bot_rating.OUTCOME_COMMENT not in message


async def test_no_asks_what_was_missing_offers_a_person_and_keeps_the_comment() -> None:
    asked = [*GOAL, parent("goodbye"), bot(bot_rating.ASKED)]
    (message,) = await run_faq(asked, "deny", "/deny")
    assert message["text"] == say("bot_rating_no")
    assert message[bot_rating.OUTCOME] == bot_rating.NO
    assert message["buttons"] == [{"title": "Medewerker spreken", "payload": "/request_human"}]

    said_no = [*asked, parent("deny", "/deny"), bot(bot_rating.NO)]
    comment = "ik zocht de prijs van de bso"
    (thanks,) = await run_faq(said_no, "ask_costs", comment)
    assert thanks["text"] == say("bot_rating_comment_thanks")
    assert thanks[bot_rating.OUTCOME] == bot_rating.COMMENT
    assert thanks[bot_rating.OUTCOME_COMMENT] == comment


async def test_thanks_after_what_was_missing_is_no_comment() -> None:
    said_no = [
        *GOAL,
        parent("thank"),
        bot(bot_rating.ASKED),
        parent("deny", "/deny"),
        bot(bot_rating.NO),
    ]
    (message,) = await run_faq(said_no, "thank", "oké bedankt")
    assert bot_rating.OUTCOME not in message
    (person,) = await run_faq(said_no, "request_human", "ik wil iemand spreken")
    assert person.get(bot_rating.OUTCOME) != bot_rating.COMMENT


async def test_a_no_with_words_is_the_answer_and_the_comment_at_once() -> None:
    asked = [*GOAL, parent("thank"), bot(bot_rating.ASKED)]
    (message,) = await run_faq(asked, "deny", "nee, de openingstijden ontbraken")
    assert message[bot_rating.OUTCOME] == bot_rating.NO
    assert message[bot_rating.OUTCOME_COMMENT] == "de openingstijden ontbraken"
    assert message["text"] == say("bot_rating_comment_thanks")


async def test_a_new_question_instead_of_an_answer_is_answered_as_usual() -> None:
    asked = [*GOAL, parent("thank"), bot(bot_rating.ASKED)]
    (message,) = await run_faq(asked, "ask_costs", "wat kost een dag bso?")
    assert bot_rating.OUTCOME not in message
    assert "prijzen per uur" in message["text"]
