"""Tells head office of a new escalation: a JSON webhook (CRM, Teams, Slack) and, outside
office hours, an e-mail to the staff mailbox. Each delivery is retried with back-off in a
background thread; the handoff never waits for it and never fails because of it.

The payload carries no message text: only the reason, channel, whether the parent is
verified, the registration number when verified, and the link to the console.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import requests

from bot.handoff.reasons import describe
from bot.mail.sending import send_mail
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Escalation:
    handoff_id: int
    reason: str
    channel: str
    identity_verified: bool
    registration_number: str | None
    created_at: str
    office_open: bool

    def payload(self, console_url: str) -> dict[str, Any]:
        return {
            "event": "handoff.created",
            "handoff_id": self.handoff_id,
            "reason": self.reason,
            "reason_text": describe(self.reason),
            "channel": self.channel,
            "identity_verified": self.identity_verified,
            "registration_number": self.registration_number,
            "created_at": self.created_at,
            "office_open": self.office_open,
            "url": f"{console_url}/conversations/{self.handoff_id}",
        }


class Notifier:
    """One worker thread draining a queue of deliveries; `notify` only enqueues."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jobs: queue.Queue[tuple[str, Callable[[], None]]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def notify(self, escalation: Escalation) -> None:
        payload = escalation.payload(self.settings.resolved_console_url)
        if self.settings.handoff_webhook_url:
            self._enqueue("webhook", lambda: self._post_webhook(payload))
        if not escalation.office_open and self.settings.staff_mailbox:
            self._enqueue("mail", lambda: self._send_mail(payload))

    def wait_idle(self, timeout: float) -> bool:
        """For tests and shutdown: True when every queued delivery has finished."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self._jobs.unfinished_tasks

    def _enqueue(self, kind: str, job: Callable[[], None]) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="notifier", daemon=True)
                self._worker.start()
        self._jobs.put((kind, job))

    def _run(self) -> None:
        while True:
            kind, job = self._jobs.get()
            try:
                self._with_retries(kind, job)
            finally:
                self._jobs.task_done()

    def _with_retries(self, kind: str, job: Callable[[], None]) -> None:
        attempts = max(1, self.settings.notify_attempts)
        for attempt in range(1, attempts + 1):
            try:
                job()
                return
            except Exception as error:
                log.warning(
                    "handoff %s notification attempt %d/%d failed: %s",
                    kind,
                    attempt,
                    attempts,
                    type(error).__name__,
                )
                if attempt < attempts:
                    time.sleep(self.settings.notify_backoff_seconds * 2 ** (attempt - 1))
        log.error("handoff %s notification given up after %d attempts", kind, attempts)

    def _post_webhook(self, payload: dict[str, Any]) -> None:
        response = requests.post(self.settings.handoff_webhook_url, json=payload, timeout=10)
        response.raise_for_status()

    def _send_mail(self, payload: dict[str, Any]) -> None:
        registration = payload["registration_number"] or "niet geverifieerd"
        body = (
            "Er wacht een gesprek op een medewerker (buiten kantooruren binnengekomen).\n\n"
            f"Reden: {payload['reason_text']}\n"
            f"Kanaal: {payload['channel']}\n"
            f"Inschrijving: {registration}\n"
            f"Binnengekomen: {payload['created_at']}\n\n"
            f"Open het gesprek in de medewerkersconsole: {payload['url']}\n"
        )
        send_mail(
            to=self.settings.staff_mailbox,
            subject=f"Doorverbonden gesprek #{payload['handoff_id']}: {payload['reason_text']}",
            body=body,
            settings=self.settings,
        )


@lru_cache
def shared_notifier() -> Notifier:
    """The process's notifier (one worker thread), made on first use."""
    return Notifier(get_settings())
