"""Notifications of a new escalation: webhook with retries, e-mail outside office hours, and
never an exception or a wait for the caller."""

import email
import time

from bot.handoff.notify import Escalation, Notifier
from bot.settings import Settings
from tests.support.http_recorder import json_recorder


def escalation(office_open: bool) -> Escalation:
    return Escalation(
        handoff_id=7,
        reason="complaint",
        channel="whatsapp",
        identity_verified=True,
        registration_number="INS-004217",
        created_at="2026-11-23T20:00:00+00:00",
        office_open=office_open,
    )


def settings(tmp_path, **values) -> Settings:
    return Settings(var_dir=tmp_path, notify_backoff_seconds=0.05, console_port=8123, **values)


def test_webhook_is_retried_until_it_succeeds(tmp_path) -> None:
    with json_recorder() as hook:
        hook.fail_first = 2
        notifier = Notifier(settings(tmp_path, handoff_webhook_url=hook.url))
        notifier.notify(escalation(office_open=True))
        assert notifier.wait_idle(10)
    assert hook.attempts == 3
    (payload,) = hook.received
    assert payload == {
        "event": "handoff.created",
        "handoff_id": 7,
        "reason": "complaint",
        "reason_text": "klacht",
        "channel": "whatsapp",
        "identity_verified": True,
        "registration_number": "INS-004217",
        "created_at": "2026-11-23T20:00:00+00:00",
        "office_open": True,
        "url": "http://127.0.0.1:8123/conversations/7",
    }
    assert not list((tmp_path / "outbox").glob("*.eml"))  # inside office hours: no mail


def test_failed_webhook_never_blocks_and_mail_goes_out_of_hours(tmp_path) -> None:
    with json_recorder() as hook:
        hook.fail_first = 100
        notifier = Notifier(
            settings(
                tmp_path,
                handoff_webhook_url=hook.url,
                notify_attempts=3,
                staff_mailbox="team@example.nl",
            )
        )
        started = time.monotonic()
        notifier.notify(escalation(office_open=False))
        assert time.monotonic() - started < 0.1
        assert notifier.wait_idle(10)
    assert hook.attempts == 3 and hook.received == []
    (mail,) = (tmp_path / "outbox").glob("*.eml")
    message = email.message_from_bytes(mail.read_bytes())
    assert message["To"] == "team@example.nl"
    assert "#7" in message["Subject"]
    assert "/conversations/7" in message.get_payload(decode=True).decode()


def test_unreachable_webhook_is_given_up_quietly(tmp_path) -> None:
    notifier = Notifier(
        settings(tmp_path, handoff_webhook_url="http://127.0.0.1:9/hook", notify_attempts=2)
    )
    notifier.notify(escalation(office_open=True))
    assert notifier.wait_idle(10)
