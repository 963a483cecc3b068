"""The dashboard in Chromium shows what was written, as a test counts it by itself: the bot
rating and resolution tiles ("Heeft dit u geholpen?", the resolution rate) and the theme
tiles and chart, for an admin (with the parents' words, and a move that changes the chart)
and for management (the same figures, no parent's words)."""

import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.conversation.bot_rating import ASKED, COMMENT, NO, YES, goal
from bot.staff.accounts import create_account
from tests.support.console_app import PASSWORD
from tests.support.feedback import conversation, days_ago, handoff, not_understood
from tests.support.second_factor import enroll
from tests.support.served_console import ServedConsole, served_console

ADMIN, MANAGER = "beheer@example.nl", "directie@example.nl"


@dataclass(frozen=True)
class Written:
    sender: str
    channel: str
    intent: str
    goal: bool = False
    rating: str | None = None  # "yes" / "no"
    comment: str = ""
    handed: bool = False


# what parents did, as the test writes it; the expected figures are counted from this list
CONVERSATIONS = (
    Written("website:ja-1", "website", "ask_placement_status", goal=True, rating="yes"),
    Written("website:ja-2", "website", "ask_response_time", rating="yes"),
    Written(
        "whatsapp:nee",
        "whatsapp",
        "ask_costs",
        rating="no",
        comment="We wachten al maanden, het duurt veel te lang",
    ),
    Written("website:doel", "website", "ask_availability", goal=True),
    Written("website:mens", "website", "complain", handed=True),
    Written("website:hallo", "website", "greet"),
)
COMPLAINT = "Niemand belt ooit terug, slechte communicatie"
SCORE_COMMENT = "de medewerker was heel vriendelijk"
NOT_UNDERSTOOD = "hoeveel kost een dag opvang per maand"
# the theme each of the parents' words is about, as a reader sees it
THEMES = {
    CONVERSATIONS[2].comment: "Wachttijd",
    COMPLAINT: "Communicatie",
    SCORE_COMMENT: "Medewerkers",
    NOT_UNDERSTOOD: "Kosten",
}


def expected() -> dict[str, str]:
    """The tiles' figures, counted from CONVERSATIONS as the measure is documented
    (bot/reporting/resolution.py), without the code that computes them."""
    yes = sum(c.rating == "yes" for c in CONVERSATIONS)
    no = sum(c.rating == "no" for c in CONVERSATIONS)
    unresolved = sum(c.rating == "no" or c.handed for c in CONVERSATIONS)
    resolved = sum(
        not (c.rating == "no" or c.handed) and (c.rating == "yes" or c.goal) for c in CONVERSATIONS
    )
    return {
        "#bot-rating": f"{round(100 * yes / (yes + no))}%",
        "#bot-rating-count": str(yes + no),
        "#resolution-rate": f"{round(100 * resolved / (resolved + unresolved))}%",
        "#resolved": str(resolved),
        "#resolution-count": str(resolved + unresolved),
        "#theme-answers": str(len(THEMES)),
    }


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedConsole]:
    with served_console(tmp_path_factory.mktemp("dashboard-console")) as served:
        with served.session() as session:
            now = datetime.now(timezone.utc)
            admin = create_account(
                session=session,
                email=ADMIN,
                password=PASSWORD,
                role="admin",
                name="Beheer",
                now=now,
            )
            enroll(session, admin)
            create_account(
                session=session,
                email=MANAGER,
                password=PASSWORD,
                role="management",
                name="Directie",
                now=now,
            )
            for index, written in enumerate(CONVERSATIONS):
                outcomes: list[tuple[str, str]] = []
                if written.goal:
                    outcomes.append((goal(written.intent), ""))
                if written.rating:
                    outcomes += [(ASKED, ""), (YES if written.rating == "yes" else NO, "")]
                if written.comment:
                    outcomes.append((COMMENT, written.comment))
                conversation(
                    session,
                    written.sender,
                    days_ago(3 - index * 0.1),
                    intent=written.intent,
                    outcomes=tuple(outcomes),
                    channel=written.channel,
                )
                if written.handed:
                    handoff(
                        session,
                        written.sender,
                        COMPLAINT,
                        days_ago(2),
                        score=4,
                        comment=SCORE_COMMENT,
                    )
            not_understood(session, "website:vraag", NOT_UNDERSTOOD, days_ago(1))
        yield served


def drawn(page: Page, chart: str) -> dict[str, int]:
    figures = json.loads(page.locator(f"#{chart}").get_attribute("data-figures") or "{}")
    return dict(zip(figures["labels"], figures["series"][0]["data"], strict=True))


def open_dashboard(browser: Browser, console: ServedConsole, email: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console.sign_in(page, email)
    page.goto(f"{console.url}/dashboard")
    page.wait_for_selector("body[data-loaded]", state="attached")
    return page


@pytest.mark.parametrize("email", [ADMIN, MANAGER])
def test_the_tiles_show_the_figures_counted_from_the_written_data(
    browser: Browser, console: ServedConsole, email: str, screenshots: Path
) -> None:
    page = open_dashboard(browser, console, email)

    for selector, figure in expected().items():
        expect(page.locator(selector)).to_have_text(figure)
    assert drawn(page, "chart-themes") == dict(Counter(THEMES.values()))
    if email == ADMIN:
        examples = page.locator("#theme-examples tbody tr")
        expect(examples).to_have_count(len(THEMES))
        page.screenshot(path=str(screenshots / "dashboard-themes.png"), full_page=True)
    else:  # the themes' figures only: no examples, so not the complaint's words either
        expect(page.locator("#theme-examples")).to_have_count(0)
        assert COMPLAINT not in page.content()
    page.close()


def test_an_admin_moves_an_answer_and_the_chart_follows(
    browser: Browser, console: ServedConsole
) -> None:
    page = open_dashboard(browser, console, ADMIN)
    costs = page.locator("#theme-examples tbody tr", has_text=NOT_UNDERSTOOD)

    costs.locator("select").select_option(label="Wachttijd")
    costs.locator("button", has_text="Verplaatsen").click()

    moved = Counter(THEMES.values())
    moved["Wachttijd"] += moved.pop("Kosten")
    deadline = time.monotonic() + 10
    while drawn(page, "chart-themes") != dict(moved) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert drawn(page, "chart-themes") == dict(moved)
    page.close()


def test_an_admin_writes_a_we_did_note_and_a_wrong_location_is_said_beside_the_form(
    browser: Browser, console: ServedConsole
) -> None:
    page = open_dashboard(browser, console, ADMIN)
    form = page.locator("#we-did-form")
    form.locator("select[name=theme_id]").select_option(label="Communicatie")
    form.locator("textarea[name=text]").fill("We bellen binnen twee werkdagen terug.")
    form.locator("textarea[name=text_en]").fill("We call back within two working days.")
    form.locator("input[name=location_code]").fill("NERGENS")
    form.locator("button[type=submit]").click()

    expect(page.locator("#we-did-error")).to_contain_text("Er is geen locatie met de code NERGENS")
    form.locator("input[name=location_code]").fill("")
    form.locator("button[type=submit]").click()

    notes = page.locator("#we-did-notes tbody tr")
    expect(notes).to_have_count(1)
    expect(notes.first).to_contain_text("We bellen binnen twee werkdagen terug.")
    expect(notes.first).to_contain_text("alle locaties")
    expect(page.locator("#we-did-error")).to_be_hidden()
    public = browser.new_page()
    public.goto(f"{console.url}/wij-deden?lang=en")
    expect(public.locator("#we-did")).to_contain_text("We call back within two working days.")
    public.close()
    page.close()


def test_an_admin_switches_a_theme_off_in_the_editor_and_its_answers_become_overig(
    browser: Browser, console: ServedConsole
) -> None:
    page = open_dashboard(browser, console, ADMIN)
    staff = page.locator("form.theme-edit[data-code=medewerkers]")
    staff.locator("summary").click()
    staff.locator("textarea[name=keywords]").fill("")
    staff.locator("button", has_text="Opslaan").click()
    expect(staff.locator(".error")).to_have_text("Geef minstens één trefwoord.")

    staff.locator("textarea[name=keywords]").fill("medewerker")
    staff.locator("input[name=active]").uncheck()
    staff.locator("button", has_text="Opslaan").click()

    deadline = time.monotonic() + 10
    while "Overig" not in drawn(page, "chart-themes") and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    chart = drawn(page, "chart-themes")
    assert chart["Overig"] == 1 and "Medewerkers" not in chart
    page.close()
