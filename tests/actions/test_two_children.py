"""Two children in one conversation (issue 26): a second registration number is a second
child, checked on its own (a code only when it goes to an address the conversation has
not proved), answered about by name, and reachable again by name or as "the other one";
twins under one number hear that each child has a number of its own. Against a real
(SQLite) waitlist, reading messages, slots and the mail sent."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import (
    ActionAskRegistrationNumber,
    ValidateIdentityForm,
)
from actions.registration import ActionAnswerRegistration, ActionRememberQuestion
from bot.conversation.texts import say
from tests.support.chat import latest_code_in_outbox
from tests.support.dates import dutch, iso, month_day
from tests.support.trackers import make_tracker
from tests.support.waitlists import MILA, REGISTRATIONS, clear_caches, open_waitlist

MILA_NUMBER, DAAN_NUMBER, LOT_NUMBER = "INS-000001", "INS-000002", "INS-000003"
DAAN, LOT = month_day(-9, 12), month_day(-9, 12)
# Daan's registration has Mila's family address; Lot's only another parent's
FAMILY = REGISTRATIONS + (
    f"INS-000002,Daan,{iso(DAAN)},Sanne,sanne@example.nl,,kdv,UTR-BOO,wo,"
    f"{iso(month_day(-1))},{iso(month_day(-8))},none,waiting\n"
    f"INS-000003,Lot,{iso(LOT)},Piet,piet@example.nl,,kdv,UTR-BOO,do,"
    f"{iso(month_day(-1))},{iso(month_day(-8))},none,waiting\n"
)
IDENTITY_FORM = {"event": "followup", "timestamp": None, "name": "identity_form"}
FORMS = {"forms": {"identity_form": {}}}


@pytest.fixture
def family(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch, FAMILY)
    clear_caches()


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [message["text"] for message in dispatcher.messages]


def number_entities(*numbers: str) -> list[dict[str, str]]:
    return [{"entity": "registration_number", "value": number} for number in numbers]


async def verify_mila(outbox: Path) -> dict[str, Any]:
    """The conversation's first check, with the code from the mail: Mila's slots after it."""
    form = ValidateIdentityForm()
    slots: dict[str, Any] = {"registration_number": MILA_NUMBER}
    tracker = make_tracker("inform", slots=slots, text=dutch(MILA))
    slots |= await form.validate_child_birth_date(dutch(MILA), CollectingDispatcher(), tracker, {})
    code = latest_code_in_outbox(outbox, "sanne@example.nl")
    tracker = make_tracker("inform", slots=slots, text=code)
    slots |= await form.validate_verification_code(code, CollectingDispatcher(), tracker, {})
    assert slots["verified_children"] == {MILA_NUMBER: "Mila"}
    return slots


async def ask(
    slots: dict[str, Any], text: str, intent: str = "ask_placement_status", numbers=()
) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    """A verified parent's message answered directly (the rule for verified parents)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent, slots=slots, text=text, entities=number_entities(*numbers))
    return dispatcher, await ActionAnswerRegistration().run(dispatcher, tracker, {})


async def check_birth_date(
    slots: dict[str, Any], birth: str
) -> tuple[CollectingDispatcher, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", slots=slots, text=birth)
    checked = await ValidateIdentityForm().validate_child_birth_date(birth, dispatcher, tracker, {})
    return dispatcher, slots | checked


def after_form(slots: dict[str, Any], question: str = "status") -> Any:
    """The answer once the identity form ended (the rule: form, then the answer)."""
    tracker = make_tracker("inform", slots=slots | {"pending_question": question})
    tracker.latest_action_name = "identity_form"
    return tracker


async def test_a_second_number_is_a_second_child_checked_without_a_new_code(
    family: Path,
) -> None:
    mila = await verify_mila(family)
    mails_before = len(list(family.glob("*.eml")))

    dispatcher, events = await ask(
        mila, f"en hoe zit het met {DAAN_NUMBER}?", numbers=[DAAN_NUMBER]
    )
    assert texts(dispatcher) == [say("another_child_check", number=DAAN_NUMBER)]
    started = slot_values(events)
    assert started["registration_number"] == DAAN_NUMBER
    assert started["child_birth_date"] is None and started["verification_code"] is None
    assert events[-1] == IDENTITY_FORM
    checking = mila | started
    assert "verified_registration" not in started  # Mila stays the child answered about

    # the form asks Daan's details, although the conversation is verified (for Mila)
    required = await ValidateIdentityForm().required_slots(
        [], None, make_tracker(slots=checking), {}
    )
    assert required == ["registration_number", "child_birth_date", "verification_code"]

    dispatcher, daan = await check_birth_date(checking, dutch(DAAN))
    assert texts(dispatcher) == [say("verified_same_family")]
    assert len(list(family.glob("*.eml"))) == mails_before  # the family's mail is proved
    assert daan["verified_registration"] == DAAN_NUMBER
    assert daan["verified_children"] == {MILA_NUMBER: "Mila", DAAN_NUMBER: "Daan"}

    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, after_form(daan), {})
    assert dispatcher.messages[0]["text"].startswith("Daan staat op de wachtlijst")
    payloads = [button["payload"] for button in dispatcher.messages[-1]["buttons"]]
    assert f'/ask_placement_status{{"registration_number":"{MILA_NUMBER}"}}' in payloads


async def test_a_child_on_another_address_gets_its_own_code(family: Path) -> None:
    mila = await verify_mila(family)
    checking = mila | {"registration_number": LOT_NUMBER, "child_birth_date": None}
    dispatcher, lot = await check_birth_date(checking, dutch(LOT))
    assert texts(dispatcher) == [say("code_sent", address="p***@e***.nl")]
    assert lot["verified_registration"] == MILA_NUMBER  # until Lot's code is typed
    code = latest_code_in_outbox(family, "piet@example.nl")
    tracker = make_tracker("inform", slots=lot, text=code)
    verified = await ValidateIdentityForm().validate_verification_code(
        code, CollectingDispatcher(), tracker, {}
    )
    assert verified["verified_children"] == {MILA_NUMBER: "Mila", LOT_NUMBER: "Lot"}


async def test_a_wrong_birth_date_for_the_second_child_keeps_the_first(family: Path) -> None:
    mila = await verify_mila(family)
    checking = mila | {"registration_number": DAAN_NUMBER, "child_birth_date": None}
    dispatcher, failed = await check_birth_date(checking, dutch(MILA))
    assert texts(dispatcher) == [say("details_mismatch")]
    assert failed["verified_registration"] == MILA_NUMBER
    assert failed["identity_verified"] is True


async def test_a_failed_check_for_the_second_child_shows_nothing_of_either(family: Path) -> None:
    mila = await verify_mila(family)
    blocked = mila | {"registration_number": DAAN_NUMBER, "identity_blocked": True}
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(dispatcher, after_form(blocked), {})
    assert texts(dispatcher) == [say("identity_failed")]
    assert slot_values(events)["registration_number"] == MILA_NUMBER


@pytest.mark.parametrize(
    "text", ["en hoe zit het met Mila?", "en de andere?", "and his sister?", MILA_NUMBER]
)
async def test_the_parent_switches_back_by_name_number_or_as_the_other(
    family: Path, text: str
) -> None:
    both = await verify_mila(family) | {
        "registration_number": DAAN_NUMBER,
        "verified_registration": DAAN_NUMBER,
        "verified_children": {MILA_NUMBER: "Mila", DAAN_NUMBER: "Daan"},
    }
    numbers = [MILA_NUMBER] if text == MILA_NUMBER else []
    dispatcher, events = await ask(both, text, numbers=numbers)
    assert dispatcher.messages[0]["text"].startswith("Mila staat op de wachtlijst")
    assert slot_values(events)["verified_registration"] == MILA_NUMBER
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]][-2] == "En Daan?"


async def test_the_estimate_names_the_child_when_there_are_two(family: Path) -> None:
    both = await verify_mila(family) | {
        "verified_children": {MILA_NUMBER: "Mila", DAAN_NUMBER: "Daan"},
    }
    dispatcher, _ = await ask(both, "wanneer hoor ik iets?", "ask_response_time")
    assert dispatcher.messages[0]["text"].startswith("Over Mila: Ik verwacht")


async def test_the_sister_without_a_number_is_asked_for_hers(family: Path) -> None:
    mila = await verify_mila(family)
    _, events = await ask(mila, "en voor haar zus?")
    assert slot_values(events)["registration_number"] is None
    assert events[-1] == IDENTITY_FORM
    asking = CollectingDispatcher()
    tracker = make_tracker(slots=mila | slot_values(events))
    await ActionAskRegistrationNumber().run(asking, tracker, {})
    assert texts(asking) == [say("ask_other_child_number")]


async def test_twins_with_one_number_hear_the_other_needs_its_own(family: Path) -> None:
    first = {
        "event": "user",
        "timestamp": 1_000.0,
        "text": f"Is er al plek voor onze tweeling? {MILA_NUMBER}",
        "parse_data": {"entities": number_entities(MILA_NUMBER)},
    }
    mila = await verify_mila(family)
    tracker = make_tracker("inform", slots=mila | {"pending_question": "status"}, events=[first])
    tracker.latest_action_name = "identity_form"
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    said = texts(dispatcher)
    assert said[0].startswith("Mila staat op de wachtlijst")
    assert said[-1] == say("twins_one_number", child="Mila", number=MILA_NUMBER)


async def test_two_numbers_in_one_message_check_the_first_and_offer_the_second(
    family: Path,
) -> None:
    text = f"onze tweeling: {MILA_NUMBER} en {DAAN_NUMBER}"
    tracker = make_tracker(
        "ask_placement_status", text=text, entities=number_entities(MILA_NUMBER, DAAN_NUMBER)
    )
    # Rasa fills the slot with the last number; the check takes the first
    checked = await ValidateIdentityForm().validate_registration_number(
        DAAN_NUMBER, CollectingDispatcher(), tracker, {}
    )
    assert checked == {"registration_number": MILA_NUMBER}

    first = {
        "event": "user",
        "timestamp": 1_000.0,
        "text": text,
        "parse_data": {"entities": number_entities(MILA_NUMBER, DAAN_NUMBER)},
    }
    mila = await verify_mila(family)
    tracker = make_tracker("inform", slots=mila | {"pending_question": "status"}, events=[first])
    tracker.latest_action_name = "identity_form"
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, tracker, {})
    assert texts(dispatcher)[-1] == say("other_number_named", number=DAAN_NUMBER)
    payloads = [button["payload"] for button in dispatcher.messages[-1]["buttons"]]
    assert f'/ask_placement_status{{"registration_number":"{DAAN_NUMBER}"}}' in payloads


async def test_a_stale_second_number_does_not_hold_up_a_question_about_the_first(
    family: Path,
) -> None:
    """A check for another child left halfway ("laat maar"): the next question is about
    the child answered about, with no birth date asked."""
    left = await verify_mila(family) | {"registration_number": DAAN_NUMBER}
    tracker = make_tracker("change_registration", text="ik wil iets wijzigen", slots=left)
    events = await ActionRememberQuestion().run(CollectingDispatcher(), tracker, {})
    assert slot_values(events)["registration_number"] == MILA_NUMBER
