"""A staff member in the running stack's console, over its JSON API (/api/) as the console's
pages use it: logged in through the login form as the demo admin, CSRF token echoed on
every change."""

import re
import time
from typing import Any
from urllib.parse import urlsplit

import requests
from playwright.sync_api import Page, expect

from tests.support.second_factor import STACK_DEVICES, keep_recovery_codes, set_up_from_page
from tests.support.stack import RunningStack

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def page_csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(http: requests.Session, url: str, email: str, password: str) -> requests.Response:
    """Through the login form and, for an admin, the second factor: set up at the first
    sign-in on this stack (tests/support/second_factor.py), its codes after that."""
    form = http.get(f"{url}/login", timeout=10)
    page = http.post(
        f"{url}/login",
        data={"email": email, "password": password, "csrf_token": page_csrf(form.text)},
        timeout=10,
    )
    path = urlsplit(page.url).path
    if path == "/login/setup":
        device = set_up_from_page(url, page.text)
        done = http.post(
            f"{url}/login/setup",
            data={"code": device.current(), "csrf_token": page_csrf(page.text)},
            timeout=10,
        )
        assert done.ok, "the second factor was not set up"
        keep_recovery_codes(url, done.text)
        return http.get(f"{url}/", timeout=10)
    if path == "/login/code":
        code = STACK_DEVICES[url].code()
        return http.post(
            f"{url}/login/code",
            data={"code": code, "csrf_token": page_csrf(page.text)},
            timeout=10,
        )
    return page


class StaffConsole:
    def __init__(self, stack: RunningStack, login: tuple[str, str] | None = None) -> None:
        """Logged in as the demo admin, or with `login` (e-mail, password)."""
        self.url = stack.console_url
        self.http = requests.Session()
        email, password = login or (stack.var_dir / "demo-admin.txt").read_text().split()
        page = sign_in(self.http, self.url, email, password)
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


def sign_in_browser(page: Page, url: str, email: str, password: str) -> None:
    """`sign_in` as a person does it in Chromium: the form, then the set-up or the code."""
    page.goto(f"{url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    path = urlsplit(page.url).path
    if path == "/login/setup":
        device = set_up_from_page(url, page.content())
        page.fill("input[name=code]", device.current())
        page.click("button[type=submit]")
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        keep_recovery_codes(url, page.content())
        page.click("text=Verder naar de console")
    elif path == "/login/code":
        page.fill("input[name=code]", STACK_DEVICES[url].code())
        page.click("button[type=submit]")
