"""A score is stored: "Ja" / "Nee" to "Heeft dit u geholpen?" (and what was missing after a
no), the score after the satisfaction question that follows a handoff, and the answer to
"Wilt u vertellen wat beter kan?" after a low score, whatever the model made of the words.
"""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    end_turn,
    outcome,
    person_button,
    say,
    with_database,
)
from actions.turn_rules import Answering, Events
from bot.conversation import bot_rating
from bot.conversation.answers import (
    answer_to_rating,
    answers_satisfaction_question,
    answers_what_could_be_better,
    satisfaction_of,
)
from bot.handoff import queue


async def rating_answered(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "Ja" / "Nee" to "Heeft dit u geholpen?", whatever else they could mean."""
    rated = answer_to_rating(tracker)
    if not rated:
        return None
    store_rating(dispatcher, tracker, rated)
    return end_turn(tracker, [])


async def satisfaction_scored(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """A score is a score, whatever the model made of the words after it."""
    if not answers_satisfaction_question(tracker):
        return None
    await store_satisfaction(dispatcher, tracker)
    return end_turn(tracker, [])


async def what_could_be_better_told(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """The answer to "wat kan beter?" after a low score, whatever the model made of it."""
    if not answers_what_could_be_better(tracker):
        return None
    await store_what_could_be_better(dispatcher, tracker)
    return end_turn(tracker, [])


def store_rating(dispatcher: CollectingDispatcher, tracker: Tracker, answer: str) -> None:
    """The answer, kept as the outcome of the bot's reply; a no asks what was missing."""
    text = tracker.latest_message.get("text") or ""
    if answer == bot_rating.COMMENT:
        comment = " ".join(text.split())[: bot_rating.MAX_COMMENT]
        key = "bot_rating_comment_thanks"
    else:
        comment = bot_rating.comment_in(text)
        key = {bot_rating.YES: "bot_rating_yes", bot_rating.NO: "bot_rating_no"}[answer]
        if answer == bot_rating.NO and comment:
            key = "bot_rating_comment_thanks"  # what was missing came with the no
    buttons = [] if answer == bot_rating.YES else [person_button()]
    dispatcher.utter_message(text=say(key), buttons=buttons, **outcome(tracker, answer, comment))


# a score this low gets a question of its own: what could be better
LOW_SCORE = 2


async def store_satisfaction(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The score (and the words after it) on the conversation's latest closed handoff."""
    scored = satisfaction_of(tracker)
    if scored is None:
        dispatcher.utter_message(text=say("satisfaction_skipped"))
        return
    score, comment = scored
    await with_database(
        lambda session: queue.record_satisfaction(
            session=session, sender_id=tracker.sender_id, score=score, comment=comment
        )
    )
    low = score <= LOW_SCORE and not comment
    dispatcher.utter_message(text=say("satisfaction_thanks_low" if low else "satisfaction_thanks"))


async def store_what_could_be_better(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The parent's answer, as the comment on the score just given."""
    comment = tracker.latest_message.get("text") or ""
    await with_database(
        lambda session: queue.add_satisfaction_comment(
            session=session, sender_id=tracker.sender_id, comment=comment
        )
    )
    dispatcher.utter_message(text=say("satisfaction_comment_thanks"))
