"""A family's data on request (AVG), against `make run`: a parent verifies, asks for a
change and talks to a person; the admin command line then exports everything held about
them and erases it. Afterwards the tracker store, the handoffs, the requests and the
outbox hold nothing of that family, and another family's data is untouched."""

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.shared.config import Office, read
from tests.support.chat import Chat, latest_code_in_outbox
from tests.support.dates import month_day
from tests.support.registrations import Family, import_families
from tests.support.stack import ROOT, RunningStack

ERASED = Family("INS-970301", "Fleur", month_day(-20, 2), "fleur.ouder@example.nl", "+31611110301")
KEPT = Family("INS-970302", "Guus", month_day(-19, 3), "guus.ouder@example.nl", "+31611110302")


def talk(stack: RunningStack, family: Family) -> Chat:
    chat = Chat(stack)
    chat.say_text("ik wil graag de vrijdag erbij")
    chat.say_text(family.number)
    chat.say_text(family.birth_date.strftime("%d-%m-%Y"))
    chat.say_text(latest_code_in_outbox(stack.var_dir / "outbox", family.email))
    assert "ik heb uw verzoek doorgegeven" in chat.say_text("ja")
    chat.say("/request_human")
    return chat


def cli(stack: RunningStack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "family", *args],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
    )


def traces(stack: RunningStack, family: Family, conversations: list[str]) -> dict[str, list]:
    """Where anything of the family still stands: Rasa's events, handoffs, requests, mails."""
    rasa = sqlite3.connect(stack.var_dir / "rasa.db")
    app = sqlite3.connect(stack.var_dir / "placement.db")
    marks = (family.number, family.email)
    try:
        found = {
            "events": [
                row
                for row in rasa.execute("select sender_id, data from events")
                if row[0] in conversations or any(m in (row[1] or "") for m in marks)
            ],
            "handoffs": [
                row
                for row in app.execute("select sender_id, context, summary from handoffs")
                if row[0] in conversations or any(m in row[1] + row[2] for m in marks)
            ],
            "requests": app.execute(
                "select id from registration_requests where registration_number = ?",
                (family.number,),
            ).fetchall(),
            "identity": app.execute(
                "select id from identity_attempts where registration_number = ?",
                (family.number,),
            ).fetchall(),
        }
    finally:
        rasa.close()
        app.close()
    found["mails"] = [
        p.name
        for p in (stack.var_dir / "outbox").glob("*.eml")
        if any(m in p.read_text(errors="replace") for m in marks)
    ]
    return found


def test_export_holds_the_familys_data_and_erase_leaves_nothing_of_it(
    default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import_families(default_stack, tmp_path_factory.mktemp("import-family"), ERASED, KEPT)
    erased_chat = talk(default_stack, ERASED)
    kept_chat = talk(default_stack, KEPT)

    out = tmp_path / "familie.json"
    cli(default_stack, "export", "--number", ERASED.number, "--out", str(out))
    document = json.loads(out.read_text())
    assert out.stat().st_mode & 0o077 == 0
    [registration] = document["registrations"]
    assert registration["child"]["first_name"] == "Fleur"
    [conversation] = document["conversations"]
    assert conversation["conversation"] == erased_chat.sender
    said = [e.get("text") for e in conversation["events"] if e.get("event") == "user"]
    assert "ik wil graag de vrijdag erbij" in said
    assert [r["details"] for r in document["requests"]] == ["ik wil graag de vrijdag erbij"]
    assert [h["sender_id"] for h in document["handoffs"]] == [erased_chat.sender]
    # the code and the confirmation; outside office hours also the notice of the handoff
    # to the staff mailbox, which is about this family too
    mailed = {m["to"] for m in document["mails"]}
    assert ERASED.email in mailed and mailed <= {ERASED.email, read(Office).staff_mailbox}

    before = traces(default_stack, ERASED, [erased_chat.sender])
    assert all(before.values()), before
    printed = cli(default_stack, "erase", "--number", ERASED.number, "--yes").stdout

    assert "erased for INS-970301" in printed
    assert traces(default_stack, ERASED, [erased_chat.sender]) == {
        "events": [],
        "handoffs": [],
        "requests": [],
        "identity": [],
        "mails": [],
    }
    assert all(traces(default_stack, KEPT, [kept_chat.sender]).values())
    audit = sqlite3.connect(default_stack.var_dir / "placement.db")
    try:
        actions = audit.execute(
            "select action from audit_log where detail = ? order by id", (ERASED.number,)
        ).fetchall()
    finally:
        audit.close()
    assert actions == [("family_export",), ("family_erase",)]
