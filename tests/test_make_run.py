"""`make run` as a new user runs it: it starts the real servers and they answer in Dutch."""

import subprocess

import pytest
import requests

from tests.support.stack import ROOT, RunningStack


def test_make_run_answers_a_dutch_greeting_over_rest(default_stack: RunningStack) -> None:
    reply = requests.post(
        f"{default_stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": "test-greeting", "message": "Hallo!"},
        timeout=30,
    )
    assert reply.status_code == 200
    texts = " ".join(message.get("text", "") for message in reply.json())
    assert "digitale assistent" in texts
    assert "medewerker" in texts


def test_make_run_prints_where_to_chat(default_stack: RunningStack) -> None:
    assert f"{default_stack.rasa_url}/webhooks/rest/webhook" in default_stack.text()


def test_second_make_run_neither_reinstalls_nor_retrains(default_stack: RunningStack) -> None:
    # `make test` has set everything up before this session started the stack.
    output = default_stack.text()
    assert "==> installing" not in output
    assert "inputs changed" not in output


def test_action_server_is_up(default_stack: RunningStack) -> None:
    assert requests.get(f"{default_stack.action_url}/health", timeout=5).json() == {"status": "ok"}


@pytest.mark.integration  # runs make
def test_make_help_lists_the_two_commands() -> None:
    out = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "make run" in out.stdout
    assert "make test" in out.stdout
