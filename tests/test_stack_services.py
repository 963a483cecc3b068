"""Which services `make run` starts on this machine."""

from pathlib import Path

from bot.settings import Settings
from bot.stack import Stack


def started(**settings: str) -> list[str]:
    stack = Stack(Settings(_env_file=None, **settings), Path(".venv/rasa"))
    return [service.name for service in stack.services]


def test_the_embedded_default_starts_everything() -> None:
    assert started() == ["actions", "rasa", "console"]


def test_an_action_server_on_another_machine_is_not_started_here() -> None:
    remote = started(action_endpoint_url="http://10.0.0.7:5055/webhook")
    assert remote == ["rasa", "console"]


def test_an_explicit_local_action_endpoint_still_starts_it() -> None:
    assert "actions" in started(action_endpoint_url="http://127.0.0.1:5055/webhook")
