"""The conversation's context panel in staff language (issue 30): the parent's name and
contact details on file, the registration in words, the estimate as the parent read it, a
summary and a topic that follow the conversation, the family's earlier conversations and
requests; the bot's internals only as technical details. Through the console's API."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.parent_requests.intake import store_request
from bot.updates.models import UpdateMessage
from tests.support.console_app import NOW, audited, logged_in
from tests.support.handoffs import NUMBER, hand_over
from tests.support.rasa_api import FakeRasa


def test_a_verified_parent_in_staff_language(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    handoff = hand_over(
        db_session,
        rasa,
        "website:mila",
        [
            ("Wanneer hoor ik iets?", "ask_response_time"),
            ("Mag ik iemand spreken?", "request_human"),
        ],
    )
    logged_in(console, agent.email)
    detail = console.get(f"/api/conversations/{handoff.id}").json()

    registration = detail["registration"]
    assert registration["parents"] == [
        {"name": "Sanne", "email": "sanne@example.nl", "phone": "+31612345678"}
    ]
    words = {fact["label"]: fact["text"] for fact in registration["facts"]}
    assert words["Kind"] == "Mila" and words["Dagen"] == "maandag"
    assert words["Locaties"] == "Het Zonnetje"
    assert words["Status"] == "staat op de wachtlijst"
    assert words["Aanbod"] == "geen open aanbod"
    assert words["Volgende stap"] == "wachten op een aanbod"
    assert registration["line"].startswith("Mila · INS-000001 · KDV · ma · Het Zonnetje · start ")
    assert registration["estimate"] and registration["estimate_shown"] is False
    # the topic: what the parent asked about, not only that they asked for a person
    assert detail["topic"] == "ouder vroeg om een medewerker, over wanneer er een aanbod komt"
    # the family's requests, one click away, with the parent's own words
    assert [(r["kind_text"], r["details"]) for r in detail["requests"]] == [
        ("Wijziging", "vrijdag erbij"),
        ("Wijziging", "woensdag erbij"),
    ]
    assert audited(db_session, "view")[-1].handoff_id == handoff.id


def test_the_summary_and_topic_follow_the_conversation(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    handoff = hand_over(
        db_session, rasa, "website:mila", [("Ik wil een medewerker spreken", "request_human")]
    )
    logged_in(console, agent.email)
    (row,) = console.get("/api/queue").json()
    assert row["topic"] == "ouder vroeg om een medewerker"
    assert row["registration_number"] == NUMBER and row["language"] == "nl"

    # while waiting the parent says what it is about
    rasa.conversation("website:mila").events.append(
        {
            "event": "user",
            "text": "Het gaat over de factuur van oktober",
            "timestamp": 10.0,
            "parse_data": {"intent": {"name": "nlu_fallback"}},
        }
    )
    (row,) = console.get("/api/queue").json()
    assert row["topic"] == 'ouder vroeg om een medewerker, "Het gaat over de factuur van oktober"'
    assert "Het gaat over de factuur van oktober" in row["summary"]
    detail = console.get(f"/api/conversations/{handoff.id}").json()
    assert "factuur" in detail["summary"]
    feed = console.get(f"/api/conversations/{handoff.id}/messages").json()
    assert "factuur" in feed["summary"]
    assert handoff.summary == "Samenvatting bij het doorverbinden."  # the stored one is kept


def test_each_row_gives_its_own_reason(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    hand_over(
        db_session,
        rasa,
        "website:a",
        [("Hoeveelste sta ik?", "ask_waitlist_position"), ("medewerker", "request_human")],
    )
    hand_over(
        db_session,
        rasa,
        "website:b",
        [("Mijn zoon heeft astma, kan dat?", "ask_placement_status")],
        reason="topic_health",
    )
    hand_over(
        db_session, rasa, "website:c", [("Wat kost een dag?", "faq/ask_costs")], verified=False
    )
    logged_in(console, agent.email)
    topics = [row["topic"] for row in console.get("/api/queue").json()]
    assert topics == [
        "ouder vroeg om een medewerker, over de plaats op de wachtlijst",
        "gezondheid, zorg of SMI-indicatie, over de stand van de inschrijving",
        "ouder vroeg om een medewerker, over kosten of kinderopvangtoeslag",
    ]


def test_earlier_conversations_and_what_stays_hidden(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, colleague, requests_made
) -> None:
    mine = hand_over(db_session, rasa, "website:old", [("Is er plek?", "ask_placement_status")])
    theirs = hand_over(db_session, rasa, "website:older", [("Wat kost het?", "ask_costs")])
    for earlier, holder in ((mine, agent), (theirs, colleague)):
        earlier.status, earlier.assigned_to_id = "closed", holder.id
        earlier.created_at = NOW - timedelta(days=30)
    store_request(
        session=db_session,
        number=NUMBER,
        kind="cancel",
        details="We verhuizen naar Amersfoort",
        channel="website",
        sender_id="website:old",
        now=NOW,
    )
    now = hand_over(db_session, rasa, "website:now", [("Ik wil iemand spreken", "request_human")])
    logged_in(console, agent.email)
    detail = console.get(f"/api/conversations/{now.id}").json()
    # an agent opens their own earlier conversation, not a colleague's closed one
    assert [(h["id"], h["topic"]) for h in detail["earlier"]] == [
        (mine.id, 'ouder vroeg om een medewerker, "Is er plek?"')
    ]
    assert detail["requests"][0]["details"] == "We verhuizen naar Amersfoort"

    # an unverified parent: no registration, no contact details, nothing of the family
    rasa.conversation("website:anon").events.append(
        {
            "event": "user",
            "text": "Ik wacht wel",
            "timestamp": 5.0,
            "metadata": {"contact_email": "ouder@example.nl"},
        }
    )
    anon = hand_over(db_session, rasa, "website:anon", [("Hallo", "greet")], verified=False)
    unknown = console.get(f"/api/conversations/{anon.id}").json()
    assert unknown["registration"] is None and unknown["earlier"] == []
    assert unknown["requests"] == [] and unknown["left_email"] == "ouder@example.nl"


def test_the_update_a_conversation_answers_is_named_in_words(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, requests_made
) -> None:
    handoff = hand_over(
        db_session, rasa, "website:update", [("Mag ik iemand spreken?", "request_human")]
    )
    db_session.add(
        UpdateMessage(
            key=f"{NUMBER}:periodic:1",
            registration_number=NUMBER,
            moment="periodic",
            channel="email",
            status="sent",
            attempts=1,
            created_at=NOW - timedelta(days=2),
            sent_at=NOW - timedelta(days=2),
            detail="",
            replied_sender_id="website:update",
            replied_at=NOW - timedelta(days=1),
        )
    )
    db_session.flush()
    logged_in(console, agent.email)
    detail = console.get(f"/api/conversations/{handoff.id}").json()
    answered = detail["answers_update"]
    assert (answered["moment"], answered["text"]) == (
        "periodic",
        "elke paar maanden, hoe het ervoor staat",
    )
    texts = [u["text"] for u in detail["registration"]["updates"]]
    assert texts == ["elke paar maanden, hoe het ervoor staat (per e-mail, verstuurd)"]
