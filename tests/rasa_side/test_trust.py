"""Who may speak in a conversation whose id the client names (bot/channels/trust.py)."""

import pytest

from bot.channels.rest import SafeRestInput
from bot.channels.trust import bearer_matches, is_reserved, is_same_machine


@pytest.mark.parametrize(
    "sender",
    ["whatsapp:+31612345678", "twilio:+3161", "messenger:1", "website:abc", " WhatsApp:+31"],
)
def test_other_channels_ids_are_reserved(sender: str) -> None:
    assert is_reserved(sender)


@pytest.mark.parametrize("sender", ["ouder-1", "test-abc", "app:42", "whatsapp"])
def test_own_ids_are_not_reserved(sender: str) -> None:
    assert not is_reserved(sender)


def test_a_bearer_token_must_match_exactly() -> None:
    assert bearer_matches("Bearer s3cret", "s3cret")
    assert bearer_matches("bearer s3cret", "s3cret")
    for header in (None, "", "Bearer", "Bearer s3cre", "Basic s3cret", "s3cret", "Bearer s3cretX"):
        assert not bearer_matches(header, "s3cret")
    assert not bearer_matches("Bearer ", "")  # no token configured: nothing matches


def test_only_direct_loopback_callers_are_this_machine() -> None:
    assert is_same_machine("127.0.0.1", {})
    assert is_same_machine("::1", {"Content-Type": "application/json"})
    assert not is_same_machine("192.168.1.5", {})
    assert not is_same_machine("127.0.0.1", {"X-Forwarded-For": "203.0.113.7"})
    assert not is_same_machine("127.0.0.1", {"forwarded": "for=203.0.113.7"})
    assert not is_same_machine(None, {})
    assert not is_same_machine("not an address", {})


class FakeRequest:
    def __init__(self, ip: str, headers: dict[str, str]) -> None:
        self.ip, self.headers = ip, headers


def test_with_rest_token_even_this_machine_must_show_it() -> None:
    from bot.channels.rest import admitted

    assert not admitted(FakeRequest("127.0.0.1", {}), "t0ken")  # type: ignore[arg-type]
    assert admitted(FakeRequest("203.0.113.7", {"authorization": "Bearer t0ken"}), "t0ken")  # type: ignore[arg-type]
    assert admitted(FakeRequest("127.0.0.1", {}), "")  # type: ignore[arg-type]
    assert not admitted(FakeRequest("203.0.113.7", {}), "")  # type: ignore[arg-type]


def test_the_rest_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REST_TOKEN", "from-env")
    assert SafeRestInput().token == "from-env"
    monkeypatch.delenv("REST_TOKEN")
    assert SafeRestInput().token == ""
