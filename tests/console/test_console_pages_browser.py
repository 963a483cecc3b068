"""The console's admin pages in Chromium (the console alone, without Rasa): refusals in
Dutch next to the control that caused them, with no stale result left standing; names and
roles changed in the staff table; the dashboard in Dutch numbers and words; the family
page's wording; the audit log in Dutch; an agent's 403 page with the menu; and the admin's
header fitting at 1280 px."""

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.console import canned
from bot.parent_requests import work
from bot.parent_requests.intake import store_request
from bot.parent_requests.models import RegistrationRequest
from bot.staff import sessions
from bot.staff.accounts import create_account
from bot.staff.models import StaffAccount
from bot.waitlist.importer import import_directory
from tests.support.console_app import PASSWORD
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.feedback import conversation, days_ago, handoff, not_understood
from tests.support.second_factor import enroll
from tests.support.served_console import ServedConsole, served_console
from tests.support.waitlists import REGISTRATIONS  # Mila, INS-000001

ADMIN, AGENT = "beheer@example.nl", "sanne@example.nl"
WIDTH = 1280


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedConsole]:
    folder = tmp_path_factory.mktemp("pages-console")
    with served_console(folder) as served:
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
                session=session, email=AGENT, password=PASSWORD, role="agent", name="Sanne", now=now
            )
            export = write_export(
                folder / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
            )
            import_directory(session=session, directory=export)
            conversation(session, "website:vraag", days_ago(2))
            for sender, score in (("website:vier", 4), ("website:vijf", 5)):
                handoff(session, sender, "ik wil iemand spreken", days_ago(2), score=score)
            not_understood(session, "website:naam", "staat Mila al op de lijst", days_ago(1))
            for words in ("woensdag erbij", "vrijdag erbij"):
                store_request(
                    session=session,
                    number="INS-000001",
                    kind="change",
                    details=words,
                    channel="website",
                    now=now,
                )
        yield served


def signed_in(browser: Browser, console: ServedConsole, email: str) -> Page:
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept("INS-000001"))
    console.sign_in(page, email)
    return page


def in_view(page: Page, selector: str) -> None:
    """Visible without scrolling: inside the window, not 4,400 px down."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900, (selector, box)
    assert box["x"] + box["width"] <= WIDTH, (selector, box)


@pytest.mark.browser
def test_staff_are_added_and_changed_in_dutch_and_the_header_fits(
    browser: Browser, console: ServedConsole, screenshots: Path
) -> None:
    page = signed_in(browser, console, ADMIN)
    page.goto(f"{console.url}/admin/staff")
    expect(page.locator("header .who")).to_have_text("Beheer (Beheerder)")
    in_view(page, "header button:has-text('Uitloggen')")
    in_view(page, "header .who")
    # readable: white on the header's blue
    assert (
        page.locator("header .who").evaluate("a => getComputedStyle(a).color")
        == "rgb(255, 255, 255)"
    )

    page.fill("input[name=email]", AGENT)
    page.fill("input[name=name]", "Nog een Sanne")
    page.fill("input[name=password]", "0123456789")
    page.click("text=Toevoegen")
    error = page.locator("section.card .error")
    expect(error).to_have_text("Er bestaat al een account met dit e-mailadres.")
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "staff-duplicate.png"))

    row = page.locator(f"#staff tr:has-text('{AGENT}')")
    expect(row.locator("select")).to_have_value("agent")
    row.locator("input").fill("  ")
    row.locator("button:has-text('Opslaan')").click()
    expect(row.locator(".error")).to_contain_text("Vul een naam in")
    row.locator("input").fill("Sanne de Vries")
    row.locator("select").select_option(label="Management")
    with page.expect_navigation():  # saved: the page shows what the server holds
        row.locator("button:has-text('Opslaan')").click()
    row = page.locator(f"#staff tr:has-text('{AGENT}')")
    expect(row.locator("input")).to_have_value("Sanne de Vries")
    expect(row.locator("select")).to_have_value("management")
    row.locator("select").select_option(label="Medewerker")
    with page.expect_navigation():
        row.locator("button:has-text('Opslaan')").click()
    expect(page.locator(f"#staff tr:has-text('{AGENT}') select")).to_have_value("agent")

    own = page.locator(f"#staff tr:has-text('{ADMIN}')")
    own.locator("button:has-text('Blokkeren')").click()
    expect(own.locator(".error")).to_contain_text("U kunt uzelf niet blokkeren")

    page.goto(f"{console.url}/admin/audit")
    expect(page.locator("#audit")).to_contain_text("medewerker gewijzigd")
    page.select_option("select[name=action]", label="ingelogd")
    expect(page.locator("#audit tbody tr").first).to_contain_text("ingelogd")
    expect(page.locator("#audit")).not_to_contain_text("medewerker gewijzigd")


@pytest.mark.browser
def test_the_dashboard_says_a_wrong_filter_beside_it_and_speaks_dutch(
    browser: Browser, console: ServedConsole, screenshots: Path
) -> None:
    page = signed_in(browser, console, ADMIN)
    page.goto(f"{console.url}/dashboard")
    page.wait_for_selector("body[data-loaded]", state="attached")
    expect(page.locator("#csat")).to_have_text("4,5")
    expect(page.locator("#not-understood")).to_contain_text("staat Sam al op de lijst")
    expect(page.locator("#not-understood")).not_to_contain_text("child_name")
    expect(page.locator("#per-agent")).to_be_attached()
    intents = page.locator("#chart-intents").get_attribute("data-figures") or ""
    assert "ask_placement_status" not in intents

    page.locator("#not-understood button:has-text('Labelen')").click()
    expect(page.locator("#not-understood")).to_contain_text("Kies eerst wat de ouder bedoelde.")

    page.fill("input[name=first_day]", "2026-12-31")
    page.fill("input[name=last_day]", "2026-01-01")
    page.locator("input[name=last_day]").dispatch_event("change")
    expect(page.locator("#dashboard-error")).to_contain_text("periode van hoogstens een jaar")
    in_view(page, "#dashboard-error")
    expect(page.locator(".tiles")).to_be_hidden()  # no figures of the earlier period
    page.screenshot(path=str(screenshots / "dashboard-bad-range.png"))

    page.fill("input[name=first_day]", "")
    page.fill("input[name=last_day]", "")
    page.fill("input[name=location]", "zonnetje")
    page.locator("input[name=location]").dispatch_event("change")
    expect(page.locator(".tiles")).to_be_visible()
    expect(page.locator("#dashboard-error")).to_be_hidden()
    page.fill("input[name=location]", "Nergenshuis")
    page.locator("input[name=location]").dispatch_event("change")
    expect(page.locator("#dashboard-error")).to_have_text(
        "Er is geen locatie met deze naam of code."
    )


@pytest.mark.browser
def test_the_requests_page_follows_a_colleagues_claim_and_keeps_what_is_typed(
    browser: Browser, console: ServedConsole
) -> None:
    page = signed_in(browser, console, AGENT)
    page.goto(f"{console.url}/requests")
    mine = page.locator("#requests tr:has-text('woensdag erbij')")
    mine.locator("button:has-text('Oppakken')").click()
    message = mine.locator("textarea[data-field=message]")
    message.fill("Dag Sanne, we hebben woensdag")
    other = page.locator("#requests tr:has-text('vrijdag erbij')")
    expect(other.locator("button:has-text('Oppakken')")).to_be_enabled()

    with console.session() as session:  # a colleague claims the other one meanwhile
        admin = session.query(StaffAccount).filter_by(email=ADMIN).one()
        request = session.query(RegistrationRequest).filter_by(details="vrijdag erbij").one()
        work.claim(request=request, staff_id=admin.id)

    expect(other.locator("button")).to_have_text("Opgepakt door Beheer", timeout=10_000)
    expect(other.locator("button")).to_be_disabled()
    expect(message).to_have_value("Dag Sanne, we hebben woensdag")  # no reload lost it
    expect(message).to_be_focused()


@pytest.mark.browser
def test_the_family_page_says_what_happened_in_dutch(
    browser: Browser, console: ServedConsole, screenshots: Path
) -> None:
    page = signed_in(browser, console, ADMIN)
    page.goto(f"{console.url}/admin/families")
    erase = page.locator("#family-erase")
    colour = erase.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour != page.locator("#family-export").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )

    page.fill("input[name=number]", "INS-000001")
    erase.click()  # the dialog gets the number typed
    expect(page.locator("#family-result")).to_have_text(
        "Verwijderd voor INS-000001: 0 gesprekken, 2 verzoeken, 0 e-mails."
    )
    erase.click()  # again: nothing left, said as such instead of zeros
    expect(page.locator("#family-result")).to_have_text(
        "Er was niets (meer) van dit gezin (INS-000001) om te verwijderen."
    )
    page.fill("input[name=number]", "INS-999999")
    erase.click()
    expect(page.locator("#family-error")).to_have_text(
        "Er is geen inschrijving met dit nummer of dit e-mailadres van een ouder."
    )
    expect(page.locator("#family-result")).to_have_text("")  # the earlier result is gone
    in_view(page, "#family-error")

    page.fill("input[name=number]", "INS-000001")
    with page.expect_popup() as opened:
        page.click("#family-document")
    document = opened.value
    expect(document.locator("h1")).to_have_text("Gegevens van het gezin (INS-000001)")
    expect(document.locator(".facts").first).to_contain_text("maandag")
    document.screenshot(path=str(screenshots / "family-document.png"), full_page=True)


@pytest.mark.browser
def test_an_agent_on_an_admin_page_reads_dutch_and_keeps_the_menu(
    browser: Browser, console: ServedConsole
) -> None:
    page = signed_in(browser, console, AGENT)
    page.goto(f"{console.url}/dashboard")
    expect(page.locator("main")).to_contain_text("alleen voor beheerders en management")
    expect(page.locator("header nav")).to_contain_text("Verzoeken")
    expect(page.locator("header .who")).to_contain_text("(Medewerker)")


@pytest.mark.browser
def test_deleting_a_canned_reply_asks_first_and_refusals_stand_next_to_their_button(
    browser: Browser, console: ServedConsole
) -> None:
    with console.session() as session:
        reply = canned.add(
            session=session,
            title="Wachttijd uitleggen",
            words={"text": "De wachttijd hangt af van de dagen die u kiest."},
            staff_id=None,
            now=datetime.now(timezone.utc),
        )
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    asked: list[str] = []

    def answer(dialog) -> None:  # "no" the first time, "yes" after that
        asked.append(dialog.message)
        if len(asked) == 1:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    console.sign_in(page, ADMIN)
    page.goto(f"{console.url}/admin/replies")
    line = page.locator("#replies tr:has-text('Wachttijd uitleggen')")
    line.locator("button:has-text('Verwijderen')").click()
    expect(line).to_be_visible()  # "no": nothing deleted
    assert asked == [
        'Het standaardantwoord "Wachttijd uitleggen" verwijderen? '
        "U kunt het later terugzetten op Teksten en tijden."
    ]
    with console.session() as session:  # a colleague removes it meanwhile
        canned.remove(
            session=session, reply_id=reply.id, staff_id=None, now=datetime.now(timezone.utc)
        )
    line.locator("button:has-text('Verwijderen')").click()
    expect(line.locator(".error")).to_have_text("Dit standaardantwoord bestaat niet (meer).")
    expect(page.locator("section.card .error")).to_be_hidden()  # not in the add form
    page.close()

    # the requests page: a note that cannot be saved says so in its own row
    with console.session() as session:
        store_request(
            session=session,
            number="INS-000001",
            kind="change",
            details="maandag eraf",
            channel="website",
            now=datetime.now(timezone.utc),
        )
    agent = signed_in(browser, console, AGENT)
    agent.goto(f"{console.url}/requests")
    mine = agent.locator("#requests tr:has-text('maandag eraf')")
    mine.locator("button:has-text('Oppakken')").click()
    mine.locator("textarea[data-field=note]").fill("x" * 4001)  # longer than a note may be
    mine.locator("button:has-text('Notitie opslaan')").click()
    expect(mine.locator(".error")).to_contain_text('Het veld "Tekst" is niet goed ingevuld')
    expect(agent.locator("#requests-error")).to_be_hidden()

    # the account page: a session that ended meanwhile (elsewhere), said in its own row
    other = browser.new_page()
    console.sign_in(other, AGENT)
    agent.goto(f"{console.url}/account")
    ended = agent.locator("#sessions tbody tr").filter(has_text="Beëindigen").first
    line_id = ended.locator(".error").get_attribute("id") or ""
    with console.session() as session:
        account = session.query(StaffAccount).filter_by(email=AGENT).one()
        assert sessions.end_one(
            session=session,
            staff_id=account.id,
            session_id=int(line_id.rpartition("-")[2]),
            now=datetime.now(timezone.utc),
        )
    ended.locator("button").click()
    expect(ended.locator(".error")).to_have_text("geen open sessie van u met dit nummer")
    expect(agent.locator("main > p.error")).to_be_hidden()
    other.close()
