"""Answering a placement offer in the chat, in the parent's own words, against a real
(SQLite) waitlist with an open offer made relative to today: the read-back shows the offer,
"ja" files the decision with the parent's words and the offer's id, "nee" or "laat maar"
files nothing, a decline keeps the child on the list unless the parent withdraws, and a
question, more time or a later start goes to a person with the offer in the context."""

from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.faq import ActionAnswerFaq
from actions.identity import (
    ValidateIdentityForm,
)
from actions.offer import ActionAnswerOffer
from actions.registration import ActionAnswerRegistration, ActionRememberQuestion
from bot.conversation import formats
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.handoff import queue
from bot.parent_requests.models import RegistrationRequest
from tests.support.dates import days_from_today, iso, month_day
from tests.support.offers import add_offer
from tests.support.trackers import make_tracker, slot_values, verified
from tests.support.waitlists import MILA, clear_caches, open_waitlist

# Mila has an open offer; Sem waits without one; Lot's offer passed its deadline yesterday,
# before head office marked it expired
SEM, LOT = month_day(-9, 12), month_day(-11, 3)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    f"INS-000001,Mila,{iso(MILA)},Sanne,sanne@example.nl,+31612345678,kdv,UTR-ZON|UTR-BOO,"
    f"ma|di,{iso(month_day(2))},{iso(month_day(-21))},none,waiting\n"
    f"INS-000002,Sem,{iso(SEM)},Joost,joost@example.nl,+31612345679,kdv,UTR-ZON,"
    f"wo,{iso(month_day(3))},{iso(month_day(-10))},none,waiting\n"
    f"INS-000003,Lot,{iso(LOT)},Eva,eva@example.nl,+31612345670,kdv,UTR-BOO,"
    f"do,{iso(month_day(2))},{iso(month_day(-12))},none,waiting\n"
)
START, RESPOND_BY = month_day(2), days_from_today(9)
OFFER_SLOTS = {"verified_children": {"INS-000001": "Mila"}}


@pytest.fixture
def offered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    """The outbox, and the id of Mila's open offer: Het Zonnetje, Monday and Tuesday."""
    outbox = open_waitlist(tmp_path, monkeypatch, REGISTRATIONS)
    with session_scope() as session:
        offer_id = add_offer(
            session,
            number="INS-000001",
            location_code="UTR-ZON",
            weekdays="ma|di",
            start=START,
            respond_by=RESPOND_BY,
        )
        add_offer(
            session,
            number="INS-000003",
            location_code="UTR-BOO",
            weekdays="do",
            start=month_day(1),
            respond_by=days_from_today(-1),
        )
    yield outbox, offer_id
    clear_caches()


def mila(**slots: Any) -> dict[str, Any]:
    return verified(**OFFER_SLOTS, **slots)


async def run(
    action: Action, intent: str, text: str, slots: dict[str, Any], **tracker: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bot's messages and the action's events."""
    dispatcher = CollectingDispatcher()
    made = make_tracker(intent, slots=slots, text=text, **tracker)
    events = await action.run(dispatcher, made, {})
    return dispatcher.messages, events


def stored() -> list[tuple[str, str, int | None]]:
    with session_scope() as session:
        requests = session.scalars(select(RegistrationRequest).order_by(RegistrationRequest.id))
        return [(r.kind, r.details, r.offer_id) for r in requests]


def mails(outbox: Path) -> list[str]:
    paths = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(p.read_bytes()).get_payload(decode=True).decode() for p in paths]


def followup(events: list[dict[str, Any]]) -> str | None:
    return next((e["name"] for e in events if e["event"] == "followup"), None)


def handoff() -> tuple[str, dict[str, Any]] | None:
    with session_scope() as session:
        found = queue.open_handoff_for(session=session, sender_id="parent-1")
        return (found.reason, found.context) if found else None


def offer_shown(text: str, form: str = "u") -> None:
    """The read-back names the offer: location, days, start, deadline with its weekday."""
    weekdays = "maandag en dinsdag" if form != "en" else "Mondays and Tuesdays"
    assert "Het Zonnetje" in text and weekdays in text
    assert formats.full_date(START, form) in text
    assert formats.deadline_date(RESPOND_BY, form=form) in text


async def read_back(text: str, intent: str = "ask_offer") -> tuple[str, dict[str, Any]]:
    """A verified parent answers the offer in words: the read-back and its slots."""
    messages, events = await run(ActionAnswerRegistration(), intent, text, mila())
    [message] = messages
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
    return message["text"], slot_values(events)


@pytest.mark.parametrize(
    "text", ["we nemen hem!", "ja graag, we willen de plek", "we nemen de plek aan 🎉"]
)
async def test_an_accept_is_read_back_and_filed_with_the_words_and_the_offer_on_yes(
    offered: tuple[Path, int], text: str
) -> None:
    outbox, offer_id = offered
    said, slots = await read_back(text)
    offer_shown(said)
    assert f'"{text}"' in said and say("confirm_accept_offer", child="Mila") in said
    assert slots["awaiting_confirmation"] == "accept_offer"
    assert stored() == []

    messages, events = await run(ActionAnswerOffer(), "affirm", "ja", mila(**slots))
    assert [m["text"] for m in messages] == [say("accept_offer_stored", child="Mila")]
    assert stored() == [("accept_offer", text, offer_id)]
    assert slot_values(events)["awaiting_confirmation"] is None
    [mail] = mails(outbox)
    assert text in mail


@pytest.mark.parametrize("text", ["nee", "laat maar", "Nee, toch niet"])
async def test_no_or_never_mind_to_the_read_back_files_nothing(
    offered: tuple[Path, int], text: str
) -> None:
    _, slots = await read_back("we nemen hem!")
    messages, events = await run(ActionAnswerOffer(), "deny", text, mila(**slots))
    respond_by = formats.deadline_date(RESPOND_BY)
    assert messages[0]["text"] == say("offer_not_passed_on", respond_by=respond_by)
    assert stored() == []
    assert slot_values(events)["awaiting_confirmation"] is None


async def test_a_decline_keeps_the_child_on_the_list_and_never_withdraws_on_its_own(
    offered: tuple[Path, int],
) -> None:
    _, offer_id = offered
    text = "nee, die dagen kunnen we niet"
    said, slots = await read_back(text)
    offer_shown(said)
    assert say("confirm_decline_offer", child="Mila") in said

    messages, events = await run(ActionAnswerOffer(), "affirm", "ja", mila(**slots))
    assert [m["text"] for m in messages] == [
        say("decline_offer_stored", child="Mila"),
        say("offer_after_decline"),
    ]
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert payloads == ["/affirm", "/change_registration", "/cancel_registration", "/request_human"]
    after = slot_values(events)
    assert after["awaiting_confirmation"] == "after_decline"

    for reply, intent in [("nee", "deny"), ("prima zo", "affirm"), ("/affirm", "affirm")]:
        messages, events = await run(ActionAnswerOffer(), intent, reply, mila(**after))
        assert messages[0]["text"] == say("offer_keep_waiting", child="Mila")
        assert followup(events) == "action_listen"
    assert stored() == [("decline_offer", text, offer_id)]


async def test_after_a_decline_other_days_go_the_change_way_with_the_parents_words(
    offered: tuple[Path, int],
) -> None:
    text = "we blijven graag wachten, maar dan liever op woensdag"
    slots = mila(awaiting_confirmation="after_decline")
    entities = [{"entity": "weekday", "value": "wo"}]
    _, events = await run(
        ActionAnswerOffer(), "change_registration", text, slots, entities=entities
    )
    assert followup(events) == "identity_form"
    values = slot_values(events)
    assert values["pending_question"] == "change" and values["change_details"] == text

    _, events = await run(ActionAnswerOffer(), "change_registration", "/change_registration", slots)
    assert slot_values(events)["pending_question"] == "change"
    assert slot_values(events)["change_details"] is None  # the form asks what should change
    assert stored() == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("/cancel_registration", "cancel_registration"),
        ("trek de inschrijving dan maar in", "cancel_registration"),
        ("please withdraw our registration", "change_registration"),
    ],
)
async def test_withdrawing_after_a_decline_is_read_back_as_a_cancellation_first(
    offered: tuple[Path, int], text: str, intent: str
) -> None:
    slots = mila(awaiting_confirmation="after_decline")
    _, events = await run(ActionAnswerOffer(), intent, text, slots)
    values = slot_values(events)
    assert followup(events) == "identity_form" and values["pending_question"] == "cancel"
    words = values["change_details"]
    assert words == (text if not text.startswith("/") else "Inschrijving stoppen")

    # the identity form completes at once for a verified parent; then the read-back
    messages, events = await run(
        ActionAnswerRegistration(),
        "inform",
        "x",
        mila(pending_question="cancel", change_details=words),
    )
    assert messages[0]["text"] == say(
        "confirm_cancel", number="INS-000001", details=words, child="Mila"
    )
    assert slot_values(events)["awaiting_confirmation"] == "cancel"
    assert stored() == []


async def test_yes_after_the_offer_is_shown_starts_an_accept_not_the_menu(
    offered: tuple[Path, int],
) -> None:
    _, offer_id = offered
    messages, events = await run(ActionAnswerRegistration(), "ask_placement_status", "", mila())
    assert messages[0]["text"].startswith("Goed nieuws: er is een plek voor Mila!")
    assert [b["payload"] for b in messages[0]["buttons"]][:2] == ["/affirm", "/deny"]
    slots = slot_values(events)
    assert slots["awaiting_confirmation"] == "offer_shown"

    # the model reads "ja" as affirm, or as thanks: either way it answers the question
    messages, events = await run(ActionAnswerFaq(), "thank", "ja", mila(**slots))
    assert messages == [] and followup(events) == "action_answer_offer"
    messages, events = await run(ActionAnswerOffer(), "affirm", "ja", mila(**slots))
    offer_shown(messages[0]["text"])
    assert say("confirm_accept_offer", child="Mila") in messages[0]["text"]
    assert say("offer_you_wrote", words="ja") not in messages[0]["text"]

    await run(ActionAnswerOffer(), "affirm", "Ja", mila(**slot_values(events)))
    assert stored() == [("accept_offer", "ja", offer_id)]


async def test_no_after_the_offer_is_shown_is_a_decline_to_confirm(
    offered: tuple[Path, int],
) -> None:
    slots = mila(awaiting_confirmation="offer_shown")
    messages, events = await run(ActionAnswerOffer(), "deny", "/deny", slots)
    assert say("confirm_decline_offer", child="Mila") in messages[0]["text"]
    assert slot_values(events)["offer_words"] == "aanbod niet aangenomen (knop Nee)"
    assert stored() == []


@pytest.mark.parametrize(
    ("text", "intent", "reason", "key"),
    [
        ("wat kost het?", "ask_costs", "offer_question", "offer_question_to_person"),
        ("welke groep is het?", "ask_offer", "offer_question", "offer_question_to_person"),
        (
            "mogen we een paar dagen langer nadenken?",
            "ask_offer",
            "offer_more_time",
            "offer_more_time_to_person",
        ),
        (
            "kan de startdatum later?",
            "change_registration",
            "offer_later_start",
            "offer_later_start_to_person",
        ),
    ],
)
async def test_a_question_in_the_middle_goes_to_a_person_with_the_offer(
    offered: tuple[Path, int], text: str, intent: str, reason: str, key: str
) -> None:
    _, offer_id = offered
    _, slots = await read_back("we nemen hem!")
    answering = ActionAnswerFaq() if intent == "ask_costs" else ActionAnswerRegistration()
    _, events = await run(answering, intent, text, mila(**slots))
    assert followup(events) == "action_answer_offer"

    messages, events = await run(ActionAnswerOffer(), intent, text, mila(**slots))
    respond_by = formats.deadline_date(RESPOND_BY)
    assert messages[0]["text"] == say(key, child="Mila", respond_by=respond_by)
    assert any(event["event"] == "pause" for event in events)
    found = handoff()
    assert found is not None and found[0] == reason
    summary = found[1]["slots"]["open_offer"]
    assert f"aanbod {offer_id}: Het Zonnetje, ma|di" in summary
    assert RESPOND_BY.isoformat() in summary
    assert stored() == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mogen we een paar dagen langer nadenken over de plek?", "offer_more_time"),
        ("could we have more time to decide?", "offer_more_time"),
        ("kan de startdatum later?", "offer_later_start"),
    ],
)
async def test_more_time_or_a_later_start_goes_to_a_person_and_changes_nothing(
    offered: tuple[Path, int], text: str, reason: str
) -> None:
    messages, events = await run(ActionAnswerRegistration(), "ask_offer", text, mila())
    assert any(event["event"] == "pause" for event in events)
    assert (
        formats.deadline_date(RESPOND_BY, form="en" if "could" in text else "u")
        in (messages[0]["text"])
    )
    assert handoff()[0] == reason
    assert stored() == []


async def test_a_later_start_asked_before_the_check_is_answered_as_about_the_offer(
    offered: tuple[Path, int],
) -> None:
    text = "kan de startdatum later?"
    _, remembered = await run(ActionRememberQuestion(), "change_registration", text, {})
    values = slot_values(remembered)
    assert values["offer_words"] == text and values["pending_question"] == "change"
    # the change's new value is not asked before it is known whether an offer is open
    slots = mila(**values)
    required = await ValidateIdentityForm().required_slots(
        [], CollectingDispatcher(), make_tracker("inform", slots=slots), {}
    )
    assert "change_details" not in required

    events = [
        {"event": "user", "text": "123456", "parse_data": {}},
        {"event": "action", "name": "identity_form"},
    ]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform", slots=slots, text="123456", events=events)
    tracker.latest_action_name = "identity_form"
    answered = await ActionAnswerRegistration().run(dispatcher, tracker, {})
    assert any(event["event"] == "pause" for event in answered)
    assert handoff()[0] == "offer_later_start"
    assert stored() == []


async def test_a_later_start_without_an_offer_is_the_usual_change(
    offered: tuple[Path, int],
) -> None:
    text = "kan de startdatum later?"
    slots = verified("INS-000002", offer_words=text, pending_question="change")
    tracker = make_tracker("inform", slots=slots, text="123456")
    tracker.latest_action_name = "identity_form"
    events = await ActionAnswerRegistration().run(CollectingDispatcher(), tracker, {})
    assert followup(events) == "identity_form"
    assert slot_values(events)["offer_words"] is None  # now the form asks the new date
    assert stored() == []


# Sem waits without an offer; Lot's offer passed its deadline yesterday
@pytest.mark.parametrize(("number", "child"), [("INS-000002", "Sem"), ("INS-000003", "Lot")])
async def test_no_open_offer_says_so_and_how_it_stands_and_files_nothing(
    offered: tuple[Path, int], number: str, child: str
) -> None:
    text = "we nemen de plek aan"
    messages, events = await run(ActionAnswerRegistration(), "ask_offer", text, verified(number))
    assert messages[0]["text"] == say("offer_none", child=child)
    assert messages[1]["text"].startswith(f"{child} staat op de wachtlijst")
    assert slot_values(events).get("awaiting_confirmation") is None
    assert stored() == []


async def test_an_english_parent_declines_in_english(offered: tuple[Path, int]) -> None:
    _, offer_id = offered
    text = "we'd like to decline"
    slots = mila(language="en")
    messages, events = await run(ActionAnswerRegistration(), "ask_offer", text, slots)
    said = messages[0]["text"]
    offer_shown(said, "en")
    assert say("confirm_decline_offer", "en", child="Mila") in said

    after = mila(language="en", **slot_values(events))
    messages, _ = await run(ActionAnswerOffer(), "affirm", "yes", after)
    assert messages[0]["text"] == say("decline_offer_stored", "en", child="Mila")
    assert stored() == [("decline_offer", text, offer_id)]


@pytest.mark.parametrize("slots", [{}, verified("INS-000002")])
async def test_a_day_added_read_as_about_an_offer_is_a_change(
    offered: tuple[Path, int], slots: dict[str, Any]
) -> None:
    text = "kunnen we de vrijdag erbij nemen?"
    entities = [{"entity": "weekday", "value": "vr"}]
    action = ActionAnswerRegistration() if slots else ActionRememberQuestion()
    _, events = await run(action, "ask_offer", text, slots, entities=entities)
    values = slot_values(events)
    assert values["pending_question"] == "change" and values["change_details"] == text
    assert followup(events) == "identity_form"


@pytest.mark.parametrize("form", ["u", "en"])
async def test_the_offer_says_how_to_answer_it_and_its_buttons_answer_it(
    offered: tuple[Path, int], form: str
) -> None:
    """ "Hoe werkt een aanbod?" with an open offer: the general answer, then the offer with
    its question last, next to Ja/Nee (no "Wanneer hoor ik iets"): the chat takes the
    answer, read back first, and the phone is named too."""
    text = "hoe werkt een aanbod?" if form == "u" else "how does an offer work?"
    messages, events = await run(ActionAnswerRegistration(), "ask_offer", text, mila(language=form))
    assert messages[0]["text"] == say("offer_general", form)
    offer = messages[-1]
    offer_shown(offer["text"], form)
    assert ("kies 'Ja' of 'Nee'" if form == "u" else "choose 'Yes' or 'No'") in offer["text"]
    assert ("030 123 45 67" if form == "u" else "+31 30 123 45 67") in offer["text"]
    payloads = [b["payload"] for b in offer["buttons"]]
    assert payloads[:2] == ["/affirm", "/deny"] and "/ask_response_time" not in payloads
    assert slot_values(events)["awaiting_confirmation"] == "offer_shown"
