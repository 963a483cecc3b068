"""Who may speak in a conversation whose id the client names (bot/channels/trust.py)."""

import pytest

from bot.channels.rest import SafeRestInput, admitted, forbidden
from bot.channels.trust import bearer_matches, browser_refusal, is_reserved, is_same_machine
from bot.shared.forwarded import trusted_proxies


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


@pytest.mark.parametrize(
    "header", ["X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "Via"]
)
def test_proxies_that_name_the_client_otherwise_are_relays_too(header: str) -> None:
    assert not is_same_machine("127.0.0.1", {header: "203.0.113.7"})


NGINX = trusted_proxies("127.0.0.1")


def test_only_a_configured_proxy_may_name_the_client() -> None:
    """The production profile's nginx forwards local and remote callers alike; its
    X-Forwarded-For is believed, and nobody else's."""
    local = {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http"}
    assert is_same_machine("127.0.0.1", local, NGINX)
    assert is_same_machine("127.0.0.1", {}, NGINX)  # straight to the process
    assert not is_same_machine("127.0.0.1", {"X-Forwarded-For": "203.0.113.7"}, NGINX)
    # a caller who claims to be local: nginx appends the address it saw
    assert not is_same_machine("127.0.0.1", {"X-Forwarded-For": "127.0.0.1, 203.0.113.7"}, NGINX)
    # a relay nginx does not know of, in front of it
    assert not is_same_machine("127.0.0.1", {**local, "X-Real-IP": "203.0.113.7"}, NGINX)
    # an address that is not the proxy's is not believed
    assert not is_same_machine("10.0.0.9", local, NGINX)
    assert not is_same_machine("127.0.0.1", local, trusted_proxies(""))


def test_proxies_are_addresses_or_networks() -> None:
    assert len(trusted_proxies(" 127.0.0.1, 10.0.0.0/24,::1 ")) == 3
    with pytest.raises(ValueError, match="FORWARDED_ALLOW_IPS"):
        trusted_proxies("nginx.internal")


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "127.0.0.1:5005"},
        {"Host": "localhost:5005"},
        {"host": "[::1]:5005"},
        {"Host": "LOCALHOST"},
        {"Host": "127.0.0.1:5005", "Origin": "http://127.0.0.1:5005"},
    ],
)
def test_local_clients_are_no_browser_pages(headers: dict[str, str]) -> None:
    assert browser_refusal(headers) is None


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        # a page on another site posting text/plain JSON: no preflight, but its Origin
        ({"Host": "127.0.0.1:5005", "Origin": "https://evil.example"}, "Origin"),
        ({"Host": "127.0.0.1:5005", "Origin": "null"}, "Origin"),
        ({"Host": "127.0.0.1:5005", "Origin": "http://127.0.0.1:8000"}, "Origin"),
        # DNS rebinding: the page's own name now points at 127.0.0.1
        ({"Host": "attacker.example:5005"}, "Host"),
        ({"Host": "attacker.example:5005", "Origin": "http://attacker.example:5005"}, "Host"),
        ({"Host": "127.0.0.1.attacker.example"}, "Host"),
        ({"Host": "localhost@attacker.example"}, "Host"),
        ({}, "Host"),
    ],
)
def test_browser_pages_on_this_machine_are_refused(headers: dict[str, str], reason: str) -> None:
    refusal = browser_refusal(headers)
    assert refusal is not None and reason in refusal


class FakeRequest:
    def __init__(self, ip: str, headers: dict[str, str]) -> None:
        self.ip, self.headers = ip, headers


def test_without_rest_token_a_browser_page_is_forbidden_and_with_it_needs_the_token() -> None:
    page = FakeRequest("127.0.0.1", {"Host": "127.0.0.1:5005", "Origin": "https://evil.example"})
    assert admitted(page, "")  # type: ignore[arg-type]
    assert forbidden(page, "")  # type: ignore[arg-type]
    assert not admitted(page, "t0ken")  # type: ignore[arg-type]
    assert forbidden(page, "t0ken") is None  # type: ignore[arg-type]
    curl = FakeRequest("127.0.0.1", {"Host": "127.0.0.1:5005", "Content-Type": "text/plain"})
    assert admitted(curl, "") and forbidden(curl, "") is None  # type: ignore[arg-type]


def test_with_rest_token_even_this_machine_must_show_it() -> None:
    assert not admitted(FakeRequest("127.0.0.1", {}), "t0ken")  # type: ignore[arg-type]
    assert admitted(FakeRequest("203.0.113.7", {"authorization": "Bearer t0ken"}), "t0ken")  # type: ignore[arg-type]
    assert admitted(FakeRequest("127.0.0.1", {}), "")  # type: ignore[arg-type]
    assert not admitted(FakeRequest("203.0.113.7", {}), "")  # type: ignore[arg-type]


def test_the_rest_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REST_TOKEN", "from-env")
    assert SafeRestInput().token == "from-env"
    monkeypatch.delenv("REST_TOKEN")
    assert SafeRestInput().token == ""


def test_the_rest_channel_believes_the_proxies_of_forwarded_allow_ips(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relayed = FakeRequest("127.0.0.1", {"Host": "127.0.0.1:5005", "X-Forwarded-For": "127.0.0.1"})
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert not SafeRestInput().admits(relayed)  # type: ignore[arg-type]
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
    assert SafeRestInput().admits(relayed)  # type: ignore[arg-type]
