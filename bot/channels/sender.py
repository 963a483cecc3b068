"""Sending a channel's messages to its provider's HTTP API with `requests`: Meta's Graph
API (WhatsApp Cloud API, Messenger Send API) takes JSON with a bearer token, Twilio's
Messages API a form with basic auth.

Retries with exponential back-off on 429 and 5xx and on connection errors; after the last
attempt one log line with the channel, the kind of message and the status, never the text
or the recipient. `requests` blocks, so each call runs in a worker thread.
"""

import asyncio
import logging
from typing import Any

import requests

log = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 0.5
TIMEOUT_SECONDS = 10


class RetryingSender:
    """Posts JSON with `Authorization: Bearer <access_token>` (Meta's Graph API)."""

    def __init__(self, channel: str, url: str, access_token: str) -> None:
        self.channel = channel
        self.url = url
        self.access_token = access_token

    async def send(self, payload: dict[str, Any], kind: str, attempts: int = ATTEMPTS) -> bool:
        """POST `payload`; True when the provider accepted it. `attempts`: 1 for what is
        worth nothing a few seconds later (a typing indicator)."""
        status = "no answer"
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
            try:
                answer = await asyncio.to_thread(self._post, payload)
            except requests.RequestException as error:
                status = type(error).__name__
                continue
            if answer.ok:
                return True
            status = str(answer.status_code)
            if answer.status_code != 429 and answer.status_code < 500:
                break
        log.error(
            "%s: sending failed (%s) after %d attempt(s); message kind: %s",
            self.channel,
            status,
            attempt + 1,
            kind,
        )
        return False

    def _post(self, payload: dict[str, Any]) -> requests.Response:
        return requests.post(
            self.url,
            json=payload,
            headers={"Authorization": f"Bearer {self.access_token}"},
            timeout=TIMEOUT_SECONDS,
        )


class RetryingFormSender(RetryingSender):
    """Posts a form with basic auth (`user`, `access_token`), as Twilio's REST API wants."""

    def __init__(self, channel: str, url: str, user: str, access_token: str) -> None:
        super().__init__(channel, url, access_token)
        self.user = user

    def _post(self, payload: dict[str, Any]) -> requests.Response:
        auth = (self.user, self.access_token)
        return requests.post(self.url, data=payload, auth=auth, timeout=TIMEOUT_SECONDS)
