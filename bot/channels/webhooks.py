"""What every Meta webhook (WhatsApp Cloud API, Messenger) needs before a body is trusted.

- The GET verification handshake: Meta sends `hub.mode=subscribe`, the verify token we
  configured and a challenge to echo.
- POST bodies at most MAX_BODY_BYTES, signed with `X-Hub-Signature-256` (HMAC-SHA256 of
  the raw body with the app secret), compared in constant time.
"""

import hashlib
import hmac
import json
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_BODY_BYTES = 1024 * 1024


class Rejected(Exception):
    """A webhook request we refuse; `answer` is the HTTP response to give."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.answer = response.json({"error": reason}, status=status)


def verification_answer(request: Request, verify_token: str) -> HTTPResponse:
    mode = request.args.get("hub.mode", "")
    token = request.args.get("hub.verify_token", "")
    challenge = request.args.get("hub.challenge", "")
    matches = hmac.compare_digest(token.encode(), verify_token.encode())
    if mode == "subscribe" and verify_token and matches:
        return response.text(challenge)
    return response.json({"error": "verification failed"}, status=403)


def signature_of(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verified_json(request: Request, app_secret: str) -> dict[str, Any]:
    """The request's JSON object, once its size and signature are checked; else Rejected."""
    declared = request.headers.get("content-length", "0")
    body = request.body or b""
    if (declared.isdigit() and int(declared) > MAX_BODY_BYTES) or len(body) > MAX_BODY_BYTES:
        raise Rejected(413, "body too large")
    given = request.headers.get("x-hub-signature-256", "")
    if not hmac.compare_digest(given.encode(), signature_of(body, app_secret).encode()):
        raise Rejected(403, "invalid signature")
    try:
        payload = json.loads(body)
    except ValueError:
        raise Rejected(400, "body is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise Rejected(400, "expected a JSON object with an 'entry' list")
    return payload
