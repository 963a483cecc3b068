"""General answers and the two-step fallback: exact messages and events."""

from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.faq import ActionAnswerFaq, ActionFallback
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.shared import clock
from bot.staff.models import AuditEntry
from bot.updates.models import UpdatePreference
from bot.updates.preferences import opt_out
from tests.support.dates import dutch, iso, month_day
from tests.support.trackers import make_tracker


async def test_greeting_offers_the_topics_and_a_person() -> None:
    """That it is a bot the session's introduction has said already (actions/session.py)."""
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, make_tracker("greet"), {})
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
    (message,) = dispatcher.messages
    assert message["text"] == say("greet")
    assert message["text"].endswith("Waarmee kan ik u helpen?")
    assert {"title": "Medewerker spreken", "payload": "/request_human"} in message["buttons"]


async def test_costs_answer_comes_from_the_organisation_facts() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, make_tracker("ask_costs"), {})
    said = dispatcher.messages[0]["text"]
    assert "prijzen per uur: kinderdagverblijf € 10,25" in said
    assert "kinderopvangtoeslag" in said
    # no promise of the allowance to every parent, and VVE in words a parent knows
    assert "De meeste ouders" not in said and "Werkt of studeert u" in said
    assert "VVE-indicatie (extra steun bij taal en spelen)" in said


def _turn(intent: str, ts: float, *actions: str) -> list[dict]:
    """A message of the parent and the actions that answered it."""
    user = {"event": "user", "timestamp": ts, "parse_data": {"intent": {"name": intent}}}
    return [user, *({"event": "action", "name": name} for name in (*actions, "action_listen"))]


async def test_first_miss_asks_to_rephrase_and_listens() -> None:
    dispatcher = CollectingDispatcher()
    events = [*_turn("greet", 1, "action_answer_faq"), *_turn("nlu_fallback", 2)]
    answer = await ActionFallback().run(dispatcher, make_tracker("nlu_fallback", events=events), {})
    assert dispatcher.messages[0]["text"] == say("fallback_first")
    assert answer == [{"event": "followup", "timestamp": None, "name": "action_listen"}]


async def test_second_miss_in_a_row_offers_a_person_first_and_never_repeats_itself() -> None:
    events = [*_turn("nlu_fallback", 1, "action_fallback"), *_turn("deny", 2)]
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, make_tracker("deny", events=events), {})
    (message,) = dispatcher.messages
    assert message["text"] == say("fallback_again") != say("fallback_first")
    assert message["buttons"][0] == {"title": "Medewerker spreken", "payload": "/request_human"}


async def test_a_miss_after_an_understood_message_starts_counting_again() -> None:
    events = [
        *_turn("nlu_fallback", 1, "action_fallback"),
        *_turn("ask_costs", 2, "action_answer_faq"),
        *_turn("nlu_fallback", 3),
    ]
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, make_tracker("nlu_fallback", events=events), {})
    assert dispatcher.messages[0]["text"] == say("fallback_first")


async def test_nee_with_no_question_open_gets_a_friendly_close() -> None:
    dispatcher = CollectingDispatcher()
    answer = await ActionAnswerFaq().run(dispatcher, make_tracker("deny", text="nee"), {})
    assert dispatcher.messages[0]["text"] == say("deny_no_question")
    assert answer[-1]["name"] == "action_listen"


def said_on(channel: str, text: str, phone: str = "+31612345678"):
    tracker = make_tracker("deny", text=text, channel=channel)
    tracker.events[0]["metadata"] = {"phone": phone}
    return tracker


async def test_stop_on_whatsapp_ends_the_updates_for_that_number(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, said_on("whatsapp", "STOP"), {})

    # the registration has an e-mail address: the updates go there from now on, and it says so
    assert dispatcher.messages[0]["text"] == say("updates_stopped_mail")
    with session_scope() as session:
        preference = session.get(UpdatePreference, "INS-000001")
        assert preference is not None and preference.whatsapp_opt_out_at is not None
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "updates_opt_out"))
        assert entry.detail == "INS-000001 whatsapp"


async def test_stop_elsewhere_or_from_an_unknown_number_is_an_ordinary_no(waitlist: Path) -> None:
    for tracker in (said_on("website", "stop"), said_on("whatsapp", "stop", "+31699999999")):
        dispatcher = CollectingDispatcher()
        await ActionAnswerFaq().run(dispatcher, tracker, {})
        assert dispatcher.messages[0]["text"] != say("updates_stopped")
    with session_scope() as session:
        assert session.get(UpdatePreference, "INS-000001") is None


async def test_telling_the_bot_no_more_updates_stops_them_for_a_verified_parent(
    waitlist: Path,
) -> None:
    verified = {"identity_verified": True, "verified_registration": "INS-000001"}
    tracker = make_tracker(
        "cancel_registration", text="ik wil geen updates meer ontvangen", slots=verified
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker, {})

    # everything stopped, and the text says so, naming the child
    assert dispatcher.messages[0]["text"] == say("updates_stopped_all", child="Mila")
    assert "niet per e-mail en niet via WhatsApp" in dispatcher.messages[0]["text"]
    with session_scope() as session:
        preference = session.get(UpdatePreference, "INS-000001")
        assert preference.email_opt_out_at is not None
        assert preference.whatsapp_opt_out_at is not None


async def test_telling_the_bot_on_whatsapp_unchecked_stops_whatsapp_only_and_says_so(
    waitlist: Path,
) -> None:
    """Without the identity check only the number the channel vouches for is stopped: the
    parent hears that the e-mails go on, and how to stop those."""
    dispatcher = CollectingDispatcher()
    tracker = said_on("whatsapp", "ik wil geen updates meer ontvangen")
    await ActionAnswerFaq().run(dispatcher, tracker, {})

    said = dispatcher.messages[0]["text"]
    assert said == say("updates_stopped_mail")
    assert "via WhatsApp" in said and "per e-mail" in said and "afmeldlink" in said
    assert "over de wachtlijst voor" not in said  # not the all-channels promise
    with session_scope() as session:
        preference = session.get(UpdatePreference, "INS-000001")
        assert preference.whatsapp_opt_out_at is not None
        assert preference.email_opt_out_at is None  # the e-mails go on, as the text says


async def test_an_unknown_parent_hears_how_to_stop_the_updates(waitlist: Path) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(
        dispatcher, make_tracker("deny", text="stop met die mails alsjeblieft"), {}
    )
    assert dispatcher.messages[0]["text"] == say("updates_how_to_stop")


async def test_a_miss_that_names_a_registration_goes_to_the_identity_check() -> None:
    """The model is unsure of "Is er al plek voor mijn dochter, INS-980001, geboren
    14-5-2025?" (nlu_fallback); the number says what the parent wants."""
    born = month_day(-19, 14)
    text = f"Is er al plek voor mijn dochter, INS-980001, geboren {dutch(born)}?"
    entities = [
        {"entity": "registration_number", "value": "INS-980001"},
        {"entity": "date", "value": iso(born)},
    ]
    tracker = make_tracker(
        "nlu_fallback", text=text, entities=entities, slots={"registration_number": "INS-980001"}
    )
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, tracker, {})
    assert dispatcher.messages == []  # the identity check asks what it still needs
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["pending_question"] == "status"
    assert slots["child_birth_date"] == iso(born)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "identity_form"}


async def test_stop_on_whatsapp_promises_no_e_mail_to_a_parent_who_stopped_those_before(
    waitlist: Path,
) -> None:
    """E-mail takes over only where the updates job would send it: not after an e-mail
    opt-out, so the parent hears only that WhatsApp stopped."""
    with session_scope() as session:
        opt_out(
            session=session,
            number="INS-000001",
            email=True,
            whatsapp=False,
            by="ouder (afmeldlink)",
            ip="127.0.0.1",
            now=clock.now(),
            detail="INS-000001 email",
        )
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, said_on("whatsapp", "STOP"), {})

    said = dispatcher.messages[0]["text"]
    assert said == say("updates_stopped")
    assert "e-mail" not in said
