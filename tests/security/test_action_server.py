"""The action server trusts nobody but Rasa (bot/action_side/server.py), against `make run`.

A tracker posted to the action server is believed: with `identity_verified` or a number
and birth date in its slots it reads a child's status or mails a code. So it listens on
loopback only and answers 401 to every call without the token only Rasa has."""

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.chat import Chat
from tests.support.dates import month_day
from tests.support.logs import logged
from tests.support.processes import listening_addresses, stack_processes, stack_secret
from tests.support.registrations import Family, import_families
from tests.support.stack import RunningStack

FAMILY = Family("INS-970001", "Ilse", month_day(-20, 3), "ilse@example.nl", "+31611110001")


@pytest.fixture(scope="module")
def family(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Family:
    import_families(default_stack, tmp_path_factory.mktemp("import-actions"), FAMILY)
    return FAMILY


def resend_code_call(family: Family) -> dict:
    """What Rasa would post to have a code mailed: the form at the code step, number and
    birth date in the slots (the action checks them against the registration)."""
    slots = {
        "registration_number": family.number,
        "child_birth_date": family.birth_date.isoformat(),
        "requested_slot": "verification_code",
    }
    return {
        "next_action": "action_resend_code",
        "sender_id": "attacker-1",
        "version": "3.6.0",
        "domain": {},
        "tracker": {
            "sender_id": "attacker-1",
            "slots": slots,
            "latest_message": {"intent": {"name": "inform"}, "entities": [], "text": "x"},
            "latest_event_time": 1.0,
            "followup_action": None,
            "paused": False,
            "events": [],
            "latest_input_channel": "rest",
            "active_loop": {"name": "identity_form"},
            "latest_action_name": "action_listen",
        },
    }


def post(url: str, **kwargs: Any) -> requests.Response:
    return requests.post(url, timeout=30, **kwargs)


def mails_to(outbox: Path, address: str) -> int:
    return sum(address in path.read_text(errors="replace") for path in outbox.glob("*.eml"))


def test_it_listens_on_loopback_only(default_stack: RunningStack) -> None:
    addresses = listening_addresses(int(default_stack.env["ACTION_PORT"]))
    assert addresses and addresses <= {"127.0.0.1", "::1"}


def test_calls_without_the_token_are_refused_before_any_action_runs(
    default_stack: RunningStack, family: Family
) -> None:
    outbox = default_stack.var_dir / "outbox"
    body = json.dumps(resend_code_call(family))
    webhook = f"{default_stack.action_url}/webhook"
    refused = [
        post(webhook, data=body, headers={"content-type": "application/json"}),
        post(webhook, data=body, headers={"authorization": "Bearer wrong-token"}),
        # a form in a staff member's browser: no JSON content type, no preflight
        post(webhook, data=body, headers={"content-type": "text/plain"}),
        post(webhook, data=body, params={"token": "wrong-token"}),
        requests.get(f"{default_stack.action_url}/actions", timeout=30),
    ]
    assert [answer.status_code for answer in refused] == [401] * len(refused)
    assert all("Ilse" not in answer.text for answer in refused)
    assert mails_to(outbox, family.email) == 0

    token = stack_secret(default_stack, "ACTION_SERVER_TOKEN")
    accepted = post(webhook, data=body, headers={"authorization": f"Bearer {token}"})
    assert accepted.status_code == 200  # the same call from Rasa runs (and mails a code)
    assert mails_to(outbox, family.email) == 1


def test_a_failing_call_is_answered_without_the_tracker(production_stack: RunningStack) -> None:
    """On the production stack: the failure it logs on purpose would count against the
    default stack's clean log (tests/conversation/test_zz_stack_logs.py)."""
    token = stack_secret(production_stack, "ACTION_SERVER_TOKEN")
    body = {"next_action": "action_resend_code", "tracker": None, "marker": "INS-970001"}
    answer = post(
        f"{production_stack.action_url}/webhook",
        json=body,
        headers={"authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 500
    assert "INS-970001" not in answer.text
    failure = "Exception occurred during execution of request to /webhook: TypeError"
    log = logged(production_stack.var_dir / "log" / "actions.log", failure)
    assert failure in log
    assert "INS-970001" not in log


def test_rasa_sends_the_token_and_no_secret_is_on_a_command_line(
    default_stack: RunningStack,
) -> None:
    chat = Chat(default_stack)
    # a custom action answers this (action_answer_faq): Rasa's calls get through
    assert "digitale assistent" in chat.say_text("Hallo")
    assert "inschrijfnummer" in chat.say_text("Is er al plek voor mijn kind?")
    secrets = [stack_secret(default_stack, name) for name in ("ACTION_SERVER_TOKEN", "RASA_TOKEN")]
    assert all(len(secret) >= 32 for secret in secrets)
    for process in stack_processes(default_stack):
        assert not any(secret in arg for arg in process.argv for secret in secrets)


def test_the_action_server_limits_bodies_and_slow_requests() -> None:
    """Sanic's defaults: 100 MB bodies read before the token is checked, a minute for
    headers; no process needed to see the app's settings."""
    from bot.action_side.server import MAX_BODY_BYTES, create_guarded_app
    from bot.settings import Settings

    app = create_guarded_app(Settings(action_server_token="t"))
    assert app.config.REQUEST_MAX_SIZE == MAX_BODY_BYTES <= 20_000_000
    assert app.config.REQUEST_TIMEOUT <= 10 and app.config.RESPONSE_TIMEOUT <= 60
