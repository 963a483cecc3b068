"""How the Rasa server runs (`make run`): bodies over 1 MB are refused before they are
buffered, and only the Rasa server's own pages may open website chats by default."""

import requests

from tests.support.stack import RunningStack

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def test_a_body_over_a_megabyte_is_refused_before_it_is_read(default_stack: RunningStack) -> None:
    big = b'{"sender": "big-1", "message": "' + b"a" * 2_000_000 + b'"}'
    for path in ("/webhooks/rest/webhook", "/webhooks/whatsapp/webhook"):
        answer = requests.post(
            f"{default_stack.rasa_url}{path}",
            data=big,
            headers={"content-type": "application/json"},
            timeout=30,
        )
        assert answer.status_code == 413


def test_only_the_servers_own_pages_may_open_a_website_chat(default_stack: RunningStack) -> None:
    def handshake(origin: str) -> int:
        url = f"{default_stack.rasa_url}{HANDSHAKE}"
        return requests.get(url, headers={"origin": origin}, timeout=30).status_code

    assert handshake(default_stack.rasa_url) == 200  # the demo site
    assert handshake("https://evil.example") == 400
