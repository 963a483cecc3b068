"""Limits our Sanic servers (Rasa, the action server) set before anyone is authenticated:
Sanic refuses a body over `max_body_bytes` with 413 (by Content-Length, and as it streams
in), closes a connection whose headers have not arrived within REQUEST_TIMEOUT (408), and
one whose body and answer take longer than `response_seconds` (Rasa's own default is an
hour, so a trickled body held a connection that long). Plain Python: both environments."""

from typing import Any

REQUEST_TIMEOUT = 10  # seconds from the connection (or the last answer) to the headers
RESPONSE_TIMEOUT = 60  # seconds for the body and the answer; turns take a few


def limit(app: Any, *, max_body_bytes: int) -> Any:
    app.config.REQUEST_MAX_SIZE = max_body_bytes
    app.config.REQUEST_TIMEOUT = REQUEST_TIMEOUT
    app.config.RESPONSE_TIMEOUT = RESPONSE_TIMEOUT
    return app
