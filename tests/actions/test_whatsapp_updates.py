"""Asking for the updates on WhatsApp in the chat: recognised by the words whatever the
model made of them, after the identity check, to the number on file (website) or the
verified sender's (WhatsApp) after a yes; consent recorded as the command line records
it, and the next updates run uses WhatsApp."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.faq import ActionAnswerFaq
from actions.registration import ActionAnswerRegistration
from bot.commands.updates import choose
from bot.conversation.short_replies import OFFER_WHATSAPP
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.shared import clock
from bot.staff.models import AuditEntry
from bot.updates import job
from bot.updates.config import load
from bot.updates.delivery import Senders
from bot.updates.models import UpdatePreference
from bot.updates.preferences import stop_whatsapp
from tests.support.channels import WHATSAPP
from tests.support.trackers import slot_values, verified
from tests.support.waitlists import clear_caches

SENDER = "+31687654321"  # not on file: a parent who passed the check with the code


@pytest.fixture
def whatsapp_on(waitlist: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"):
        monkeypatch.setenv(name, WHATSAPP[name])
    clear_caches()
    return waitlist


def tracker(
    text: str, intent: str, slots: dict[str, Any], channel: str = "website", phone: str = ""
) -> Tracker:
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    user = {
        "event": "user",
        "timestamp": clock.now().timestamp(),
        "text": text,
        "parse_data": parse,
        "input_channel": channel,
        "metadata": {"phone": phone} if phone else {},
    }
    return Tracker(
        sender_id="parent-1",
        slots=slots,
        latest_message=parse,
        events=[user],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action: Action, *args: Any, **kw: Any) -> tuple[list[str], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(*args, **kw), {})
    return [m["text"] for m in dispatcher.messages], {"events": events} | slot_values(events)


def preference() -> UpdatePreference | None:
    with session_scope() as session:
        found = session.get(UpdatePreference, "INS-000001")
        if found is not None:
            session.expunge(found)
        return found


def planned_channel() -> tuple[str, str]:
    report = job.run(
        unit_of_work=session_scope,
        settings=get_settings(),
        config=load(),
        senders=Senders(email=lambda *_: None, whatsapp=lambda *_: None),
        now=clock.now(),
        dry_run=True,
    )
    [planned] = [p for p in report.planned if p.due.number == "INS-000001"]
    return planned.channel, planned.to


async def test_a_website_parent_says_yes_to_the_number_on_file(whatsapp_on: Path) -> None:
    asked, result = await run(
        ActionAnswerFaq(), "stuur me updates via WhatsApp", "ask_costs", verified()
    )
    question = say("updates_whatsapp_confirm", "u", child="Mila", digits="5678")
    assert asked == [question]
    assert result["awaiting_confirmation"] == OFFER_WHATSAPP
    assert preference() is None  # nothing before the yes

    waiting = verified(awaiting_confirmation=OFFER_WHATSAPP)
    done, _ = await run(ActionAnswerFaq(), "ja graag", "thank", waiting)

    assert done == [say("updates_whatsapp_on", "u", child="Mila")]
    chosen = preference()
    assert chosen is not None and chosen.whatsapp_opt_in_at is not None
    assert chosen.whatsapp_opt_out_at is None and chosen.whatsapp_phone is None  # the one on file
    with session_scope() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "updates_consent"))
        assert entry.detail == f"INS-000001 whatsapp: {question} ja"
        assert (entry.staff_email, entry.ip) == ("ouder (in de chat)", "website")
    assert planned_channel() == ("whatsapp", "+31612345678")

    # "of zeg het hier": telling the bot stops them on every channel
    stopped, _ = await run(ActionAnswerFaq(), "ik wil geen updates meer", "deny", verified())
    assert stopped == [say("updates_stopped_all", "u", child="Mila")]
    assert planned_channel()[0] == "none"


async def test_on_whatsapp_the_updates_go_to_the_verified_sender(whatsapp_on: Path) -> None:
    on_whatsapp = {"channel": "whatsapp", "phone": SENDER}
    english = verified(language="en")  # a parent who has been chatting in English
    asked, _ = await run(
        ActionAnswerFaq(), "I'd like updates on WhatsApp", "nlu_fallback", english, **on_whatsapp
    )
    assert asked == [say("updates_whatsapp_confirm_here", "en", child="Mila", digits="4321")]

    waiting = verified(awaiting_confirmation=OFFER_WHATSAPP, language="en")
    done, _ = await run(ActionAnswerFaq(), "yes please", "affirm", waiting, **on_whatsapp)
    assert done == [say("updates_whatsapp_on", "en", child="Mila")]

    chosen = preference()
    assert chosen is not None and chosen.whatsapp_phone == SENDER
    assert planned_channel() == ("whatsapp", SENDER)
    with session_scope() as session:  # STOP from that number is honoured too
        assert stop_whatsapp(session=session, phone=SENDER, now=clock.now()) == ["INS-000001"]
    assert planned_channel()[0] == "email"


async def test_first_the_identity_check_then_the_question(whatsapp_on: Path) -> None:
    asked, result = await run(
        ActionAnswerFaq(),
        "kunnen jullie me via whatsapp op de hoogte houden?",
        "ask_response_time",
        {},
    )
    assert asked == [say("updates_whatsapp_check_first", "u")]
    assert result["pending_question"] == OFFER_WHATSAPP
    assert result["events"][-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}

    after_check = verified(pending_question=OFFER_WHATSAPP)
    asked, result = await run(ActionAnswerRegistration(), "123456", "inform", after_check)
    assert asked == [say("updates_whatsapp_confirm", "u", child="Mila", digits="5678")]
    assert result["awaiting_confirmation"] == OFFER_WHATSAPP and result["pending_question"] is None


async def test_a_no_records_nothing(whatsapp_on: Path) -> None:
    waiting = verified(awaiting_confirmation=OFFER_WHATSAPP)
    said, result = await run(ActionAnswerFaq(), "nee", "deny", waiting)
    assert said == [say("updates_whatsapp_not_on", "u")]
    assert result["awaiting_confirmation"] is None and preference() is None


async def test_without_whatsapp_set_up_nothing_is_promised(waitlist: Path) -> None:
    said, _ = await run(ActionAnswerFaq(), "stuur me updates via WhatsApp", "ask_costs", verified())
    assert said == [say("updates_whatsapp_unavailable", "u")]
    assert preference() is None


def test_the_command_line_records_consent_the_same_way(
    waitlist: Path, capsys: pytest.CaptureFixture
) -> None:
    assert choose("INS-000001", "whatsapp", "consent") == 0
    chosen = preference()
    assert chosen is not None and isinstance(chosen.whatsapp_opt_in_at, datetime)
    with session_scope() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "updates_consent"))
        assert entry.detail.startswith("INS-000001 whatsapp: python -m bot updates consent")
