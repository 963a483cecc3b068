"""Addresses with a diacritic (16 of the 400 demo parents) are written as they are (RFC
6532) and sent with SMTPUTF8, through a real SMTP server on loopback and to the outbox."""

import email
import email.policy
import smtplib
from pathlib import Path

import pytest

from bot.mail.sending import send_mail
from bot.settings import Settings
from tests.support.smtp_server import SmtpServer, smtp_server

ZOE = "zoë.devries@example.nl"


def settings(tmp_path: Path, server: SmtpServer | None = None) -> Settings:
    if server is None:
        return Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    return Settings(
        _env_file=None,
        var_dir=tmp_path,
        smtp_host=server.host,
        smtp_port=server.port,
        smtp_starttls=False,
    )


def headers(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n" if b"\r\n\r\n" in raw else b"\n\n", 1)[0]


def test_the_outbox_writes_the_address_as_given(tmp_path: Path) -> None:
    path = send_mail(
        to=ZOE, subject="Uw code", body="Uw code is 123456.", settings=settings(tmp_path)
    )
    assert path is not None
    raw = path.read_bytes()
    assert f"To: {ZOE}".encode() in headers(raw)
    assert b"=?" not in headers(raw)  # no RFC 2047 encoded word
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(message["To"]) == ZOE
    assert message.get_content().strip() == "Uw code is 123456."


def test_smtp_sends_the_address_with_smtputf8(tmp_path: Path) -> None:
    with smtp_server(smtputf8=True) as server:
        send_mail(to=ZOE, subject="Uw code", body="Hallo Zoë", settings=settings(tmp_path, server))
    (envelope,) = server.envelopes
    assert envelope.rcpt_tos == [ZOE]
    assert "SMTPUTF8" in envelope.mail_options
    assert f"To: {ZOE}".encode() in headers(envelope.data)
    assert b"=?" not in headers(envelope.data)
    message = email.message_from_bytes(envelope.data, policy=email.policy.default)
    assert message.get_content().strip() == "Hallo Zoë"


def test_a_server_without_smtputf8_gets_no_mangled_address(tmp_path: Path) -> None:
    with smtp_server(smtputf8=False) as server, pytest.raises(smtplib.SMTPNotSupportedError):
        send_mail(to=ZOE, subject="Uw code", body="Hallo", settings=settings(tmp_path, server))
    assert server.envelopes == []


def test_ascii_addresses_go_out_as_before(tmp_path: Path) -> None:
    with smtp_server(smtputf8=True) as server:
        send_mail(
            to="sanne@example.nl",
            subject="Uw code",
            body="Hallo",
            settings=settings(tmp_path, server),
        )
    (envelope,) = server.envelopes
    assert envelope.rcpt_tos == ["sanne@example.nl"]
    assert envelope.mail_options == []
    assert headers(envelope.data).isascii()


def test_a_sender_with_a_display_name_keeps_the_message_id_on_its_domain(tmp_path: Path) -> None:
    named = Settings(
        _env_file=None,
        var_dir=tmp_path,
        smtp_host="",
        mail_from="Kinderopvang De Regenboog <plaatsing@deregenboog.example>",
    )
    path = send_mail(to="sanne@example.nl", subject="Hallo", body="Hallo", settings=named)
    assert path is not None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["From"].addresses[0].display_name == "Kinderopvang De Regenboog"
    assert message["From"].addresses[0].addr_spec == "plaatsing@deregenboog.example"
    assert message["Message-ID"].endswith("@deregenboog.example>")
    assert ">>" not in message["Message-ID"]


def test_a_bare_sender_address_shows_the_organisation_s_name(tmp_path: Path) -> None:
    bare = Settings(
        _env_file=None,
        var_dir=tmp_path,
        smtp_host="",
        mail_from="plaatsing@deregenboog.example",
        organisation_name="Kinderopvang Zoë & Co",
    )
    path = send_mail(to="sanne@example.nl", subject="Hallo", body="Hallo", settings=bare)
    assert path is not None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["From"].addresses[0].display_name == "Kinderopvang Zoë & Co"
    assert message["From"].addresses[0].addr_spec == "plaatsing@deregenboog.example"
    assert message["Message-ID"].endswith("@deregenboog.example>")


def test_the_mails_and_the_chat_give_one_address(tmp_path: Path, monkeypatch) -> None:
    """Review30 P4: ORGANISATION_EMAIL is the sender of the mails (without MAIL_FROM) and
    the address the chat gives parents ({org_email}); not two different addresses."""
    monkeypatch.setenv("ORGANISATION_EMAIL", "info@zonnetje.example")
    from bot.conversation import texts

    assert texts.say("session_intro", "en").endswith("Email info@zonnetje.example.")
    assert texts.organisation_facts("je")["org_email"] == "info@zonnetje.example"
    own = Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    path = send_mail(to="sanne@example.nl", subject="Hallo", body="Hallo", settings=own)
    assert path is not None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["From"].addresses[0].addr_spec == "info@zonnetje.example"
    assert message["Message-ID"].endswith("@zonnetje.example>")
