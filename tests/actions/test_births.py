"""A parent tells the bot the baby is born: the read-back congratulates and names the
date, "ja" files a change request that carries the birth date for staff. Dates from
today."""

from datetime import timedelta
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.registration import ActionAnswerRegistration
from actions.requests import ActionHandleConfirmation
from actions.session import ActionSessionStart
from bot.conversation import formats
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.parent_requests.models import RegistrationRequest
from bot.shared import clock
from bot.updates.models import UpdateMessage
from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.trackers import make_tracker, slot_values
from tests.support.waitlists import clear_caches, open_waitlist

DUE = days_from_today(20)
BORN = clock.today() - timedelta(days=3)
NOOR = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    f"priority,status\nINS-000010,Noor,{iso(DUE)},Fatima,fatima@example.nl,,kdv,UTR-ZON,"
    f"ma|di,{iso(month_day(5))},{iso(month_day(-6))},none,waiting\n"
)


@pytest.fixture
def expecting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    yield open_waitlist(tmp_path, monkeypatch, registrations=NOOR)
    clear_caches()


def verified(**slots):
    return {
        "identity_verified": True,
        "verified_registration": "INS-000010",
        "registration_number": "INS-000010",
        "verified_at": clock.now().timestamp(),
        **slots,
    }


async def test_the_birth_is_congratulated_read_back_and_filed_with_its_date(expecting) -> None:
    words = f"Noor is geboren op {dutch(BORN)}"
    asked = verified(pending_question="change", change_details=words)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("inform", text="123456", slots=asked), {}
    )
    [read_back] = [m["text"] for m in dispatcher.messages]
    assert read_back == say(
        "confirm_birth", "u", child="Noor", date=formats.full_date(BORN, "u"), number="INS-000010"
    )
    assert read_back.startswith("Gefeliciteerd met de geboorte van Noor!")
    waiting = asked | {"awaiting_confirmation": slot_values(events)["awaiting_confirmation"]}

    dispatcher = CollectingDispatcher()
    await ActionHandleConfirmation().run(
        dispatcher, make_tracker("affirm", text="ja", slots=waiting), {}
    )
    assert [m["text"] for m in dispatcher.messages] == [say("request_stored", "u")]
    with session_scope() as session:
        [request] = session.scalars(select(RegistrationRequest)).all()
        assert (request.kind, request.details, request.birth_date) == ("change", words, BORN)
        assert request.start_date is None  # the birth date is no start date


async def test_a_parent_from_the_birth_question_is_told_how_to_give_the_date(expecting) -> None:
    sent_at = clock.now() - timedelta(days=1)
    with session_scope() as session:
        session.add(
            UpdateMessage(
                key=f"INS-000010:birth_question:due-{iso(DUE)}",
                registration_number="INS-000010",
                moment="birth_question",
                channel="email",
                status="sent",
                attempts=1,
                created_at=sent_at,
                detail="",
                reference="birth-link-ref",
            )
        )
    dispatcher = CollectingDispatcher()
    metadata = {"session_started_metadata": {"update_reference": "birth-link-ref"}}
    await ActionSessionStart().run(
        dispatcher, make_tracker("greet", sender_id="website:b1", slots=metadata), {}
    )
    said = [m["text"] for m in dispatcher.messages]
    date = formats.full_date(sent_at.astimezone(clock.ZONE))
    assert said[1:] == [say("reply_to_birth_question", "u", date=date)]
    assert "Noor" not in " ".join(said)  # nothing about the registration before the check
