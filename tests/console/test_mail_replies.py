"""A staff reply to a parent who left goes by e-mail too, and the parent's answer to that
mail comes back into the conversation (the console against the loopback Rasa; the
receiver as the stack runs it, over SMTP). tests/channels/test_left_parent.py tells the
whole story on a running stack."""

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.console.audit_words import readable
from bot.console.rasa_api import RasaClient
from bot.inbound_mail.server import controller
from bot.settings import Settings
from tests.support.console_app import audited, escalate, logged_in
from tests.support.ports import free_port
from tests.support.rasa_api import FakeRasa

SENDER = "website:" + "cd" * 16
ADDRESS = "ouder@voorbeeld.nl"


def outbox(console: TestClient) -> list[EmailMessage]:
    folder: Path = console.app.state.settings.outbox_dir
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def reply(console: TestClient, db_session: Session, rasa: FakeRasa, agent, text: str) -> dict:
    handoff = escalate(db_session, rasa, SENDER)
    rasa.conversation(SENDER).events.append(
        {"event": "user", "text": ADDRESS, "timestamp": 3.0, "metadata": {"contact_email": ADDRESS}}
    )
    headers = logged_in(console, agent.email)
    assert (
        console.post(f"/api/conversations/{handoff.id}/claim", headers=headers).status_code == 200
    )
    sent = console.post(
        f"/api/conversations/{handoff.id}/reply", json={"text": text}, headers=headers
    )
    assert sent.status_code == 200, sent.text
    return {"id": handoff.id, **sent.json()}


def test_a_parent_still_in_the_chat_gets_no_mail(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    assert reply(console, db_session, rasa, agent, "Hallo!")["via"] == "chat"
    assert outbox(console) == []


@pytest.fixture
def receiver(console: TestClient, db_session: Session, rasa: FakeRasa) -> Iterator[int]:
    settings: Settings = console.app.state.settings
    port = free_port()
    own = settings.model_copy(update={"inbound_mail_port": port})

    @contextmanager
    def scope() -> Iterator[Session]:
        yield db_session

    server = controller(own, RasaClient(f"http://127.0.0.1:{rasa.port}", rasa.token))
    server.handler.unit_of_work = scope
    server.start()
    yield port
    server.stop()


def test_a_reply_to_a_parent_who_left_is_mailed_and_the_answer_comes_back(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, receiver: int
) -> None:
    rasa.conversation(SENDER).reachable = False
    sent = reply(console, db_session, rasa, agent, "U kunt op woensdag beginnen.")
    assert sent["via"] == "email"
    (mail,) = outbox(console)
    assert mail["To"] == ADDRESS and "U kunt op woensdag beginnen." in mail.get_content()
    assert "/webhooks/website/resume?t=" in mail.get_content()
    staff = rasa.conversation(SENDER).sent[-1]
    assert staff["metadata"] == {"source": "staff", "via": "email", "staff_name": "Anna"}

    answer = EmailMessage()
    answer["From"], answer["To"], answer["Subject"] = ADDRESS, mail["Reply-To"], "Re: antwoord"
    answer.set_content("Fijn, dank u!\n\nOp 7 dec. schreef het plaatsingsbureau:\n> U kunt")
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        smtp.send_message(answer)
    stored = rasa.conversation(SENDER).events[-1]
    assert (stored["event"], stored["text"], stored["metadata"]) == (
        "user",
        "Fijn, dank u!",
        {"via": "email"},
    )
    messages = console.get(f"/api/conversations/{sent['id']}/messages").json()["messages"]
    assert messages[-1] == {**messages[-1], "who": "parent", "via": "email"}

    forged = mail["Reply-To"].replace("reply+", "reply+9")
    with (
        smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused) as refused,
    ):
        smtp.sendmail(ADDRESS, [forged], b"Subject: x\r\n\r\nhallo")
    assert [code for code, _ in refused.value.recipients.values()] == [550]


def test_an_answer_after_the_hand_back_opens_a_new_handoff(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, receiver: int
) -> None:
    rasa.conversation(SENDER).reachable = False
    sent = reply(console, db_session, rasa, agent, "Alles is geregeld.")
    (mail,) = outbox(console)
    headers = logged_in(console, agent.email)
    closed = console.post(
        f"/api/conversations/{sent['id']}/handback", json={"message": ""}, headers=headers
    )
    assert closed.status_code == 200
    assert rasa.conversation(SENDER).paused is False

    answer = EmailMessage()
    answer["From"], answer["To"], answer["Subject"] = ADDRESS, mail["Reply-To"], "Re: antwoord"
    answer.set_content("Toch nog een vraag: kan het ook op vrijdag?")
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        smtp.send_message(answer)
    # staff find it in the queue, the conversation is theirs again
    (row,) = [r for r in console.get("/api/queue").json() if r["id"] != sent["id"]]
    assert row["reason"] == "email_answer" and row["status"] == "waiting"
    assert rasa.conversation(SENDER).paused is True
    assert (
        rasa.conversation(SENDER).events[-1]["text"]
        == "Toch nog een vraag: kan het ook op vrijdag?"
    )


def test_a_reply_whose_mail_fails_is_in_the_conversation_and_staff_are_told(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    rasa.conversation(SENDER).reachable = False
    settings: Settings = console.app.state.settings
    # a mail server that is not there: the mail cannot go
    console.app.state.settings = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": free_port()}
    )
    try:
        sent = reply(console, db_session, rasa, agent, "U kunt op woensdag beginnen.")
    finally:
        console.app.state.settings = settings
    assert (sent["via"], sent["notice"]) == (
        "mail_failed",
        "Uw antwoord staat in het gesprek, maar de e-mail aan de ouder is niet verstuurd. "
        "Stuur het niet opnieuw; neem zo nodig zelf contact op met de ouder.",
    )
    staff = rasa.conversation(SENDER).sent[-1]  # in the chat, not marked as mailed
    assert (staff["text"], staff["metadata"]) == (
        "U kunt op woensdag beginnen.",
        {"source": "staff", "staff_name": "Anna"},
    )
    (entry,) = audited(db_session, "reply")
    assert entry.detail == "e-mail failed"
    assert readable(db_session, "reply", entry.detail) == (
        "per e-mail, maar de e-mail is niet verstuurd"
    )
