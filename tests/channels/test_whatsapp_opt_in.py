"""A parent asks on WhatsApp for the updates there, against the production stack: signed
webhooks in, the Graph API stand-in out. After the identity check (the sender's number is
on file: no code), the bot names this number and takes the yes; the next updates run
sends the update to that number as a WhatsApp template."""

import subprocess
from pathlib import Path

import pytest

from bot.shared import clock
from tests.support.dates import iso, month_day
from tests.support.graph_api import FakeGraphApi
from tests.support.parents import WhatsAppParent
from tests.support.registrations import GROUPS, HEADER, LOCATIONS, import_export
from tests.support.stack import ROOT, RunningStack

NUMBER = "INS-970611"
BIRTH = month_day(-9, 12)
UPDATES = ROOT / "bot" / "updates" / "updates.yml"


def updates_without_quiet_hours(folder: Path) -> Path:
    """The updates file, with WhatsApp allowed at any hour (the test may run at night)."""
    text = UPDATES.read_text(encoding="utf-8")
    path = folder / "updates.yml"
    path.write_text(text.replace('quiet_hours: "21:00-08:00"', 'quiet_hours: "00:00-00:00"'))
    return path


def test_a_whatsapp_parent_opts_in_and_the_next_update_comes_on_whatsapp(
    production_stack: RunningStack,
    graph_api: FakeGraphApi,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    parent = WhatsAppParent(production_stack, graph_api)
    family = (
        f"{NUMBER},Jesse,{iso(BIRTH)},Ouder Jesse,jesse.ouder@example.nl,+{parent.number},kdv,"
        f"TST-SEC,ma|wo,{iso(month_day(5))},{iso(month_day(-4))},none,waiting\n"
    )
    folder = tmp_path_factory.mktemp("opt-in")
    import_export(
        production_stack, folder, locations=LOCATIONS, groups=GROUPS, registrations=HEADER + family
    )

    parent.say("Hoi! Kunnen jullie me de updates voortaan via WhatsApp sturen?")
    seen = parent.wait_for("inschrijfnummer")
    assert "Eerst controleer ik" in " ".join(parent.texts())
    parent.say(NUMBER)
    seen = parent.wait_for("geboortedatum", after=seen + 1)
    parent.say(f"{BIRTH.day}-{BIRTH.month}-{BIRTH.year}")
    seen = parent.wait_for("hier via WhatsApp sturen", after=seen + 1)
    assert parent.number[-4:] in parent.texts()[seen]
    parent.choose("Ja")
    parent.wait_for("Geregeld!", after=seen + 1)
    before = len(graph_api.sent_to(parent.number))

    env = {
        **production_stack.env,
        "UPDATES_FILE": str(updates_without_quiet_hours(folder)),
        "CLOCK_SHIFT_DAYS": str(clock.shift_days()),
    }
    subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "updates", "send"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    update = graph_api.wait_for(parent.number, before + 1)[before]
    assert update.body["type"] == "template"
    assert update.body["template"]["name"] == "wachtlijst_welkom"
    assert NUMBER in str(update.body["template"]["components"])
