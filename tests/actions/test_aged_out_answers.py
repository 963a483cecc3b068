"""A child too old for the list it waits on (groups up to 24 months, the child 30): a
status question hears so, not only "staat op de wachtlijst", and "ja" to the person the
answer offers reaches a person (the writers' conversations found both)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.registration import ActionAnswerRegistration
from bot.conversation.short_replies import OFFER_PERSON
from tests.support.dates import iso, month_day
from tests.support.trackers import make_tracker, verified
from tests.support.waitlists import REGISTRATIONS, clear_caches, open_waitlist

NUMBER = "INS-000007"
BRAM = month_day(-30, 8)
TOO_OLD = REGISTRATIONS + (
    f"{NUMBER},Bram,{iso(BRAM)},Lou,lou@example.nl,,kdv,UTR-ZON,wo,{iso(month_day(-8))},"
    f"{iso(month_day(-34))},none,waiting\n"
)


@pytest.fixture
def waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch, TOO_OLD)
    clear_caches()


@pytest.mark.parametrize("intent", ["ask_placement_status", "ask_response_time"])
async def test_a_child_too_old_hears_it_and_is_offered_a_person(
    waitlist: Path, intent: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        intent, text="wnr is er plek voor bram", slots=verified(NUMBER, child_birth_date=iso(BRAM))
    )
    events = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    said = " ".join(message["text"] for message in dispatcher.messages)
    assert "te oud" in said and "geen plek" in said, said
    assert dispatcher.messages[-1]["buttons"][-1]["payload"] == "/request_human"
    offered = [e for e in events if e["event"] == "slot" and e["name"] == "awaiting_confirmation"]
    assert offered and offered[-1]["value"] == OFFER_PERSON


async def test_a_child_of_the_right_age_hears_only_the_status(waitlist: Path) -> None:
    slots = {
        **verified(),
        "verified_registration": "INS-000001",
        "registration_number": "INS-000001",
    }
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_placement_status", text="is er al plek?", slots=slots)
    events = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    [answer] = dispatcher.messages
    assert (
        answer["text"].startswith("Mila staat op de wachtlijst") and "te oud" not in answer["text"]
    )
    assert not [e for e in events if e.get("name") == "awaiting_confirmation"]
