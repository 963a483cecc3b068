"""Small HTTP servers on loopback for tests: a recorder of JSON posts (a webhook receiver,
Rasa's callback channel target) that can be told to fail the first N requests."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# serve_forever's shutdown waits for the next poll: 0.5 s per server by default
QUICK_SHUTDOWN = {"poll_interval": 0.05}


@dataclass
class Recorder:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    fail_first: int = 0

    def wait_for(self, predicate: Any, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in list(self.received):
                if predicate(body):
                    return body
            time.sleep(0.05)
        raise AssertionError(f"nothing matching arrived within {timeout} s: {self.received}")


@contextmanager
def json_recorder(path: str = "/hook") -> Iterator[Recorder]:
    recorder = Recorder(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            recorder.attempts += 1
            if recorder.attempts <= recorder.fail_first:
                self.send_response(503)
                self.end_headers()
                return
            recorder.received.append(json.loads(body or b"{}"))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
