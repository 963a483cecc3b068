""" "Stop" is honoured: no more updates, at once and whatever the model made of the words; and
updates asked for by WhatsApp in words are offered (a yes records the consent).
"""

from datetime import datetime

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import (
    ask_whatsapp_updates,
    end_turn,
    now,
    say,
    with_database,
)
from actions.turn_rules import Answering, Events
from bot.conversation.tracker import latest_user_metadata
from bot.settings import get_settings
from bot.updates.preferences import (
    asks_for_whatsapp_updates,
    asks_no_more_updates,
    stop_registration,
    stop_whatsapp,
    updates_by_email,
)
from bot.waitlist.queries import find_registration


async def updates_stopped(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """ "Stop", "geen berichten meer": honoured at once, whatever the model made of it."""
    if not asks_no_more_updates(tracker.latest_message.get("text") or ""):
        return None
    await stop_updates(dispatcher, tracker)
    return end_turn(tracker, [])


async def whatsapp_updates_asked(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """Updates by WhatsApp asked for in words, whatever the model made of them; a yes to the
    question that follows records consent."""
    if tracker.latest_action_name != "action_listen" or not asks_for_whatsapp_updates(
        tracker.latest_message.get("text")
    ):
        return None
    return end_turn(tracker, await ask_whatsapp_updates(dispatcher, tracker))


def stop_on_whatsapp(session: Session, phone: str, moment: datetime) -> str | None:
    """Stop the WhatsApp updates of the registrations with this number; what the parent
    hears, which says whether e-mail takes over (None: the number is not on file)."""
    numbers = stop_whatsapp(session=session, phone=phone, now=moment)
    if not numbers:
        return None
    by_mail = updates_by_email(session=session, numbers=numbers, settings=get_settings())
    return say("updates_stopped_mail" if by_mail else "updates_stopped")


async def stop_updates(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """No more updates: on every channel for a verified parent's registration, on
    WhatsApp for the number the channel vouches for; otherwise where to switch them off."""
    number = (
        tracker.get_slot("verified_registration") if tracker.get_slot("identity_verified") else None
    )
    phone = latest_user_metadata(tracker).get("phone")
    moment = now()

    def stop(session: Session) -> str:
        """What the parent hears: all stopped (the child's registration, verified), only
        WhatsApp (the number the channel vouches for), or how to stop them."""
        stopped = stop_on_whatsapp(session, phone, moment) if phone else None
        if number:
            stop_registration(session=session, number=number, now=moment)
            registration = find_registration(session=session, number=number)
            child = registration.child.first_name if registration else number
            return say("updates_stopped_all", child=child)
        return stopped or say("updates_how_to_stop")

    dispatcher.utter_message(text=await with_database(stop))
