"""The touchpoint survey story in Chromium: the updates run welcomes Mila's parent, a week
later writes the survey mail to the outbox; the parent opens its link, chooses a score,
writes a word and sends it; the link then says it was answered; head office's management
signs in and finds the answer in the dashboard's touchpoint figures, and those figures
match the answers table counted independently. The console is served on loopback with the
clock a week on (no Rasa needed for these pages)."""

import email
import json
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from bot.console.app import create_app
from bot.settings import Settings
from bot.staff.accounts import create_account
from bot.updates import job
from bot.updates.delivery import senders
from bot.updates.models import SurveyAnswer
from bot.waitlist.importer import import_directory
from tests.support.database import migrated_database
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.ports import free_port
from tests.support.served_app import served
from tests.support.updates_run import CONFIG, MORNING, units
from tests.support.waitlists import REGISTRATIONS  # Mila, INS-000001, at Het Zonnetje

PASSWORD = "een-lang-wachtwoord-voor-de-directie"
WEEK_ON = MORNING + timedelta(days=CONFIG.surveys["survey_welcome"].after_days)


def survey_mail_link(outbox: Path) -> str:
    for path in sorted(outbox.glob("*.eml")):
        mail = email.message_from_bytes(path.read_bytes())
        text = mail.get_payload(decode=True).decode()
        if mail["Subject"] == "Hoe ging het inschrijven van Mila?":
            [url] = re.findall(r"http\S+/surveys/answer\?\S+", text)
            return url
    raise AssertionError("no survey mail in the outbox")


def test_a_parent_answers_the_survey_link_and_management_sees_it_in_the_dashboard(
    browser: Browser, tmp_path: Path, screenshots: Path
) -> None:
    port = free_port()
    settings = Settings(
        _env_file=None,
        var_dir=tmp_path,
        smtp_host="",
        console_secret="s" * 32,
        console_public_url=f"http://127.0.0.1:{port}",
    )
    with migrated_database("sqlite", tmp_path) as engine:
        unit_of_work = units(engine)
        with unit_of_work() as session:
            export = write_export(
                tmp_path / "export",
                locations=LOCATIONS,
                groups=GROUPS,
                registrations=REGISTRATIONS,
            )
            import_directory(session=session, directory=export)
            create_account(
                session=session,
                email="directie@example.nl",
                password=PASSWORD,
                role="management",
                name="Directie",
                now=MORNING,
            )
        for now in (MORNING, WEEK_ON):  # the welcome, then the survey a week later
            job.run(
                unit_of_work=unit_of_work,
                settings=settings,
                config=CONFIG,
                senders=senders(settings),
                now=now,
                sleep=lambda _seconds: None,
            )
        link = survey_mail_link(settings.outbox_dir)
        assert urlsplit(link).netloc == f"127.0.0.1:{port}"

        app = create_app(settings, unit_of_work, now=lambda: WEEK_ON + timedelta(hours=2))
        with served(app, port) as url:
            parent = browser.new_page()
            parent.goto(link)
            expect(parent.locator("h1")).to_have_text("Uw mening telt")
            expect(parent.locator("legend")).to_have_text(
                "Hoe tevreden bent u over het inschrijven?"
            )
            parent.check("input[name=score][value='4']")
            parent.fill("textarea[name=comment]", "Duidelijk formulier, maar de wachttijd is lang")
            parent.screenshot(path=str(screenshots / "survey.png"))
            parent.click("text=Versturen")
            expect(parent.locator("h1")).to_have_text("Dank u wel!")

            parent.goto(link)  # the same link again
            expect(parent.locator("h1")).to_have_text("U heeft al geantwoord")
            parent.goto(link.replace("s=", "s=f"))  # forged
            expect(parent.locator("h1")).to_have_text("Deze link klopt niet")
            parent.close()

            manager = browser.new_page()
            manager.goto(f"{url}/login")
            manager.fill("input[name=email]", "directie@example.nl")
            manager.fill("input[name=password]", PASSWORD)
            manager.click("button[type=submit]")
            expect(manager).to_have_url(f"{url}/dashboard")
            expect(manager.locator("body[data-loaded]")).to_have_count(1)
            table = manager.locator("#touchpoints tbody")
            expect(table).to_contain_text("na het inschrijven")
            expect(table).to_contain_text("Het Zonnetje")
            expect(manager.locator("#touchpoint-count")).to_have_text("1")
            shown = manager.locator("#chart-touchpoints").get_attribute("data-figures")
            figures = manager.request.get(f"{url}/api/dashboard").json()["touchpoints"]
            assert "wachttijd" not in manager.content()  # no open answer for management
            manager.close()

        with unit_of_work() as session:  # the independent count: the answers table
            stored = session.execute(
                select(SurveyAnswer.location_code, func.count(), func.avg(SurveyAnswer.score))
                .where(SurveyAnswer.moment == "survey_welcome")
                .group_by(SurveyAnswer.location_code)
            ).all()
        assert [(code, count, float(average)) for code, count, average in stored] == [
            ("UTR-ZON", 1, 4.0)
        ]
        rows = {(r["moment"], r["location"]): (r["count"], r["average"]) for r in figures}
        assert rows == {("survey_welcome", None): (1, 4), ("survey_welcome", "UTR-ZON"): (1, 4)}
        drawn = json.loads(shown or "{}")
        assert drawn["labels"] == ["na het inschrijven"]
        assert {s["label"]: s["data"] for s in drawn["series"]} == {
            "alle locaties": [4],
            "Het Zonnetje": [4],
        }
