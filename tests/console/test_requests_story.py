"""Head office closes the loop, against `make run`: a parent on the website widget
(socket.io) asks to swap Tuesday for Wednesday, gets the confirmation e-mail, a staff
member resolves the request in the console and the parent reads the outcome in the chat.
Then management, in Chromium, opens the dashboard and the request list, changes a filter
and sees the charts change. Screenshots go to docs/screenshots/."""

import email
import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.console import StaffConsole
from tests.support.parents import WebsiteParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS, import_export
from tests.support.stack import ROOT, RunningStack

NUMBER, EMAIL = "INS-970401", "ravi.ouder@example.nl"
FAMILY = (
    f"{NUMBER},Ravi,2025-01-15,Ouder Ravi,{EMAIL},+31611110401,kdv,TST-SEC,ma|di,"
    "2027-01-04,2026-06-01,none,waiting\n"
)
MANAGER, MANAGER_PASSWORD = "directie@example.nl", "een-lang-wachtwoord-voor-directie"
OUTCOME = "Vanaf 1 maart komt Ravi op maandag en woensdag."


def mails_to(outbox: Path, address: str) -> list[email.message.Message]:
    found = [email.message_from_bytes(p.read_bytes()) for p in outbox.glob("*.eml")]
    return [m for m in found if m["To"] == address]


def test_a_change_asked_on_the_website_is_confirmed_resolved_and_answered_in_the_chat(
    default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import_export(
        default_stack,
        tmp_path_factory.mktemp("import-story"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=HEADER + FAMILY,
    )
    outbox = default_stack.var_dir / "outbox"
    parent = WebsiteParent(default_stack)
    try:
        parent.say("Hoi, kan ik dinsdag ruilen voor woensdag?")
        seen = parent.wait_for("inschrijfnummer")
        parent.say(NUMBER)
        seen = parent.wait_for("geboortedatum", after=seen + 1)
        parent.say("15-01-2025")
        seen = parent.wait_for("controlecode", after=seen + 1)
        parent.say(latest_code_in_outbox(outbox, EMAIL))
        seen = parent.wait_for("Klopt dat?", after=seen + 1)
        parent.say("ja")
        seen = parent.wait_for("ik heb uw verzoek doorgegeven", after=seen + 1)

        [confirmation] = [m for m in mails_to(outbox, EMAIL) if "verzoek" in m["Subject"]]
        assert confirmation["Subject"] == "Ontvangen: uw verzoek over Ravi"
        assert NUMBER in confirmation.get_payload()
        assert "dinsdag ruilen voor woensdag" in confirmation.get_payload()

        staff = StaffConsole(default_stack)
        [request] = staff.get(f"/requests?number={NUMBER}")
        assert (request["channel"], request["weekdays"], request["confirmed"]) == (
            "website",
            "wo",
            True,
        )
        assert staff.post(f"/requests/{request['id']}/claim").status_code == 200
        closed = staff.post(
            f"/requests/{request['id']}/close", {"outcome": "resolved", "message": OUTCOME}
        )
        assert closed.status_code == 200, closed.text
        assert closed.json()["outcome_sent_by"] == "both"
        parent.wait_for(OUTCOME, after=seen + 1)
        assert any(OUTCOME in m.get_payload() for m in mails_to(outbox, EMAIL))
    finally:
        parent.close()


def add_manager(stack: RunningStack) -> None:
    done = subprocess.run(
        [
            *(str(ROOT / ".venv/app/bin/python"), "-m", "bot", "staff", "add", MANAGER),
            *("--role", "management", "--name", "Directie", "--password-stdin"),
        ],
        input=MANAGER_PASSWORD + "\n",
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def figures(page: Page, chart: str) -> dict[str, list[int]]:
    """What a chart draws: its figures per series (per channel for the daily chart)."""
    drawn = json.loads(page.locator(f"#{chart}").get_attribute("data-figures") or "{}")
    return {series["label"]: series["data"] for series in drawn.get("series", [])}


def test_management_sees_the_dashboard_change_with_a_filter_and_the_request_list(
    default_stack: RunningStack, browser: Browser, screenshots: Path
) -> None:
    add_manager(default_stack)
    Chat(default_stack).say("Hallo")  # a conversation on the REST channel too
    WebsiteParent(default_stack).close()  # and one that opened the widget only

    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(f"{default_stack.console_url}/login")
    page.fill("input[name=email]", MANAGER)
    page.fill("input[name=password]", MANAGER_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{default_stack.console_url}/dashboard")
    expect(page.locator("body[data-loaded]")).to_have_count(1)
    every_channel = figures(page, "chart-days")
    assert {"rest", "website"} <= set(every_channel)
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)

    page.select_option("select[name=channel]", "website")
    expect(page.locator('body[data-loaded*="channel=website"]')).to_have_count(1)
    website_only = figures(page, "chart-days")
    assert set(website_only) == {"website"} and website_only != every_channel
    assert page.locator("nav >> text=Wachtrij").count() == 0  # management has no queue

    page.goto(f"{default_stack.console_url}/requests")
    page.fill("input[name=number]", NUMBER)
    page.select_option("select[name=status]", "all")
    row = page.locator("#requests tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("verwerkt")
    expect(row).to_contain_text(OUTCOME)
    page.screenshot(path=str(screenshots / "requests.png"), full_page=True)
    page.close()
