"""The conversation view's live parts through the console's API (review30): the feed
carries the notes (a colleague's with author and time) and the parent's score with its
comment; the queue and the conversation name the child and parents only once the parent
is verified; the readable export is a Dutch document with every text escaped."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation.texts import say
from bot.handoff import queue
from tests.support.console_app import NOW, logged_in
from tests.support.handoffs import hand_over
from tests.support.rasa_api import FakeRasa

SCRIPT = "<script>window.__xss = 1</script>Hallo?"


def test_a_colleagues_note_and_the_score_reach_the_feed(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin, requests_made
) -> None:
    handoff = hand_over(
        db_session, rasa, "website:mila", [("Mag ik iemand spreken?", "request_human")]
    )
    headers = logged_in(console, admin.email)
    console.post(
        f"/api/conversations/{handoff.id}/notes", json={"text": "belt om 3 uur"}, headers=headers
    )
    logged_in(console, agent.email)
    feed = console.get(f"/api/conversations/{handoff.id}/messages").json()
    (note,) = feed["notes"]
    assert (note["text"], note["author"], note["author_id"]) == (
        "belt om 3 uur",
        admin.name,
        admin.id,
    )
    assert note["created_at"].endswith("+00:00")
    assert feed["satisfaction"] is None and feed["satisfaction_comment"] is None

    queue.close(session=db_session, handoff=handoff, now=queue.utc(handoff.created_at))
    queue.record_satisfaction(session=db_session, sender_id="website:mila", score=5)
    queue.add_satisfaction_comment(session=db_session, sender_id="website:mila", comment="Top")
    db_session.flush()
    logged_in(console, admin.email)  # a closed conversation nobody claimed: admins read it
    feed = console.get(f"/api/conversations/{handoff.id}/messages").json()
    assert (feed["status"], feed["satisfaction"], feed["satisfaction_comment"]) == (
        "closed",
        5,
        "Top",
    )


def test_names_only_for_a_verified_parent(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    verified = hand_over(
        db_session, rasa, "website:mila", [("Mag ik iemand spreken?", "request_human")]
    )
    unknown = hand_over(
        db_session,
        rasa,
        "website:anon",
        [("Mag ik iemand spreken?", "request_human")],
        verified=False,
    )
    logged_in(console, agent.email)
    rows = {r["id"]: r for r in console.get("/api/queue").json()}
    assert (rows[verified.id]["child"], rows[verified.id]["parents"]) == ("Mila", ["Sanne"])
    assert (rows[unknown.id]["child"], rows[unknown.id]["parents"]) == (None, [])
    detail = console.get(f"/api/conversations/{verified.id}").json()
    assert (detail["child"], detail["registration_number"]) == ("Mila", "INS-000001")
    assert console.get(f"/api/conversations/{unknown.id}").json()["child"] is None


def test_the_readable_export(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    handoff = hand_over(db_session, rasa, "website:mila", [(SCRIPT, "request_human")])
    headers = logged_in(console, agent.email)
    console.post(
        f"/api/conversations/{handoff.id}/notes", json={"text": "<b>let op</b>"}, headers=headers
    )
    export = console.get(f"/api/conversations/{handoff.id}/export.html")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/html")
    assert (
        export.headers["content-disposition"] == f'attachment; filename="gesprek-{handoff.id}.html"'
    )
    page = export.text
    assert "<h1>Gesprek · Mila · INS-000001</h1>" in page
    assert "<script>" not in page and "&lt;script&gt;window.__xss = 1&lt;/script&gt;Hallo?" in page
    assert "&lt;b&gt;let op&lt;/b&gt;" in page and "<td>Anna</td>" in page
    assert "<td>Ouder</td>" in page and "Interne notities" in page
    assert "nog geen antwoord" not in page  # not handed back yet: no score line


def test_the_transcript_goes_on_after_the_hand_back(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin, requests_made
) -> None:
    """Staff read how it ended (review30 12a): the satisfaction question, the score, the
    comment and the bot's thanks; what the parent asks the assistant next is not theirs."""
    handoff = hand_over(
        db_session, rasa, "website:mila", [("Mag ik iemand spreken?", "request_human")]
    )
    headers = logged_in(console, agent.email)
    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    console.post(
        f"/api/conversations/{handoff.id}/handback", json={"message": "Tot ziens!"}, headers=headers
    )
    conversation = rasa.conversation("website:mila")
    later = NOW.timestamp() + 60  # Rasa stamps what the console appends: after the handoff
    for event in conversation.events:
        event.setdefault("timestamp", later)
    conversation.events += [
        {"event": "bot", "text": say("ask_satisfaction"), "timestamp": later + 10},
        {"event": "action", "name": "action_listen", "timestamp": later + 10.0},
    ]
    said = [
        m["text"]
        for m in console.get(f"/api/conversations/{handoff.id}/messages").json()["messages"]
    ]
    assert said[-3:] == ["Tot ziens!", say("bot_back"), say("ask_satisfaction")]

    conversation.events += [
        {"event": "user", "text": "2", "timestamp": later + 11.0},
        {"event": "bot", "text": say("satisfaction_thanks_low"), "timestamp": later + 11.5},
        {"event": "user", "text": "Het duurde lang", "timestamp": later + 12.0},
        {"event": "bot", "text": say("satisfaction_comment_thanks"), "timestamp": later + 12.5},
        {"event": "user", "text": "Wat kost een dag opvang?", "timestamp": later + 13.0},
        {"event": "bot", "text": "Dat hangt af van …", "timestamp": later + 13.5},
    ]
    feed = console.get(f"/api/conversations/{handoff.id}/messages").json()
    assert [(m["who"], m["text"]) for m in feed["messages"]][-5:] == [
        ("bot", say("ask_satisfaction")),
        ("parent", "2"),
        ("bot", say("satisfaction_thanks_low")),
        ("parent", "Het duurde lang"),
        ("bot", say("satisfaction_comment_thanks")),
    ]
    # a new question instead of a score: the question to it stays, the rest is not staff's
    conversation.events[-6:] = [
        {"event": "user", "text": "Wat kost een dag opvang?", "timestamp": later + 11.0},
        {"event": "bot", "text": "Dat hangt af van …", "timestamp": later + 11.5},
    ]
    said = [
        m["text"]
        for m in console.get(f"/api/conversations/{handoff.id}/messages").json()["messages"]
    ]
    assert said[-1] == say("ask_satisfaction")


def test_the_waiting_note_is_in_the_transcript(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    """The channel's "Uw bericht staat klaar" (sent by the guard, not in Rasa's tracker)
    shows where the parent read it: after the first message since the handoff and after
    one that follows ten minutes of silence; not after a burst, nor once staff wrote."""
    handoff = hand_over(
        db_session, rasa, "website:mila", [("Mag ik iemand spreken?", "request_human")]
    )
    start = NOW.timestamp() + 5
    rasa.conversation("website:mila").events += [
        {"event": "user", "text": "Hallo?", "timestamp": start},
        {"event": "user", "text": "Is er iemand?", "timestamp": start + 30},
        {"event": "user", "text": "Nog steeds niemand", "timestamp": start + 11 * 60},
        {"event": "user", "text": "mijn adres: sanne@example", "timestamp": start + 30 * 60},
        {
            "event": "bot",
            "text": "Ik ben er.",
            "metadata": {"source": "staff"},
            "timestamp": start + 40 * 60,
        },
        {"event": "user", "text": "Fijn", "timestamp": start + 55 * 60},
    ]
    logged_in(console, agent.email)
    said = [m["text"] for m in console.get(f"/api/conversations/{handoff.id}").json()["messages"]]
    note = say("handoff_waiting")
    assert said[-8:] == [
        "Hallo?",
        note,
        "Is er iemand?",
        "Nog steeds niemand",
        note,
        "mijn adres: sanne@example",  # an address: the guard answered about it instead
        "Ik ben er.",
        "Fijn",
    ]
    assert said.count(note) == 2
