"""The conversation's language: chosen at the session start from the first message, kept
by every action, and a second request in one message answered or acknowledged."""

from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    use_variant,
)
from actions.faq import ActionAnswerFaq
from actions.identity import (
    ValidateIdentityForm,
)
from actions.registration import ActionRememberQuestion
from actions.session import ActionSessionStart
from bot.conversation import formats, texts
from bot.db.session import session_scope
from bot.updates.models import UpdatePreference
from tests.support.chat import latest_code_in_outbox
from tests.support.dates import iso
from tests.support.trackers import make_tracker
from tests.support.waitlists import MILA


def slot_events(events: list[dict]) -> dict[str, object]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_an_english_first_message_gets_the_introduction_in_english(waitlist: Path) -> None:
    tracker = make_tracker(
        "greet", slots={"session_started_metadata": {"language": "en"}}, sender_id="en-1"
    )
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == texts.say("session_intro", "en")
    slots = slot_events(events)
    assert (slots["language"], slots["address_form"]) == ("en", "en")


async def test_a_session_without_a_language_speaks_the_organisations_form(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker(sender_id="nl-1"), {})
    assert dispatcher.messages[0]["text"] == texts.say("session_intro", "u")
    assert slot_events(events)["language"] == "nl"


async def test_an_english_question_is_answered_in_english_and_the_language_kept() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_costs", text="How much does daycare cost per hour?")
    events = await ActionAnswerFaq().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == texts.say("costs", "en")
    assert slot_events(events) == {"language": "en", "address_form": "en"}

    # a reply without clear words ("ok") keeps English; nothing is set again
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("affirm", text="ok", slots={"language": "en"})
    events = await ActionAnswerFaq().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == texts.say("affirm_no_question", "en")
    assert slot_events(events) == {}


async def test_a_second_request_after_a_general_answer_is_acknowledged() -> None:
    dispatcher = CollectingDispatcher()
    text = "wat kost een dag kinderdagverblijf? en is er al plek voor Noor?"
    await ActionAnswerFaq().run(dispatcher, make_tracker("ask_costs", text=text), {})
    costs, also = dispatcher.messages
    assert costs["text"] == texts.say("costs", "u")
    assert also["text"] == texts.say("also_registration", "u")
    assert also["buttons"] == [
        {"title": texts.button("my_registration"), "payload": "/ask_placement_status"}
    ]


async def test_a_general_question_next_to_a_registration_question_is_answered_too() -> None:
    dispatcher = CollectingDispatcher()
    text = "is er al plek voor Noor en wat kost het eigenlijk per uur?"
    tracker = make_tracker("ask_placement_status", text=text, sender_id="two-1")
    events = await ActionRememberQuestion().run(dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [texts.say("costs", "u")]
    # and the identity check goes on for the first question
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}


async def test_a_single_request_gets_a_single_answer() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, make_tracker("ask_costs", text="wat kost de bso?"), {})
    assert len(dispatcher.messages) == 1


async def test_the_language_of_a_verified_chat_is_kept_for_the_updates(waitlist: Path) -> None:
    validation = ValidateIdentityForm()
    use_variant("en")
    dispatcher = CollectingDispatcher()
    slots = {"registration_number": "INS-000001"}
    tracker = make_tracker("inform", slots=slots, text=formats.full_date(MILA, "en"))
    slots |= await validation.validate_child_birth_date(iso(MILA), dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == texts.say("code_sent", "en", address="s***@e***.nl")

    code = latest_code_in_outbox(waitlist, "sanne@example.nl")
    tracker = make_tracker("inform", slots=slots, text=code)
    await validation.validate_verification_code(code, CollectingDispatcher(), tracker, {})
    with session_scope() as session:
        assert session.get(UpdatePreference, "INS-000001").language == "en"
