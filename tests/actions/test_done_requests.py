"""After head office did what a parent asked (issue 30): the bot's answers follow the done
request before the planning system's next import shows it. A cancellation done: the
registration has stopped, and nobody is offered to cancel again; one still with head
office: the parent hears it is coming, and when. A reason given after asking to cancel is
kept with the request. Against a real (SQLite) waitlist, Mila's."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.registration import ActionAnswerRegistration
from actions.requests import ActionHandleConfirmation
from bot.conversation import formats
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.parent_requests.deadline import due_on
from bot.parent_requests.intake import store_request
from bot.parent_requests.models import RegistrationRequest
from bot.settings import get_settings
from bot.shared import clock
from tests.support.trackers import make_tracker, verified

NUMBER = "INS-000001"


async def answer(intent: str, text: str, **slots: Any) -> tuple[list[str], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent, text=text, slots=verified(**slots))
    events = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    slot_events = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return [m["text"] for m in dispatcher.messages], slot_events


def filed(kind: str, details: str, *, done: bool, **named: Any) -> RegistrationRequest:
    with session_scope() as session:
        request = store_request(
            session=session,
            number=NUMBER,
            kind=kind,
            details=details,
            channel="website",
            sender_id="website:mila",
        )
        for field, value in named.items():
            setattr(request, field, value)
        if done:
            request.status, request.closed_at = "resolved", clock.now()
            request.outcome = "Gedaan."
        session.flush()
        session.expunge(request)
        return request


async def test_a_cancellation_done_stops_the_registration_in_the_bots_answers(
    waitlist: Path,
) -> None:
    before, _ = await answer("ask_placement_status", "Hoe staat het ervoor?")
    assert before[0].startswith("Mila staat op de wachtlijst")
    filed("cancel", "We verhuizen naar Amersfoort", done=True)

    status, _ = await answer("ask_placement_status", "Staat Mila nu niet meer op de wachtlijst?")
    assert status == [say("status_withdrawn", child="Mila")]
    # asked to cancel again: no second read-back, no yes/no question
    again, slots = await answer(
        "cancel_registration",
        "Ik wil de inschrijving intrekken",
        pending_question="cancel",
        change_details="Ik wil de inschrijving intrekken",
    )
    assert again == [say("status_withdrawn", child="Mila")]
    assert "awaiting_confirmation" not in slots and slots["pending_question"] is None
    # "Dus staat Mila niet meer op de wachtlijst?" read as a change: nothing to change
    change, slots = await answer(
        "change_registration",
        "Dus staat Mila nu niet meer op de wachtlijst?",
        pending_question="change",
        change_details="Dus staat Mila nu niet meer op de wachtlijst?",
    )
    assert change == [say("status_withdrawn", child="Mila")]
    assert "awaiting_confirmation" not in slots


async def test_a_cancellation_with_head_office_is_coming_and_not_asked_again(
    waitlist: Path,
) -> None:
    request = filed("cancel", "We verhuizen", done=False)
    due = formats.deadline_date(due_on(request.created_at, get_settings()))
    status, _ = await answer("ask_placement_status", "Hoe staat het ervoor?")
    assert status[0].startswith("Mila staat op de wachtlijst")
    assert status[1] == say("status_cancel_pending", due=due)
    again, slots = await answer(
        "cancel_registration",
        "Haal Mila van de lijst",
        pending_question="cancel",
        change_details="Haal Mila van de lijst",
    )
    assert again == [say("cancel_pending", child="Mila", due=due)]
    assert "awaiting_confirmation" not in slots


async def test_a_change_done_shows_in_the_status_until_the_import_does(waitlist: Path) -> None:
    filed("change", "de woensdag erbij", done=True, weekdays="wo")
    status, _ = await answer("ask_placement_status", "Hoe staat het ervoor?")
    assert "maandag en woensdag" in status[0]
    # one done long ago is the planning's to show (or not) by now
    with session_scope() as session:
        for request in session.scalars(select(RegistrationRequest)):
            request.closed_at = clock.now() - timedelta(days=60)
    status, _ = await answer("ask_placement_status", "Hoe staat het ervoor?")
    assert "maandag en woensdag" not in status[0]


async def test_a_reason_given_after_asking_to_cancel_is_kept(waitlist: Path) -> None:
    def user(text: str, intent: str, at: float) -> dict[str, Any]:
        return {
            "event": "user",
            "text": text,
            "timestamp": at,
            "parse_data": {"intent": {"name": intent}},
            "input_channel": "website",
        }

    events = [
        user("Ik wil Mila uitschrijven", "cancel_registration", 1.0),
        user("INS-000001", "inform", 2.0),
        user("we verhuizen naar Amersfoort", "inform", 3.0),
        user("ja", "affirm", 4.0),
    ]
    tracker = make_tracker(
        "affirm",
        text="ja",
        events=events,
        slots=verified(awaiting_confirmation="cancel", change_details="Ik wil Mila uitschrijven"),
    )
    action: Action = ActionHandleConfirmation()
    await action.run(CollectingDispatcher(), tracker, {})
    with session_scope() as session:
        (request,) = session.scalars(select(RegistrationRequest))
        assert request.details == "Ik wil Mila uitschrijven / we verhuizen naar Amersfoort"
