""" "Dat was niet de bedoeling": a change or cancellation being read back is dropped, else
the conversation's latest open request is withdrawn, whatever the model made of the words
("terugdraaien" once got the price list).
"""

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import (
    end_turn,
    form,
    now,
    person_button,
    say,
    with_database,
)
from actions.turn_rules import Answering, Events
from bot.conversation.offer_words import READ_BACKS
from bot.conversation.request_words import asks_to_undo
from bot.parent_requests.withdrawal import withdraw_latest


async def request_taken_back(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """The undo, when there is something to take back; else the message is answered as usual."""
    if tracker.latest_action_name != "action_listen" or not asks_to_undo(
        tracker.latest_message.get("text")
    ):
        return None
    taken_back = await take_back_request(dispatcher, tracker)
    return None if taken_back is None else end_turn(tracker, taken_back)


# what a change or cancellation leaves while it is asked for and read back
PENDING_REQUEST = ("pending_question", "change_details", "awaiting_confirmation", "offer_words")


async def take_back_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """ "Dat was niet de bedoeling": a change or cancellation being read back is dropped,
    else the conversation's latest open request is withdrawn (staff see it as withdrawn);
    None when there is nothing to take back, and the message is answered as usual."""
    in_check = (tracker.active_loop or {}).get("name") == "identity_form"
    asked = tracker.get_slot("awaiting_confirmation") or (
        tracker.get_slot("pending_question") if in_check else None
    )
    forget = [SlotSet(slot, None) for slot in PENDING_REQUEST]
    if asked in ("change", "cancel", *READ_BACKS):
        dispatcher.utter_message(text=say("request_not_passed_on"), buttons=[person_button()])
        leave = [ActiveLoop(None), SlotSet("requested_slot", None)] if in_check else []
        return [*leave, *forget]
    moment, variant = now(), form()

    def withdraw(session: Session) -> str | None:
        request = withdraw_latest(
            session=session, sender_id=tracker.sender_id, now=moment, form=variant
        )
        return request.details if request else None

    details = await with_database(withdraw)
    if details is None:
        return None
    dispatcher.utter_message(
        text=say("request_withdrawn", details=details), buttons=[person_button()]
    )
    return forget
