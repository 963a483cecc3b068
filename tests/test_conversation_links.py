"""The signed tokens that lead a parent back to a conversation
(bot/shared/conversation_links.py)."""

from datetime import timedelta

import pytest

from bot.shared import clock
from bot.shared.conversation_links import (
    LinkRefused,
    link_sender,
    link_token,
    reply_address,
    reply_handoff,
)

SECRET = "s" * 64
SENDER = "website:" + "0123456789abcdef" * 2


def refusal(call) -> str:
    with pytest.raises(LinkRefused) as refused:
        call()
    return refused.value.reason


def test_a_link_opens_its_own_conversation_until_it_expires() -> None:
    now = clock.now()
    token = link_token(SECRET, SENDER, now=now, days=14)
    assert link_sender(SECRET, token, now=now + timedelta(days=14)) == SENDER
    assert refusal(lambda: link_sender(SECRET, token, now=now + timedelta(days=15))) == "expired"


def test_an_altered_link_or_another_secret_is_refused() -> None:
    now = clock.now()
    token = link_token(SECRET, SENDER, now=now, days=14)
    random_part, expiry, signature = token.split(".")
    later = f"{random_part}.{int(expiry) + 100}.{signature}"
    other = f"{'f' * 32}.{expiry}.{signature}"
    for wrong in (later, other, token + "0", "", None, "ë" * 10):
        assert refusal(lambda wrong=wrong: link_sender(SECRET, wrong, now=now)) == "altered"
    assert refusal(lambda: link_sender("other", token, now=now)) == "altered"


def test_only_a_website_conversation_has_a_link() -> None:
    with pytest.raises(ValueError):
        link_token(SECRET, "whatsapp:+31612345678", now=clock.now(), days=14)


def test_a_reply_address_names_its_handoff_in_any_case() -> None:
    now = clock.now()
    address = reply_address(SECRET, 42, "example.nl", now=now, days=14)
    assert address.startswith("reply+42-")
    assert reply_handoff(SECRET, address, "example.nl", now=now) == 42
    assert reply_handoff(SECRET, f"<{address.upper()}>", "EXAMPLE.NL", now=now) == 42


def test_a_forged_expired_or_misdirected_reply_address_is_refused() -> None:
    now = clock.now()
    address = reply_address(SECRET, 42, "example.nl", now=now, days=14)
    forged = address.replace("reply+42-", "reply+43-")
    assert refusal(lambda: reply_handoff(SECRET, forged, "example.nl", now=now)) == "altered"
    assert refusal(lambda: reply_handoff(SECRET, address, "other.nl", now=now)) == "altered"
    assert refusal(lambda: reply_handoff(SECRET, "info@example.nl", "example.nl", now=now)) == (
        "altered"
    )
    late = now + timedelta(days=15)
    assert refusal(lambda: reply_handoff(SECRET, address, "example.nl", now=late)) == "expired"
    # a link's token is no reply address: each kind has its own key
    token = link_token(SECRET, SENDER, now=now, days=14)
    assert refusal(
        lambda: reply_handoff(SECRET, f"reply+{token}@example.nl", "example.nl", now=now)
    )
