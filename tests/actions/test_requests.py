"""Changes and cancellations in the parent's own words, against a real (SQLite) waitlist:
no cancellation on a guess, a read-back that names what will happen, and taking a request
back in the chat. Each test reads what was stored."""

from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.faq import ActionAnswerFaq, ActionFallback
from actions.flow import ActionRouteInform
from actions.handoff import ActionHandoff
from actions.registration import ActionAnswerRegistration, ActionRememberQuestion
from actions.requests import ActionHandleConfirmation
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.parent_requests.intake import store_request
from bot.parent_requests.models import RegistrationRequest
from bot.shared import clock
from tests.support.trackers import make_tracker

NUMBER = "INS-000001"
LOCATION = [{"entity": "location", "value": "Het Zonnetje"}]
BOOMHUT = [{"entity": "location", "value": "De Boomhut"}]
WEEKDAY = [{"entity": "weekday", "value": "wo"}]
IDENTITY_FORM = {"name": "identity_form"}


def verified(**slots: Any) -> dict[str, Any]:
    return {
        "identity_verified": True,
        "verified_registration": NUMBER,
        "registration_number": NUMBER,
        "verified_at": clock.now().timestamp(),
        **slots,
    }


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(action: Action, intent: str, text: str, **tracker: Any) -> tuple[list[str], dict]:
    dispatcher = CollectingDispatcher()
    tracker.setdefault("slots", verified())
    events = await action.run(dispatcher, make_tracker(intent, text=text, **tracker), {})
    return [m["text"] for m in dispatcher.messages], {"events": events} | slot_values(events)


def stored() -> list[tuple[str, str, str]]:
    with session_scope() as session:
        requests = session.scalars(select(RegistrationRequest).order_by(RegistrationRequest.id))
        return [(r.kind, r.details, r.status) for r in requests]


def mails(outbox: Path) -> list[str]:
    paths = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(p.read_bytes()).get_payload(decode=True).decode() for p in paths]


def in_any_variant(key: str, **values: str) -> set[str]:
    return {say(key, variant, **values) for variant in ("u", "en")}


async def ask_read_back_and_confirm(text: str, intent: str, entities: list) -> list[str]:
    """The parent's message, the read-back after the identity check, and "ja"."""
    _, remembered = await run(ActionRememberQuestion(), intent, text, entities=entities)
    asked = {slot: remembered[slot] for slot in ("pending_question", "change_details")}
    [read_back], answered = await run(
        ActionAnswerRegistration(), "inform", "123456", slots=verified(**asked)
    )
    waiting = verified(**asked, awaiting_confirmation=answered["awaiting_confirmation"])
    [stored_reply], _ = await run(ActionHandleConfirmation(), "affirm", "ja", slots=waiting)
    return [read_back, stored_reply]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("kan Het Zonnetje eraf?", LOCATION),
        ("alleen nog De Boomhut graag", BOOMHUT),
        ("Het Zonnetje mag weg, De Boomhut houden we", LOCATION),
        ("de woensdag mag geschrapt worden", WEEKDAY),
        ("we willen het aanbod weigeren", []),
        ("ik wil de aangeboden plek afwijzen maar wel op de lijst blijven", []),
        ("misschien willen we de inschrijving stoppen", []),
        ("could you remove Het Zonnetje from our registration", LOCATION),
        ("we would like to decline the offer", []),
        ("please drop the Wednesday", WEEKDAY),
    ],
)
async def test_a_location_a_day_an_offer_or_doubt_is_a_change_never_a_cancellation(
    waitlist: Path, text: str, entities: list
) -> None:
    read_back, stored_reply = await ask_read_back_and_confirm(text, "cancel_registration", entities)

    assert read_back in in_any_variant("confirm_change", number=NUMBER, details=text)
    assert stored_reply in in_any_variant("request_stored")
    # a change may be refused: no promise that it happens, only that the parent hears
    assert any(words in stored_reply for words in ("of het lukt", "whether it's possible"))
    assert stored() == [("change", text, "open")]
    [mail] = mails(waitlist)
    assert text in mail and "te stoppen" not in mail and "to cancel" not in mail


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("We willen Mila uitschrijven, we hebben een gastouder gevonden", "cancel_registration"),
        ("hoe kan ik de inschrijving annuleren?", "cancel_registration"),
        ("geen opvang meer nodig, haal ons maar van de wachtlijst af", "cancel_registration"),
        ("I want to cancel the registration for Mila", "cancel_registration"),
        ("please withdraw our application, we are moving abroad", "change_registration"),
    ],
)
async def test_stopping_the_whole_registration_is_read_back_with_the_parents_words(
    waitlist: Path, text: str, intent: str
) -> None:
    read_back, stored_reply = await ask_read_back_and_confirm(text, intent, [])

    # the child by name, what is lost, and the way out (a change or a pause)
    assert read_back in in_any_variant("confirm_cancel", number=NUMBER, details=text, child="Mila")
    assert any(words in read_back for words in ("nieuwe inschrijfdatum", "new registration date"))
    # a cancellation will happen: the parent hears when, not whether it is possible
    assert stored_reply in in_any_variant("request_stored_cancel")
    assert stored() == [("cancel", text, "open")]
    [mail] = mails(waitlist)
    assert text in mail


async def test_a_removal_said_as_a_detail_is_a_change_to_the_registration(waitlist: Path) -> None:
    _, route = await run(
        ActionRouteInform(), "inform", "alleen nog De Boomhut graag", entities=BOOMHUT
    )
    assert route["pending_question"] == "change"
    assert route["change_details"] == "alleen nog De Boomhut graag"
    assert route["events"][-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}

    _, asked = await run(ActionRouteInform(), "inform", "bij De Boomhut", entities=BOOMHUT)
    assert asked["pending_question"] == "status"  # a question about the registration, no change


WORDS = "we willen Mila uitschrijven"
UNDO_WHATEVER_THE_MODEL_MADE_OF_IT = [
    ("ik wilde niet alles stoppen", "cancel_registration", ActionRememberQuestion),
    ("dat was niet de bedoeling", "deny", ActionHandleConfirmation),
    ("nee terugdraaien aub", "affirm", ActionHandleConfirmation),
    ("kun je dat terugdraaien?", "ask_costs", ActionAnswerFaq),
    ("that's not what I meant", "nlu_fallback", ActionFallback),
    ("Undo please, I didn't want to cancel everything", "complain", ActionHandoff),
]


@pytest.mark.parametrize(("text", "intent", "action"), UNDO_WHATEVER_THE_MODEL_MADE_OF_IT)
async def test_taken_back_during_the_read_back_nothing_is_stored(
    waitlist: Path, text: str, intent: str, action: type[Action]
) -> None:
    waiting = verified(
        pending_question="cancel", change_details=WORDS, awaiting_confirmation="cancel"
    )
    messages, result = await run(action(), intent, text, slots=waiting)

    assert messages[0] in in_any_variant("request_not_passed_on")
    assert len(messages) == 1
    assert result["awaiting_confirmation"] is None and result["change_details"] is None
    assert stored() == [] and mails(waitlist) == []


async def test_taken_back_during_the_identity_check_it_ends_the_check(waitlist: Path) -> None:
    asking = {"pending_question": "cancel", "change_details": WORDS}
    messages, result = await run(
        ActionRememberQuestion(),
        "cancel_registration",
        "nee wacht, ik wilde niet alles stoppen",
        slots=asking | {"requested_slot": "child_birth_date"},
        active_loop=IDENTITY_FORM,
    )
    assert messages == [say("request_not_passed_on")]
    assert {"event": "active_loop", "timestamp": None, "name": None} in result["events"]
    assert result["pending_question"] is None and result["events"][-1]["name"] == "action_listen"
    assert stored() == []


@pytest.mark.parametrize(("text", "intent", "action"), UNDO_WHATEVER_THE_MODEL_MADE_OF_IT)
async def test_a_stored_request_taken_back_is_withdrawn_and_the_parent_told(
    waitlist: Path, text: str, intent: str, action: type[Action]
) -> None:
    await ask_read_back_and_confirm(WORDS, "cancel_registration", [])
    with session_scope() as session:  # another conversation's request stays
        store_request(
            session=session, number=NUMBER, kind="change", details="vrijdag erbij", channel="rest"
        )

    messages, _ = await run(action(), intent, text)

    assert messages[0] in in_any_variant("request_withdrawn", details=WORDS)
    assert stored() == [("cancel", WORDS, "withdrawn"), ("change", "vrijdag erbij", "open")]
    sent = mails(waitlist)
    [withdrawal] = [mail for mail in sent if "ingetrokken" in mail or "withdrew" in mail]
    assert len(sent) == 2 and WORDS in withdrawal  # after the confirmation


async def test_with_nothing_to_take_back_the_message_is_answered_as_usual(waitlist: Path) -> None:
    messages, _ = await run(ActionAnswerFaq(), "ask_costs", "terugdraaien kan niet, wat kost het?")
    assert messages[0] == say("costs")
    assert stored() == []
