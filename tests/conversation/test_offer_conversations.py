"""Parents answer a placement offer in the chat, in their own words, over several turns with
off-path replies (tests/conversation/offer_conversations.yml, the format of
tests/support/scripted.py), against the running stack with families of their own whose
open offers are made relative to today. After each conversation, the requests head office
received: the decision with the parent's words and the offer's id, and never a cancellation
the parent did not confirm."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from tests.support.chat import Chat
from tests.support.dates import days_from_today, month_day
from tests.support.families import (
    FAMILIES,
    GROUPS,
    LOCATIONS,
    PLACEMENTS,
    REGISTRATIONS,
    registration,
    wish,
)
from tests.support.logs import LogWindow
from tests.support.offers import add_offer
from tests.support.registrations import import_export
from tests.support.scripted import Family, Script, _turn, run_script
from tests.support.stack import RunningStack

SCRIPTS_FILE = Path(__file__).with_name("offer_conversations.yml")


def family(number: str, child: str, months_old: int, day: int) -> Family:
    return Family(number, child, month_day(-months_old, day), f"{child.lower()}.ouder@example.nl")


# one family per conversation (the code limits count per registration); all wait at De
# Speelweide on Monday and Wednesday and have an offer there, but Kees, whose offer passed
# its deadline yesterday before head office marked it
OFFERED = {
    "jip": family("INS-980101", "Jip", 13, 4),
    "fleur": family("INS-980102", "Fleur", 15, 9),
    "guus": family("INS-980103", "Guus", 12, 16),
    "hidde": family("INS-980104", "Hidde", 14, 21),
    "mira": family("INS-980105", "Mira", 11, 7),
    "otto": family("INS-980106", "Otto", 16, 12),
    "sophie": family("INS-980107", "Sophie", 13, 25),
    "liam": family("INS-980108", "Liam", 12, 2),
    "kees": family("INS-980109", "Kees", 15, 18),
}
EXPIRED = {"kees"}
ALL_FAMILIES = {**FAMILIES, **OFFERED}


def load(path: Path = SCRIPTS_FILE) -> list[tuple[Script, list[dict[str, str]]]]:
    """The scripts with the requests each must leave (a list: a decline and a change)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
    return [
        (
            Script(
                goal=entry["goal"],
                family=entry["family"],
                turns=[_turn(turn) for turn in entry["turns"]],
                language=entry.get("language", "nl"),
            ),
            entry.get("stored") or [],
        )
        for entry in entries
    ]


SCRIPTS = load()


@pytest.fixture(scope="module")
def offers(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The scripts' families imported with the other conversations' ones, then their offers."""
    rows = "".join(registration(f, wish("TST-SW", "ma|wo", 2, -12)) for f in OFFERED.values())
    import_export(
        default_stack,
        tmp_path_factory.mktemp("offer-families"),
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=REGISTRATIONS + rows,
        placements=PLACEMENTS,
    )
    engine = create_engine(f"sqlite:///{default_stack.var_dir / 'placement.db'}")
    try:
        with Session(engine) as session:
            for name, offered in OFFERED.items():
                add_offer(
                    session,
                    number=offered.number,
                    location_code="TST-SW",
                    weekdays="ma|wo",
                    start=month_day(2),
                    respond_by=days_from_today(-1 if name in EXPIRED else 8),
                )
            session.commit()
    finally:
        engine.dispose()


def requests_of(stack: RunningStack, number: str) -> list[dict[str, Any]]:
    engine = create_engine(f"sqlite:///{stack.var_dir / 'placement.db'}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "select kind, details, status, offer_id from registration_requests "
                    "where registration_number = :number order by id"
                ),
                {"number": number},
            )
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()


def offer_of(stack: RunningStack, number: str) -> int:
    engine = create_engine(f"sqlite:///{stack.var_dir / 'placement.db'}")
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "select offers.id from offers join registrations "
                    "on registrations.id = offers.registration_id where registrations.number = :n"
                ),
                {"n": number},
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("script, expected", SCRIPTS, ids=[s.goal for s, _ in SCRIPTS])
def test_the_parent_answers_the_offer(
    script: Script,
    expected: list[dict[str, str]],
    default_stack: RunningStack,
    offers: None,
    log_window: LogWindow,
) -> None:
    family = ALL_FAMILIES[script.family]
    before = len(requests_of(default_stack, family.number))
    run_script(script, Chat(default_stack), family, default_stack.var_dir / "outbox")
    new = requests_of(default_stack, family.number)[before:]
    assert [r["kind"] for r in new] == [e["kind"] for e in expected], script.goal
    for request, wanted in zip(new, expected, strict=True):
        assert request["status"] == "open"
        for word in wanted.get("details", "").split("|"):
            assert word.lower() in request["details"].lower(), (script.goal, request["details"])
        if request["kind"] in ("accept_offer", "decline_offer"):
            assert request["offer_id"] == offer_of(default_stack, family.number)
    log_window.assert_clean()
