"""A staff member in the running stack's console, over its JSON API (/api/) as the console's
pages use it: logged in through the login form as the demo admin, CSRF token echoed on
every change."""

import re
import time
from typing import Any

import requests

from tests.support.stack import RunningStack

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def page_csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class StaffConsole:
    def __init__(self, stack: RunningStack, login: tuple[str, str] | None = None) -> None:
        """Logged in as the demo admin, or with `login` (e-mail, password)."""
        self.url = stack.console_url
        self.http = requests.Session()
        email, password = login or (stack.var_dir / "demo-admin.txt").read_text().split()
        form = self.http.get(f"{self.url}/login", timeout=10)
        page = self.http.post(
            f"{self.url}/login",
            data={"email": email, "password": password, "csrf_token": page_csrf(form.text)},
            timeout=10,
        )
        # staff land on the queue, management on the dashboard
        landed = page.url.rstrip("/") in (self.url, f"{self.url}/dashboard")
        assert page.ok and landed, "logging in failed"
        self.csrf = page_csrf(page.text)
        # management may not read /api/me (only the dashboard and the request list)
        self.staff_name = self.get("/me")["name"] if login is None else ""
        self._senders: dict[int, str] = {}  # handoff id: conversation id, once looked at

    def get(self, path: str) -> Any:
        response = self.http.get(f"{self.url}/api{path}", timeout=30)
        assert response.ok, (path, response.status_code, response.text)
        return response.json()

    def post(self, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        return self.http.post(
            f"{self.url}/api{path}",
            json=body,
            headers={"X-CSRF-Token": self.csrf},
            timeout=30,
        )

    def open_handoff(self, sender_id: str, timeout: float = 10) -> dict[str, Any]:
        """The queue entry of the conversation `sender_id`, opened (the context panel)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for row in self.get("/queue"):
                if row["id"] not in self._senders:
                    detail = self.get(f"/conversations/{row['id']}")
                    self._senders[row["id"]] = detail["sender_id"]
                if self._senders[row["id"]] == sender_id:
                    return self.get(f"/conversations/{row['id']}")
            time.sleep(0.3)
        raise AssertionError(f"the conversation {sender_id!r} is not in the queue")

    def wait_for_parent_message(
        self, handoff_id: int, text: str, timeout: float = 10
    ) -> dict[str, Any]:
        """The live feed (what the open conversation view polls) once it shows `text`."""
        deadline = time.monotonic() + timeout
        while True:
            feed = self.get(f"/conversations/{handoff_id}/messages")
            said = [m["text"] for m in feed["messages"] if m["who"] == "parent"]
            if text in said or time.monotonic() > deadline:
                assert text in said, said
                return feed
            time.sleep(0.3)
