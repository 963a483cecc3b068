"""The identity check and the registration answers against a real (SQLite) database:
exact messages and slot values."""

from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import (
    ActionAskChildBirthDate,
    ValidateIdentityForm,
)
from actions.registration import ActionAnswerRegistration
from bot.conversation import formats
from bot.conversation.texts import say
from bot.settings import get_settings
from bot.shared import clock
from tests.support.chat import latest_code_in_outbox
from tests.support.dates import dutch, iso
from tests.support.trackers import make_tracker
from tests.support.waitlists import MILA


async def validate_date(form, text: str, slots: dict, **tracker_args) -> tuple[list, dict]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", slots=slots, text=text, **tracker_args)
    result = await form.validate_child_birth_date(text, dispatcher, tracker, {})
    return [m["text"] for m in dispatcher.messages], result


async def test_right_details_send_a_code_and_the_code_verifies(waitlist: Path) -> None:
    form = ValidateIdentityForm()
    messages, slots = await validate_date(form, dutch(MILA), {"registration_number": "INS-000001"})
    assert messages == [say("code_sent", address="s***@e***.nl")]
    assert slots == {"registration_number": "INS-000001", "child_birth_date": iso(MILA)}

    code = latest_code_in_outbox(waitlist, "sanne@example.nl")
    [mail] = [message_from_bytes(p.read_bytes()) for p in waitlist.glob("*.eml")]
    assert code not in mail["Subject"]  # lock screens show the subject
    body = mail.get_payload(decode=True).decode()
    assert body.startswith("Beste ouder,") and "15 minuten geldig" in body
    assert body.rstrip().endswith("Met vriendelijke groet,\nKinderopvang De Regenboog")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", slots=slots, text=code)
    verified = await form.validate_verification_code(code, dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == say("verified")
    assert verified["identity_verified"] is True
    assert verified["verified_registration"] == "INS-000001"

    dispatcher = CollectingDispatcher()
    answer_tracker = make_tracker(
        "inform", slots=verified | {"pending_question": "status"}, text=code
    )
    events = await ActionAnswerRegistration().run(dispatcher, answer_tracker, {})
    assert events == [
        {"event": "slot", "timestamp": None, "name": "pending_question", "value": None},
        {"event": "followup", "timestamp": None, "name": "action_listen"},
    ]
    assert dispatcher.messages[0]["text"].startswith("Mila staat op de wachtlijst")


async def test_wrong_date_and_unknown_number_get_the_same_answer(waitlist: Path) -> None:
    form = ValidateIdentityForm()
    wrong_date = await validate_date(
        form, dutch(MILA + timedelta(days=1)), {"registration_number": "INS-000001"}
    )
    unknown = await validate_date(
        form, dutch(MILA + timedelta(days=1)), {"registration_number": "INS-123456"}
    )
    assert wrong_date[0] == unknown[0] == [say("details_mismatch")]
    assert wrong_date[1]["identity_failures"] == unknown[1]["identity_failures"] == 1.0
    assert not list(waitlist.glob("*.eml"))


async def test_the_third_failure_stops_the_check(waitlist: Path) -> None:
    messages, slots = await validate_date(
        ValidateIdentityForm(),
        dutch(MILA + timedelta(days=1)),
        {"registration_number": "INS-000001", "identity_failures": 2.0},
    )
    assert messages == []
    assert slots["identity_blocked"] is True
    assert slots["handoff_reason"] == "identity_failed"


async def test_whatsapp_number_on_file_replaces_the_code(waitlist: Path) -> None:
    events = [
        {
            "event": "user",
            "timestamp": 1.0,
            "text": dutch(MILA),
            "input_channel": "whatsapp",
            "metadata": {"phone": "+31612345678"},
            "parse_data": {"intent": {"name": "inform"}},
        }
    ]
    messages, slots = await validate_date(
        ValidateIdentityForm(),
        dutch(MILA),
        {"registration_number": "INS-000001"},
        events=events,
    )
    assert messages == [say("verified")]
    assert slots["identity_verified"] is True
    assert not list(waitlist.glob("*.eml"))


async def test_a_different_whatsapp_number_still_needs_the_code(waitlist: Path) -> None:
    events = [
        {
            "event": "user",
            "timestamp": 1.0,
            "text": dutch(MILA),
            "input_channel": "whatsapp",
            "metadata": {"phone": "+31699999999"},
            "parse_data": {"intent": {"name": "inform"}},
        }
    ]
    messages, _ = await validate_date(
        ValidateIdentityForm(), dutch(MILA), {"registration_number": "INS-000001"}, events=events
    )
    assert messages == [say("code_sent", address="s***@e***.nl")]


VERIFIED = {
    "identity_verified": True,
    "verified_registration": "INS-000001",
    "registration_number": "INS-000001",
}


async def answer(question: str) -> list[str]:
    slots = VERIFIED | {
        "verified_at": clock.now().timestamp(),
        "pending_question": question,
    }
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(dispatcher, make_tracker("inform", slots=slots), {})
    return [m["text"] for m in dispatcher.messages]


async def test_position_is_hidden_by_default(waitlist: Path) -> None:
    status, hidden = await answer("position")
    assert "staat op de wachtlijst" in status  # how it stands, and why there is no rank
    assert hidden == say("position_hidden")


async def test_position_is_shown_when_the_policy_allows_it(
    waitlist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOW_POSITION", "true")
    get_settings.cache_clear()
    assert await answer("position") == ["Voor Het Zonnetje op maandag staat Mila op plaats 1."]


async def test_response_time_gives_the_estimate_with_reasons(waitlist: Path) -> None:
    messages = await answer("response_time")
    assert messages[0].startswith("Ik verwacht dat u een aanbod krijgt tussen")
    assert any("Waar dat van afhangt" in m for m in messages)


async def test_an_identity_gone_stale_is_checked_again_before_answering(waitlist: Path) -> None:
    now = clock.now().timestamp()
    slots = VERIFIED | {"verified_at": now - 31 * 60}
    message = {
        "event": "user",
        "timestamp": now,
        "parse_data": {"intent": {"name": "ask_response_time"}},
    }
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("ask_response_time", slots=slots, events=[message]), {}
    )
    assert dispatcher.messages == []
    assert [(e["event"], e.get("name"), e.get("value")) for e in events] == [
        ("slot", "child_birth_date", None),
        ("slot", "birth_day_month", None),
        ("slot", "verification_code", None),
        ("slot", "identity_verified", None),
        ("slot", "verified_at", None),
        ("slot", "verified_children", None),
        ("slot", "pending_question", "response_time"),
        ("followup", "identity_form", None),
    ]


async def test_a_verified_parent_asking_again_gets_the_new_answer(waitlist: Path) -> None:
    slots = VERIFIED | {"verified_at": clock.now().timestamp()}
    dispatcher = CollectingDispatcher()
    await ActionAnswerRegistration().run(
        dispatcher, make_tracker("ask_response_time", slots=slots), {}
    )
    assert dispatcher.messages[0]["text"].startswith("Ik verwacht dat u een aanbod krijgt")


async def test_without_a_verified_identity_nothing_is_shown(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerRegistration().run(
        dispatcher, make_tracker("ask_placement_status", slots={"pending_question": "status"}), {}
    )
    assert dispatcher.messages[0]["text"] == say("identity_failed")
    assert events[0]["name"] == "handoff_reason"


async def test_a_birth_date_without_a_year_asks_for_the_year_and_counts_no_failure(
    waitlist: Path,
) -> None:
    form = ValidateIdentityForm()
    slots = {"registration_number": "INS-000001"}
    # the language pipeline fills in a year for "1 mei"; the text has none
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", slots=slots, text=formats.full_date(MILA).rsplit(" ", 1)[0])
    result = await form.validate_child_birth_date(iso(MILA), dispatcher, tracker, {})
    messages = [m["text"] for m in dispatcher.messages]
    assert messages == [say("ask_birth_year")]
    assert result == {"child_birth_date": None, "birth_day_month": f"{MILA:%m-%d}"}

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "inform",
        slots={**slots, "birth_day_month": f"{MILA:%m-%d}"},
        text=str(MILA.year),
        entities=[],
    )
    result = await form.validate_child_birth_date(str(MILA.year), dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [say("code_sent", address="s***@e***.nl")]
    assert result["child_birth_date"] == iso(MILA)
    assert result["birth_day_month"] is None
    assert "identity_failures" not in result


async def test_a_number_typed_where_the_birth_date_was_asked_is_taken_as_the_number(
    waitlist: Path,
) -> None:
    form = ValidateIdentityForm()
    slots = {"registration_number": "INS-000001", "child_birth_date": "INS-000002"}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "inform",
        slots={**slots, "requested_slot": "child_birth_date"},
        text="INS-000002",
        events=[
            {"event": "slot", "name": "requested_slot", "value": "child_birth_date"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "INS-000002", "parse_data": {"intent": {"name": "inform"}}},
            {"event": "slot", "name": "registration_number", "value": "INS-000002"},
            {"event": "slot", "name": "child_birth_date", "value": "INS-000002"},
        ],
    )
    events = await form.run(dispatcher, tracker, {"forms": {"identity_form": {}}})
    assert dispatcher.messages == []
    slots_set = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots_set["registration_number"] == "INS-000002"
    assert slots_set["child_birth_date"] is None


async def test_code_mails_past_the_registration_limit_offer_a_person_in_any_conversation(
    waitlist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODE_MAILS_PER_REGISTRATION", "2")
    get_settings.cache_clear()
    form = ValidateIdentityForm()
    slots = {"registration_number": "INS-000001"}
    for sender in ("parent-a", "parent-b"):
        messages, _ = await validate_date(form, dutch(MILA), slots, sender_id=sender)
        assert messages == [say("code_sent", address="s***@e***.nl")]
    messages, result = await validate_date(form, dutch(MILA), slots, sender_id="parent-c")
    assert messages == [say("code_resend_limit")]
    assert result["identity_blocked"] is True
    assert result["handoff_reason"] == "identity_failed"
    assert len(list(waitlist.glob("*.eml"))) == 2


async def test_wrong_codes_lock_the_registrations_codes_across_conversations(
    waitlist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODE_TRIES_PER_REGISTRATION", "2")
    get_settings.cache_clear()
    form = ValidateIdentityForm()
    slots = {"registration_number": "INS-000001", "child_birth_date": iso(MILA)}
    await validate_date(form, dutch(MILA), {"registration_number": "INS-000001"})
    code = latest_code_in_outbox(waitlist, "sanne@example.nl")
    wrong = "000000" if code != "000000" else "111111"
    for sender in ("guesser-a", "guesser-b"):
        tracker = make_tracker("inform", slots=slots, text=wrong, sender_id=sender)
        await form.validate_verification_code(wrong, CollectingDispatcher(), tracker, {})
    # the parent's own, right code is not even checked now: a person helps
    tracker = make_tracker("inform", slots=slots, text=code)
    result = await form.validate_verification_code(code, CollectingDispatcher(), tracker, {})
    assert result["identity_blocked"] is True
    assert "identity_verified" not in result


# The limits per client before per registration (bot/conversation/identity_limits.py)
WRONG = dutch(MILA + timedelta(days=1))
STRANGER = "ip:203.0.113.7"


def chat_events(text: str, channel: str, metadata: dict) -> list[dict]:
    return [
        {
            "event": "user",
            "timestamp": 1.0,
            "text": text,
            "input_channel": channel,
            "metadata": metadata,
            "parse_data": {"intent": {"name": "inform"}},
        }
    ]


async def try_date(
    text: str,
    sender: str,
    *,
    client: str | None = None,
    channel: str = "website",
    number: str = "INS-000001",
    **meta,
) -> tuple[list, dict]:
    """One birth date for `number` in a fresh turn of conversation `sender`."""
    metadata = {"client": client, **meta} if client else meta
    return await validate_date(
        ValidateIdentityForm(),
        text,
        {"registration_number": number},
        sender_id=sender,
        events=chat_events(text, channel, metadata),
    )


async def fail_from(client: str, conversations: int, per_conversation: int = 3) -> None:
    """Wrong dates from `client`, in `conversations` new conversations (a page reload is one)."""
    for conversation in range(conversations):
        for _ in range(per_conversation):
            await try_date(WRONG, f"website:{client}-{conversation}", client=client)


def mails_to(outbox: Path, address: str) -> list:
    mails = [message_from_bytes(p.read_bytes()) for p in outbox.glob("*.eml")]
    return [m for m in mails if m["To"] == address]


async def test_ten_wrong_dates_from_one_client_lock_that_client_not_the_family(
    waitlist: Path,
) -> None:
    await fail_from(STRANGER, conversations=3)
    await try_date(WRONG, "website:stranger-3", client=STRANGER)  # the tenth, a fourth chat
    # a fifth conversation from the same connection: nothing is compared any more
    messages, slots = await try_date(dutch(MILA), "website:stranger-4", client=STRANGER)
    assert messages == [say("identity_client_locked")]
    assert slots["identity_blocked"] is True
    assert slots["handoff_reason"] == "identity_failed"  # the person is offered next
    assert not mails_to(waitlist, "sanne@example.nl")

    # the real parent, from their own connection, with the right date, gets a code
    messages, slots = await try_date(dutch(MILA), "website:parent", client="ip:198.51.100.20")
    assert messages == [say("code_sent", address="s***@e***.nl")]
    assert slots == {"registration_number": "INS-000001", "child_birth_date": iso(MILA)}


async def test_the_staff_mailbox_hears_once_when_a_registration_passes_the_count(
    waitlist: Path,
) -> None:
    for n in range(12):  # one wrong date from each of twelve connections
        await try_date(WRONG, f"website:s{n}", client=f"ip:203.0.113.{n}")
    [alert] = mails_to(waitlist, get_settings().staff_mailbox)
    assert "INS-000001" in alert["Subject"]


async def test_a_guarded_registration_refuses_a_client_that_failed_and_offers_a_person(
    waitlist: Path,
) -> None:
    await try_date(WRONG, "website:parent", client="ip:198.51.100.20")  # the parent's typo
    for n in range(9):
        await try_date(WRONG, f"website:s{n}", client=f"ip:203.0.113.{n}")
    # ten failures from many clients: only a client without failures is still compared
    messages, slots = await try_date(dutch(MILA), "website:parent-2", client="ip:198.51.100.20")
    assert messages == [say("identity_registration_locked")]
    assert say("identity_registration_locked") != say("identity_client_locked")
    assert slots["identity_blocked"] is True
    events = await ActionAnswerRegistration().run(
        dispatcher := CollectingDispatcher(), make_tracker("inform", slots=slots), {}
    )
    assert dispatcher.messages[0]["text"] == say("identity_failed")
    assert dispatcher.messages[0]["buttons"]  # a person
    assert {"event": "slot", "timestamp": None, "name": "handoff_reason"} | {
        "value": "identity_failed"
    } in events
    # a clean client gets one comparison: a wrong date, and it is refused like the rest
    assert (await try_date(WRONG, "website:x", client="ip:192.0.2.1"))[0] == [
        say("details_mismatch")
    ]
    assert (await try_date(dutch(MILA), "website:x2", client="ip:192.0.2.1"))[0] == [
        say("identity_registration_locked")
    ]


async def test_the_whatsapp_number_on_file_still_verifies_a_guarded_registration(
    waitlist: Path,
) -> None:
    parent = {"client": None, "channel": "whatsapp", "phone": "+31612345678"}
    await try_date(WRONG, "whatsapp:31612345678", **parent)  # the parent's own typo
    for n in range(9):
        await try_date(WRONG, f"website:s{n}", client=f"ip:203.0.113.{n}")
    messages, slots = await try_date(dutch(MILA), "whatsapp:31612345678", **parent)
    assert messages == [say("verified")]
    assert slots["identity_verified"] is True


async def test_a_client_key_in_the_metadata_of_another_channel_is_ignored(
    waitlist: Path,
) -> None:
    """Only the website channel sets `client`; REST counts its conversation whatever its
    metadata says (it drops client metadata anyway), so it neither escapes nor borrows a
    lock."""
    await fail_from(STRANGER, conversations=4, per_conversation=3)  # the client is locked
    messages, _ = await try_date(dutch(MILA), "ouder-1", client=STRANGER, channel="rest")
    assert messages == [say("code_sent", address="s***@e***.nl")]
    # a REST conversation naming a fresh client for every guess is still one client
    for n in range(10):
        guess = {"client": f"ip:192.0.2.{n}", "channel": "rest", "number": f"INS-90000{n}"}
        await try_date(WRONG, "rest-guesser", **guess)
    guess = {"client": "ip:192.0.2.99", "channel": "rest", "number": "INS-900099"}
    messages, _ = await try_date(WRONG, "rest-guesser", **guess)
    assert messages == [say("identity_client_locked")]


def said(text: str) -> dict:
    parse = {"intent": {"name": "inform"}, "entities": [], "text": text}
    return {"event": "user", "timestamp": 1_000.0, "text": text, "parse_data": parse}


async def test_a_birth_month_given_earlier_is_named_and_a_day_completes_it(waitlist: Path) -> None:
    month = formats.month_year(MILA)  # "maart 2025": said in the first message
    first = said(f"Mila is in {month} geboren, hoe staat het ervoor?")
    dispatcher = CollectingDispatcher()
    asking = make_tracker("inform", events=[first, said("INS-000001")], text="INS-000001")
    await ActionAskChildBirthDate().run(dispatcher, asking, {})
    assert [m["text"] for m in dispatcher.messages] == [say("ask_child_birth_day", month=month)]

    for answer in (str(MILA.day), formats.full_date(MILA).rsplit(" ", 1)[0]):  # "14", "14 maart"
        dispatcher = CollectingDispatcher()
        slots = {"registration_number": "INS-000001"}
        tracker = make_tracker("inform", slots=slots, events=[first, said(answer)], text=answer)
        result = await ValidateIdentityForm().validate_child_birth_date(
            iso(MILA) if " " in answer else answer, dispatcher, tracker, {}
        )
        assert [m["text"] for m in dispatcher.messages] == [
            say("code_sent", address="s***@e***.nl")
        ], answer
        assert result["child_birth_date"] == iso(MILA)
