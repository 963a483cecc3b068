"""A stand-in for Meta's Graph API (and Twilio's Messages API) on loopback: it accepts
WhatsApp Cloud API, Messenger Send API and Twilio calls in their format, records them, and
can be told to fail."""

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.support.ports import free_port


@dataclass
class Sent:
    path: str
    authorization: str
    body: dict[str, Any]

    @property
    def recipient(self) -> str:
        if "To" in self.body:  # Twilio
            return self.body["To"]
        return self.body.get("to") or self.body.get("recipient", {}).get("id", "")


class FakeGraphApi:
    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/v19.0"
        self.twilio_url = f"http://127.0.0.1:{port}/2010-04-01"
        self.port = port
        self._sent: list[Sent] = []
        self._failures: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def fail(self, recipient: str, *statuses: int) -> None:
        """Answer the next calls for `recipient` with these error statuses."""
        with self._lock:
            self._failures[recipient] = list(statuses)

    def read_with_typing(self, message_id: str) -> list[Sent]:
        """The WhatsApp calls marking `message_id` read with a typing indicator."""
        with self._lock:
            return [
                sent
                for sent in self._sent
                if sent.body.get("message_id") == message_id and "typing_indicator" in sent.body
            ]

    def sent_to(self, recipient: str) -> list[Sent]:
        with self._lock:
            return [sent for sent in self._sent if sent.recipient == recipient]

    def wait_for(self, recipient: str, count: int = 1, timeout: float = 20) -> list[Sent]:
        """The calls for `recipient`, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.sent_to(recipient)
            if len(sent) >= count:
                return sent
            time.sleep(0.1)
        raise AssertionError(f"{len(self.sent_to(recipient))} of {count} calls to {recipient}")

    def _record(self, sent: Sent) -> int:
        with self._lock:
            self._sent.append(sent)
            failures = self._failures.get(sent.recipient)
            return failures.pop(0) if failures else 200

    def handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                raw = self.rfile.read(length)
                if self.headers.get("content-type", "").startswith("application/x-www-form"):
                    body = {name: value for name, value in parse_qsl(raw.decode())}
                else:
                    body = json.loads(raw)
                sent = Sent(self.path, self.headers.get("authorization", ""), body)
                status = api._record(sent)
                if status == 200:
                    answer = {"messages": [{"id": "wamid.fake"}], "message_id": "m.fake"}
                else:
                    answer = {"error": {"message": "fake failure", "code": status}}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@contextmanager
def running_graph_api() -> Iterator[FakeGraphApi]:
    api = FakeGraphApi(free_port())
    server = ThreadingHTTPServer(("127.0.0.1", api.port), api.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
