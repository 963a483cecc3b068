"""Leaving a form and a detail given with no question open: exact events."""

from rasa_sdk.executor import CollectingDispatcher

from actions.flow import ActionRouteInform, ActionStopForm
from bot.conversation.texts import say
from tests.support.trackers import make_tracker

IDENTITY_FORM = {"name": "identity_form"}
LISTEN = {"event": "followup", "timestamp": None, "name": "action_listen"}


async def test_laat_maar_ends_the_form_forgets_the_question_and_listens() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "deny",
        text="laat maar",
        active_loop=IDENTITY_FORM,
        slots={"pending_question": "change", "requested_slot": "registration_number"},
    )
    events = await ActionStopForm().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("form_stopped")
    assert events[0] == {"event": "active_loop", "timestamp": None, "name": None}
    assert {"event": "slot", "timestamp": None, "name": "pending_question", "value": None} in events
    assert events[-1] == LISTEN


async def test_goodbye_in_a_form_says_goodbye() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("goodbye", text="doei", active_loop=IDENTITY_FORM)
    await ActionStopForm().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_goodbye"


async def test_a_lost_number_ends_the_check_with_where_to_find_it() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("missing_number", text="nummer kwijt", active_loop=IDENTITY_FORM)
    await ActionStopForm().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["text"] == say("missing_number")
    assert message["buttons"][-1]["payload"] == "/request_human"


async def test_a_registration_number_alone_starts_the_status_check() -> None:
    entities = [{"entity": "registration_number", "value": "INS-004217"}]
    dispatcher = CollectingDispatcher()
    events = await ActionRouteInform().run(
        dispatcher, make_tracker("inform", text="INS-004217", entities=entities), {}
    )
    assert dispatcher.messages == []
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}


async def test_a_detail_inside_a_form_lets_the_form_ask_again() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", text="Noor", active_loop=IDENTITY_FORM)
    events = await ActionRouteInform().run(dispatcher, tracker, {})
    assert dispatcher.messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "identity_form"}]
