"""The console's one client for Rasa's HTTP API (token auth).

While a person has the conversation Rasa answers nothing, so the console reads the
parent's messages from the tracker (GET /conversations/{id}/tracker) and speaks through
POST /conversations/{id}/tracker/events with output_channel=latest and
execute_side_effects=true: the message goes out on the channel the parent last used and
is recorded in the conversation like any bot message, marked as staff in its metadata.
"""

from typing import Any

import requests

TIMEOUT = 10


class RasaError(RuntimeError):
    pass


class RasaClient:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _call(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json: Any = None
    ) -> Any:
        query = {"token": self.token, **(params or {})}
        try:
            response = requests.request(
                method, f"{self.base_url}{path}", params=query, json=json, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise RasaError(f"Rasa is not reachable: {type(error).__name__}") from error
        if not response.ok:
            raise RasaError(f"Rasa answered {response.status_code} to {method} {path}")
        return response.json()

    def tracker(self, sender_id: str) -> dict[str, Any]:
        return self._call(
            "GET", f"/conversations/{_quote(sender_id)}/tracker", params={"include_events": "ALL"}
        )

    def append(self, sender_id: str, events: list[dict[str, Any]], *, send: bool) -> None:
        """Append `events`; with `send`, bot events also go out on the latest channel."""
        params = {"output_channel": "latest", "execute_side_effects": "true"} if send else {}
        self._call(
            "POST",
            f"/conversations/{_quote(sender_id)}/tracker/events",
            params=params,
            json=events,
        )

    def execute(self, sender_id: str, action: str) -> None:
        self._call(
            "POST",
            f"/conversations/{_quote(sender_id)}/execute",
            params={"output_channel": "latest"},
            json={"name": action},
        )


def _quote(sender_id: str) -> str:
    return requests.utils.quote(sender_id, safe="")


def staff_message(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {"source": "staff"}}


def bot_message(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {"source": "handoff"}}
