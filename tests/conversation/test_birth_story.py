"""A baby registered by due date, against `make run`: the updates ask two weeks after the
due date whether the baby is born; the parent follows the mail's chat link, passes the
identity check with the real birth date, gives it and is congratulated; staff resolve the
request in the console and the parent reads the outcome; a later check with the birth
date succeeds. Dates from today (the import runs with its clock 30 days back, so the
due date lies in the future when it is imported)."""

import email
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from bot.shared import clock
from tests.support.chat import latest_code_in_outbox
from tests.support.console import StaffConsole
from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.parents import WebsiteParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS
from tests.support.stack import ROOT, RunningStack

NUMBER, EMAIL = "INS-970513", "mira.ouders@example.nl"
DUE = days_from_today(-20)
BORN = DUE + timedelta(days=2)
FAMILY = (
    f"{NUMBER},Mira,{iso(DUE)},Ouder Mira,{EMAIL},,kdv,TST-SEC,ma|di,"
    f"{iso(month_day(4))},{iso(month_day(-6))},none,waiting\n"
)
OUTCOME = "De geboortedatum van Mira staat erin. Van harte gefeliciteerd!"


def run_bot(stack: RunningStack, *args: str, days_back: int = 0) -> None:
    """`python -m bot …` as head office runs it, its clock `days_back` behind the stack's."""
    env = {**stack.env, "CLOCK_SHIFT_DAYS": str(clock.shift_days() - days_back)}
    subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def mails_to(outbox: Path, address: str) -> list[email.message.Message]:
    found = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    messages = [email.message_from_bytes(p.read_bytes()) for p in found]
    return [m for m in messages if m["To"] == address]


def body(message: email.message.Message) -> str:
    part = message.get_body(("plain",)) if message.is_multipart() else message
    return part.get_payload(decode=True).decode()


def test_the_birth_from_the_question_to_a_later_identity_check(
    default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("import-birth")
    (folder / "locations.csv").write_text(LOCATIONS)
    (folder / "groups.csv").write_text(GROUPS)
    (folder / "registrations.csv").write_text(HEADER + FAMILY)
    run_bot(default_stack, "import", str(folder), days_back=30)  # registered before the birth
    run_bot(default_stack, "updates", "send")
    outbox = default_stack.var_dir / "outbox"
    [question] = [m for m in mails_to(outbox, EMAIL) if m["Subject"] == "Is Mira al geboren?"]
    reference = re.search(r"[?&]update=([\w-]+)", body(question)).group(1)

    parent = WebsiteParent(default_stack)
    try:
        parent.client.emit(
            "user_uttered",
            {
                "message": "Onze dochter is geboren! Hoe geef ik de geboortedatum door?",
                "update": reference,
            },
        )
        seen = parent.wait_for("reageert op onze vraag")
        seen = parent.wait_for("inschrijfnummer", after=seen)
        parent.say(NUMBER)
        seen = parent.wait_for("geboortedatum", after=seen + 1)
        parent.say(dutch(BORN))  # the real date: the check takes it for a baby expected
        seen = parent.wait_for("controlecode", after=seen + 1)
        parent.say(latest_code_in_outbox(outbox, EMAIL))
        seen = parent.wait_for("Wat is de geboortedatum", after=seen + 1)
        parent.say(f"ze is geboren op {dutch(BORN)}")
        seen = parent.wait_for("Gefeliciteerd met de geboorte van Mira!", after=seen + 1)
        parent.say("ja")
        seen = parent.wait_for("ik heb uw verzoek doorgegeven", after=seen + 1)

        staff = StaffConsole(default_stack)
        [request] = staff.get(f"/requests?number={NUMBER}")
        assert (request["kind"], request["birth_date"]) == ("change", iso(BORN))
        assert staff.post(f"/requests/{request['id']}/claim").status_code == 200
        closed = staff.post(
            f"/requests/{request['id']}/close", {"outcome": "resolved", "message": OUTCOME}
        )
        assert closed.status_code == 200, closed.text
        parent.wait_for(OUTCOME, after=seen + 1)
    finally:
        parent.close()

    later = WebsiteParent(default_stack)
    try:
        later.say("hoe staat het met onze inschrijving?")
        seen = later.wait_for("inschrijfnummer")
        later.say(NUMBER)
        seen = later.wait_for("geboortedatum", after=seen + 1)
        later.say(dutch(BORN))
        seen = later.wait_for("controlecode", after=seen + 1)
        later.say(latest_code_in_outbox(outbox, EMAIL))
        later.wait_for("ik weet nu dat u het bent", after=seen + 1)
    finally:
        later.close()
