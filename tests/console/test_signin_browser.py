"""Signing in as staff do it, in Chromium against the running stack (`make run`): the demo
admin signs in with the second factor of an authenticator app, adds a colleague, and the
colleague, who forgot the password, sets a new one through the link in the e-mail (read
from the stack's outbox) and signs in with it."""

import email
import re
import uuid
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.support.console import sign_in_browser
from tests.support.second_factor import STACK_DEVICES
from tests.support.stack import RunningStack


def reset_link(outbox: Path, to: str) -> str:
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if mail["To"] == to:
            match = re.search(r"\S+/login/reset\?token=\S+", mail.get_content())
            assert match, "the mail has no link"
            return match.group(0)
    raise AssertionError(f"no mail to {to} in {outbox}")


@pytest.mark.browser  # a running stack (`make run`) driven through Chromium
def test_an_admin_signs_in_with_a_second_factor_and_a_colleague_resets_a_forgotten_password(
    default_stack: RunningStack, browser: Browser, screenshots: Path
) -> None:
    url = default_stack.console_url
    email_address, password = (default_stack.var_dir / "demo-admin.txt").read_text().split()

    admin = browser.new_page()
    sign_in_browser(admin, url, email_address, password)  # sets the factor up the first time
    expect(admin).to_have_url(f"{url}/")
    admin.click("text=Uitloggen")
    admin.fill("input[name=email]", email_address)
    admin.fill("input[name=password]", password)
    admin.click("button[type=submit]")
    expect(admin).to_have_url(f"{url}/login/code")  # the password alone is not enough
    admin.fill("input[name=code]", STACK_DEVICES[url].wrong_code())
    admin.click("button[type=submit]")
    expect(admin.locator("#code-error")).to_contain_text("klopt niet")
    admin.screenshot(path=str(screenshots / "login-code.png"))
    admin.fill("input[name=code]", STACK_DEVICES[url].code())
    admin.click("button[type=submit]")
    expect(admin).to_have_url(f"{url}/")

    colleague = f"collega-{uuid.uuid4().hex[:8]}@example.nl"
    admin.goto(f"{url}/admin/staff")
    admin.fill("input[name=email]", colleague)
    admin.fill("input[name=name]", "Collega")
    admin.fill("input[name=password]", "het-oude-wachtwoord")
    admin.click("text=Toevoegen")
    expect(admin.locator("#staff")).to_contain_text(colleague)
    admin.goto(f"{url}/account")
    expect(admin.locator("#sessions tbody tr")).not_to_have_count(0)
    expect(admin.locator("#sessions")).to_contain_text("deze sessie")

    agent = browser.new_context().new_page()
    agent.goto(f"{url}/login")
    agent.click("text=Wachtwoord vergeten?")
    agent.fill("input[name=email]", colleague)
    agent.click("button[type=submit]")
    expect(agent.locator(".notice")).to_contain_text("Als dit adres bij ons bekend is")
    link = reset_link(default_stack.var_dir / "outbox", colleague)
    assert link.startswith(f"{url}/login/reset?token=")
    agent.goto(link)
    agent.fill("input[name=password]", "kort")
    agent.fill("input[name=repeated]", "kort")
    # past the browser's own check (minlength), to the server's rule and its message
    agent.evaluate("for (const i of document.querySelectorAll('[minlength]')) i.minLength = 0")
    agent.click("button[type=submit]")
    expect(agent.locator("#password-error")).to_contain_text("minstens 10 tekens")
    agent.fill("input[name=password]", "het-nieuwe-wachtwoord")
    agent.fill("input[name=repeated]", "het-nieuwe-wachtwoord")
    agent.click("button[type=submit]")
    expect(agent.locator(".notice")).to_contain_text("Uw wachtwoord is gewijzigd")
    agent.fill("input[name=email]", colleague)
    agent.fill("input[name=password]", "het-nieuwe-wachtwoord")
    agent.click("button[type=submit]")
    expect(agent).to_have_url(f"{url}/")
    agent.goto(link)  # the link worked once
    expect(agent.locator("#email-error")).to_contain_text("verlopen of al gebruikt")
