"""The Rasa-facing actions against a real (migrated SQLite) database: exact messages and
events, the stored handoff and its notification."""

import email
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq
from actions.handoff import ActionAskSatisfaction, ActionHandoff, ActionStoreSatisfaction
from actions.session import ActionSessionStart
from bot.conversation import formats
from bot.conversation.satisfaction import parse_score
from bot.conversation.texts import say
from bot.db import session as db_session_module
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.handoff import queue
from bot.handoff.models import Handoff
from bot.handoff.notify import shared_notifier
from bot.settings import get_settings
from bot.shared import clock
from bot.updates.models import UpdateMessage
from bot.updates.replies import answered_by
from tests.support.http_recorder import Recorder, json_recorder
from tests.support.trackers import make_tracker
from tests.support.waitlists import open_waitlist

PAUSE = {"event": "pause", "timestamp": None}


def clear_caches() -> None:
    get_settings.cache_clear()
    db_session_module.get_engine.cache_clear()
    db_session_module.get_sessionmaker.cache_clear()
    shared_notifier.cache_clear()


# office hours are the subject here, so the moments are fixed: an ordinary Tuesday (no
# holiday) within opening hours, and the same day's evening
OPEN_MOMENT = datetime(2026, 6, 2, 10, 0, tzinfo=clock.ZONE)
EVENING = datetime(2026, 6, 2, 20, 0, tzinfo=clock.ZONE)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """Head office open on weekdays 8.30 to 17.00 and now open (an ordinary Tuesday
    morning), with a webhook recorder."""
    with json_recorder() as hook, time_machine.travel(OPEN_MOMENT, tick=True):
        monkeypatch.setenv("VAR_DIR", str(tmp_path))
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'placement.db'}")
        monkeypatch.setenv("SMTP_HOST", "")
        monkeypatch.setenv("OFFICE_DAYS", "ma,di,wo,do,vr")
        monkeypatch.setenv("OFFICE_OPENS", "08:30")
        monkeypatch.setenv("OFFICE_CLOSES", "17:00")
        monkeypatch.setenv("LIBERATION_DAY_YEARLY", "false")
        monkeypatch.setenv("HANDOFF_WEBHOOK_URL", hook.url)
        monkeypatch.setenv("STAFF_MAILBOX", "team@example.nl")
        clear_caches()
        upgrade(get_settings().resolved_database_url, "heads")
        yield hook
        clear_caches()


def stored(sender: str) -> Handoff:
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id=sender)
        assert handoff is not None
        return handoff


def texts_of(dispatcher: CollectingDispatcher) -> list[str]:
    return [message["text"] for message in dispatcher.messages]


async def test_request_for_a_person_inside_office_hours(office: Recorder) -> None:
    tracker = make_tracker(
        "request_human",
        text="Ik wil iemand spreken",
        sender_id="p1",
        channel="whatsapp",
        slots={"pending_question": "status"},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, tracker, {})
    assert texts_of(dispatcher) == [say("handoff_open", wait="5 minuten")]
    assert events == [
        {"event": "active_loop", "name": None, "timestamp": None},
        {"event": "slot", "name": "requested_slot", "value": None, "timestamp": None},
        {"event": "slot", "name": "handoff_reason", "value": None, "timestamp": None},
        PAUSE,
    ]
    handoff = stored("p1")
    assert (handoff.reason, handoff.channel, handoff.office_open) == (
        "request_human",
        "whatsapp",
        True,
    )
    assert handoff.context["slots"] == {"pending_question": "status"}
    assert "Ik wil iemand spreken" in handoff.summary
    payload = office.wait_for(lambda body: body["handoff_id"] == handoff.id)
    assert payload["reason"] == "request_human" and "Ik wil" not in str(payload)

    second = CollectingDispatcher()
    await ActionHandoff().run(second, make_tracker("request_human", sender_id="p2"), {})
    assert texts_of(second) == [say("handoff_open", wait="10 minuten")]  # second in line


async def test_outside_office_hours_the_parent_hears_when(office: Recorder) -> None:
    dispatcher = CollectingDispatcher()
    with time_machine.travel(EVENING, tick=True):
        await ActionHandoff().run(dispatcher, make_tracker("complain", sender_id="p3"), {})
    (complaint, closed) = texts_of(dispatcher)
    assert complaint == say("complain")
    assert closed.startswith("We zijn nu gesloten.")
    assert "morgen vanaf 8.30 uur" in closed and "hier" in closed  # a REST chat gets it here
    assert stored("p3").reason == "complaint"
    assert shared_notifier().wait_idle(10)
    (mail,) = (Path(get_settings().var_dir) / "outbox").glob("*.eml")
    assert email.message_from_bytes(mail.read_bytes())["To"] == "team@example.nl"


async def test_a_failed_identity_check_is_the_reason(office: Recorder) -> None:
    tracker = make_tracker(
        "request_human", sender_id="p4", slots={"handoff_reason": "identity_failed"}
    )
    await ActionHandoff().run(CollectingDispatcher(), tracker, {})
    assert stored("p4").reason == "identity_failed"


async def test_a_sensitive_topic_goes_to_a_person_whatever_the_intent(office: Recorder) -> None:
    tracker = make_tracker("out_of_scope", sender_id="p6", text="Mijn ex heeft het gezag, wat nu?")
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, tracker, {})
    assert texts_of(dispatcher)[0] == say("handoff_topic")
    assert events[-1] == PAUSE
    assert stored("p6").reason == "topic_custody"


async def handed_over_after_hours(sender: str, **tracker: object) -> str:
    """What a parent who asks for a person at 20.00 on a Tuesday hears."""
    dispatcher = CollectingDispatcher()
    with time_machine.travel(EVENING, tick=True):
        await ActionHandoff().run(
            dispatcher, make_tracker("request_human", sender_id=sender, **tracker), {}
        )
    (closed,) = texts_of(dispatcher)
    return closed


async def test_after_hours_on_the_website_the_parent_hears_the_reply_needs_the_tab_or_an_address(
    office: Recorder,
) -> None:
    """The widget keeps the conversation in the tab: a reply comes by e-mail only to an
    address the parent leaves (none on file without the identity check). The text says
    so, and not "hier in dit gesprek"."""
    closed = await handed_over_after_hours("website:tab1", channel="website")
    tomorrow = "morgen vanaf 8.30 uur"
    assert closed == say(
        "handoff_closed_website_ask", closed=say("handoff_closed_now"), when=tomorrow, call=tomorrow
    )
    assert "alleen hier, zolang dit venster open blijft" in closed
    assert "Typ daarom hier uw e-mailadres" in closed and "hier in dit gesprek" not in closed
    assert f"Bel ons dan {tomorrow} op 030 123 45 67" in closed


async def test_after_hours_on_the_website_a_verified_parent_hears_the_reply_comes_by_email(
    office: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the identity check passed and an address on file, a tab closed before the
    reply comes gets it by e-mail there (bot/console/mail_replies.py)."""
    open_waitlist(tmp_path, monkeypatch)
    verified = {"identity_verified": True, "verified_registration": "INS-000001"}
    closed = await handed_over_after_hours("website:tab2", channel="website", slots=verified)
    assert closed.startswith(say("handoff_closed_now"))
    assert "Sluit u dit venster? Dan sturen we het antwoord naar het e-mailadres" in closed
    assert "Typ daarom" not in closed


async def test_after_hours_an_english_website_parent_hears_it_in_english(office: Recorder) -> None:
    closed = await handed_over_after_hours(
        "website:tab3", channel="website", slots={"language": "en"}, text="I want a person"
    )
    assert closed.startswith("Our office is closed right now.")
    assert "while this window stays open" in closed and "+31 30 123 45 67" in closed


def session_tracker(sender: str, *, paused: bool) -> Tracker:
    tracker = make_tracker(
        "greet", sender_id=sender, slots={"pending_question": "status", "requested_slot": "x"}
    )
    tracker._paused = paused
    return tracker


async def test_a_new_session_under_handoff_stays_paused(office: Recorder) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, session_tracker("p7", paused=True), {})
    assert dispatcher.messages == []
    kinds = ["session_started", "slot", "slot", "slot", "pause", "action"]
    assert [e["event"] for e in events] == kinds
    assert events[1]["name"] == "pending_question"  # carried over; requested_slot is not

    # the record in the queue counts too, even when the tracker lost its paused state
    await ActionHandoff().run(CollectingDispatcher(), make_tracker(sender_id="p8"), {})
    events = await ActionSessionStart().run(
        CollectingDispatcher(), session_tracker("p8", paused=False), {}
    )
    assert PAUSE in events


async def test_a_new_session_starts_with_the_introduction(office: Recorder) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, session_tracker("p9", paused=False), {})
    (intro,) = dispatcher.messages
    assert intro["text"] == say("session_intro")
    assert "chatbot" in intro["text"] and intro["buttons"][0]["payload"] == "/request_human"
    assert PAUSE not in events
    assert {"event": "slot", "name": "address_form", "value": "u", "timestamp": None} in events


async def test_an_english_parent_is_asked_for_a_score_in_english() -> None:
    ask = CollectingDispatcher()
    english = make_tracker(sender_id="p11", slots={"language": "en"})
    await ActionAskSatisfaction().run(ask, english, {})
    (question,) = ask.messages
    assert question["text"] == say("ask_satisfaction", "en")
    assert question["list_label"] == "Give a score"
    titles = [b["title"] for b in question["buttons"]]
    assert titles == ["1", "2", "3", "4", "5"]
    ends = [question["buttons"][0]["description"], question["buttons"][-1]["description"]]
    assert ends == ["not satisfied", "very satisfied"]


async def test_satisfaction_question_and_score(office: Recorder) -> None:
    await ActionHandoff().run(CollectingDispatcher(), make_tracker(sender_id="p10"), {})
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id="p10")
        queue.close(session=session, handoff=handoff, now=handoff.created_at)

    ask = CollectingDispatcher()
    await ActionAskSatisfaction().run(ask, make_tracker(sender_id="p10"), {})
    titles = [b["title"] for b in ask.messages[0]["buttons"]]
    assert titles == ["1", "2", "3", "4", "5"]
    assert ask.messages[0]["buttons"][0]["description"] == "niet tevreden"
    assert ask.messages[0]["buttons"][3]["payload"] == '/inform{"satisfaction_score":"4"}'
    # on WhatsApp the five are a list behind this button, not "Kies een onderwerp"
    assert ask.messages[0]["list_label"] == "Geef een cijfer"

    clicked = score_tracker("p10", "4", '/inform{"satisfaction_score":"4"}')
    thanks = CollectingDispatcher()
    await ActionStoreSatisfaction().run(thanks, clicked, {})
    assert texts_of(thanks) == [say("satisfaction_thanks")]
    with session_scope() as session:
        assert session.get(Handoff, handoff.id).satisfaction == 4

    typed = CollectingDispatcher()
    await ActionStoreSatisfaction().run(
        typed, make_tracker("inform", sender_id="p10", text="nou, matig"), {}
    )
    assert texts_of(typed) == [say("satisfaction_skipped")]


def score_tracker(sender_id: str, score: str, text: str) -> Tracker:
    """A parent's turn that gives `score` (a button's payload or typed words)."""
    return make_tracker(
        "inform",
        sender_id=sender_id,
        text=text,
        entities=[{"entity": "satisfaction_score", "value": score}],
    )


async def test_a_low_score_asks_what_could_be_better_and_keeps_the_answer(
    office: Recorder,
) -> None:
    await ActionHandoff().run(CollectingDispatcher(), make_tracker(sender_id="p11"), {})
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id="p11")
        queue.close(session=session, handoff=handoff, now=handoff.created_at)

    score = '/inform{"satisfaction_score":"2"}'
    clicked = score_tracker("p11", "2", score)
    sorry = CollectingDispatcher()
    await ActionStoreSatisfaction().run(sorry, clicked, {})
    assert texts_of(sorry) == [say("satisfaction_thanks_low")]
    assert "Wilt u vertellen wat beter kan?" in texts_of(sorry)[0]

    # the answer, whatever the model read in it (a complaint, here), is the comment
    answer = "Het duurde erg lang voordat iemand reageerde"
    events = [
        {"event": "user", "timestamp": 1_000.0, "text": score},
        {"event": "action", "name": "action_store_satisfaction"},
        {"event": "bot", "text": say("satisfaction_thanks_low")},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "timestamp": 1_010.0, "text": answer},
    ]
    said = CollectingDispatcher()
    await ActionHandoff().run(
        said, make_tracker("complain", sender_id="p11", text=answer, events=events), {}
    )
    assert texts_of(said) == [say("satisfaction_comment_thanks")]
    with session_scope() as session:
        stored_handoff = session.get(Handoff, handoff.id)
        assert (stored_handoff.satisfaction, stored_handoff.satisfaction_comment) == (2, answer)
        assert queue.open_handoff_for(session=session, sender_id="p11") is None  # no new one

    # a score with its comment, or a higher score, gets the usual thanks
    typed = score_tracker("p11", "1", "1, niemand nam de telefoon op")
    thanks = CollectingDispatcher()
    await ActionStoreSatisfaction().run(thanks, typed, {})
    assert texts_of(thanks) == [say("satisfaction_thanks")]


async def test_a_comment_after_a_good_score_is_kept_too(office: Recorder) -> None:
    """ "5", then "Sanne was very helpful": the words are the score's comment (review P2),
    not "Sorry, I didn't quite understand"; a question after the thanks is answered as
    usual, and a score that came with its comment gets nothing added."""
    await ActionHandoff().run(CollectingDispatcher(), make_tracker(sender_id="p12"), {})
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id="p12")
        queue.close(session=session, handoff=handoff, now=handoff.created_at)
    await ActionStoreSatisfaction().run(
        CollectingDispatcher(), score_tracker("p12", "5", '/inform{"satisfaction_score":"5"}'), {}
    )

    def after(score: str, text: str, intent: str) -> Tracker:
        events = [
            {"event": "user", "timestamp": 1_000.0, "text": score},
            {"event": "action", "name": "action_store_satisfaction"},
            {"event": "bot", "text": say("satisfaction_thanks", "en")},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "timestamp": 1_010.0, "text": text},
        ]
        return make_tracker(intent, sender_id="p12", text=text, events=events)

    question = CollectingDispatcher()
    await ActionHandoff().run(question, after("5", "When will I hear more?", "out_of_scope"), {})
    assert say("satisfaction_comment_thanks") not in texts_of(question)
    said = CollectingDispatcher()
    await ActionHandoff().run(said, after("5", "Sanne was very helpful", "out_of_scope"), {})
    assert texts_of(said) == [say("satisfaction_comment_thanks")]
    with session_scope() as session:
        stored = session.get(Handoff, handoff.id)
        assert (stored.satisfaction, stored.satisfaction_comment) == (5, "Sanne was very helpful")
    again = CollectingDispatcher()
    await ActionHandoff().run(again, after("5, quick", "thanks a lot", "thank"), {})
    assert say("satisfaction_comment_thanks") not in texts_of(again)


def update_with_link(reference: str, sent_at: datetime) -> None:
    with session_scope() as session:
        session.add(
            UpdateMessage(
                key=f"INS-000009:periodic:{reference}",
                registration_number="INS-000009",
                moment="periodic",
                channel="email",
                status="sent",
                attempts=1,
                created_at=sent_at,
                detail="",
                reference=reference,
            )
        )


async def session_start_from_link(reference: str, sender_id: str = "website:r1") -> list[str]:
    metadata = {"session_started_metadata": {"update_reference": reference}}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("greet", sender_id=sender_id, slots=metadata)
    await ActionSessionStart().run(dispatcher, tracker, {})
    return texts_of(dispatcher)


async def test_a_parent_from_an_updates_chat_link_is_told_what_they_answer(
    office: Recorder,
) -> None:
    sent_at = clock.now() - timedelta(days=1)
    update_with_link("k3y-of-the-update", sent_at)

    said = await session_start_from_link("k3y-of-the-update")

    assert said == [
        say("session_intro"),
        say("reply_to_update", date=formats.full_date(sent_at.astimezone(clock.ZONE))),
    ]
    assert "INS-000009" not in " ".join(said)  # nothing before the check
    assert await session_start_from_link("nope1234", "website:r0") == [say("session_intro")]
    with session_scope() as session:
        answered = answered_by(session=session, sender_id="website:r1")
        assert answered is not None and answered.moment == "periodic" and answered.replied_at


async def test_a_chat_link_answers_its_update_in_one_conversation_only(office: Recorder) -> None:
    """A reused or leaked reference greeted every stranger, and the first one who used it
    was stored as the reply."""
    update_with_link("k3y-of-the-update", clock.now() - timedelta(days=1))
    update_with_link("old-update-link", clock.now() - timedelta(days=40))
    intro_only = [say("session_intro")]

    parent = await session_start_from_link("k3y-of-the-update", "website:parent")
    stranger = await session_start_from_link("k3y-of-the-update", "website:stranger")
    parent_again = await session_start_from_link("k3y-of-the-update", "website:parent")
    expired = await session_start_from_link("old-update-link", "website:late")

    assert parent[-1] == parent_again[-1] != say("session_intro")  # a new session of it
    assert stranger == intro_only and expired == intro_only
    with session_scope() as session:
        assert answered_by(session=session, sender_id="website:parent") is not None
        assert answered_by(session=session, sender_id="website:stranger") is None
        assert answered_by(session=session, sender_id="website:late") is None


async def test_a_typed_score_with_words_is_stored_whatever_the_model_made_of_it(
    office: Recorder,
) -> None:
    await ActionHandoff().run(CollectingDispatcher(), make_tracker(sender_id="p11"), {})
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id="p11")
        queue.close(session=session, handoff=handoff, now=handoff.created_at)
    # "2 want niemand nam op" reads to the model as a complaint: the rule would hand over
    answer = make_tracker(
        "complain",
        sender_id="p11",
        text="2 want niemand nam op",
        events=[
            {"event": "action", "name": "action_ask_satisfaction"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "2 want niemand nam op", "parse_data": {}},
        ],
    )
    dispatcher = CollectingDispatcher()
    await ActionHandoff().run(dispatcher, answer, {})

    assert texts_of(dispatcher) == [say("satisfaction_thanks")]
    with session_scope() as session:
        stored_again = session.get(Handoff, handoff.id)
        assert (stored_again.satisfaction, stored_again.satisfaction_comment) == (
            2,
            "want niemand nam op",
        )
        assert queue.open_handoff_for(session=session, sender_id="p11") is None  # no new one


def test_a_score_and_the_words_after_it() -> None:
    assert parse_score("4, snel geholpen") == (4, "snel geholpen")
    assert parse_score(" 5 ") == (5, "")
    assert parse_score("3/5 - het duurde lang") == (3, "het duurde lang")
    assert parse_score("4 van de 5!") == (4, "")
    for not_a_score in ("nou, matig", "12 dagen", "2,5", "/inform"):
        assert parse_score(not_a_score) is None
