"""Change and cancellation requests: collected, read back, stored for staff on "ja"."""

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import SafeAction
from actions.births import birth_in
from actions.common import (
    form,
    mark_goal,
    person_button,
    say,
    with_database,
)
from bot.conversation.change_values import subject_of
from bot.conversation.said import said_since_cancel
from bot.conversation.tracker import (
    change_request_words,
    change_value_asked_before,
    identity_is_fresh,
)
from bot.parent_requests.intake import confirm, store_request
from bot.parent_requests.models import RegistrationRequest


class ActionAskChangeDetails(SafeAction):
    """Asks for what the request left out: "Wat is het nieuwe e-mailadres?" after "ik wil
    mijn e-mailadres wijzigen", else what should change."""

    ends_turn = False

    def name(self) -> str:
        return "action_ask_change_details"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        subject = subject_of(change_request_words(tracker))
        text = say(f"ask_change_{subject}" if subject else "ask_change_details")
        # asked again (after "." or a question in between): a person is one click away
        buttons = [person_button()] if change_value_asked_before(tracker) else []
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionHandleConfirmation(SafeAction):
    """Stores the change or cancellation on "ja"; drops it on "nee". Only the answer to the
    question itself counts: `end_turn` closes the question after any other message."""

    def name(self) -> str:
        return "action_handle_confirmation"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kind = tracker.get_slot("awaiting_confirmation")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reset = [SlotSet("awaiting_confirmation", None), SlotSet("change_details", None)]
        if intent != "affirm" or kind not in ("change", "cancel"):
            dispatcher.utter_message(text=say("request_dropped"))
            return reset
        if not identity_is_fresh(tracker):
            dispatcher.utter_message(text=say("identity_failed"))
            return reset
        details = tracker.get_slot("change_details")
        if kind == "cancel":
            # a reason given in a later message ("we verhuizen") is kept with the request
            details = said_since_cancel(tracker) or details
        details = details or "inschrijving intrekken"
        number = tracker.get_slot("verified_registration")
        birth = await birth_in(number, details) if kind == "change" else None
        confirmed = await file_request(
            tracker, kind, details, birth_date=birth.born_on if birth else None
        )
        # a change may be refused, a cancellation not: the parent hears which comes next
        stored = "request_stored_cancel" if kind == "cancel" else "request_stored"
        dispatcher.utter_message(text=say(stored if confirmed else f"{stored}_unconfirmed"))
        mark_goal(dispatcher, tracker, kind)
        return reset


async def file_request(
    tracker: Tracker,
    kind: str,
    details: str,
    offer_id: int | None = None,
    birth_date: date | None = None,
) -> bool:
    """Store the verified parent's request for staff, then mail its confirmation; whether
    the mail went. Stored and committed first: a mail server that is down loses nothing."""
    number = tracker.get_slot("verified_registration")
    channel = tracker.get_latest_input_channel() or "onbekend"
    request_id = await with_database(
        lambda session: (
            store_request(
                session=session,
                number=number,
                kind=kind,
                details=details,
                channel=channel,
                sender_id=tracker.sender_id,
                offer_id=offer_id,
                birth_date=birth_date,
            ).id
        )
    )
    variant = form()
    return await with_database(
        lambda session: confirm(
            session=session,
            request=session.get(RegistrationRequest, request_id),
            form=variant,
        )
    )
