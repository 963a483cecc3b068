"""Does each parent reach their goal (or a person)? The conversations in
parent_conversations.yml, written as parents write, against the running stack over the
REST channel, with families imported from a planning-system export."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conversation.scripted import Family, Script, load_scripts, run_script
from tests.support.chat import Chat
from tests.support.logs import LogWindow
from tests.support.registrations import import_export
from tests.support.stack import RunningStack

FAMILIES = {
    "noor": Family("INS-980001", "Noor", date(2025, 3, 14), "noor.ouder@example.nl"),
    "daan": Family("INS-980002", "Daan", date(2024, 11, 2), "daan.ouder@example.nl"),
    "fenna": Family("INS-980003", "Fenna", date(2025, 6, 20), "fenna.ouder@example.nl"),
}
# "De Speelweide" is a name the language model never saw, under a code nothing could guess
LOCATIONS = "location_code;name;city\nTST-SW;De Speelweide;Testdorp\n"
GROUPS = (
    "location_code,group_name,care_type,min_age_months,max_age_months,capacity\n"
    "TST-SW,Babygroep,kdv,0,24,12\n"
)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    "INS-980001,Noor,14-03-2025,Sam Jansen,noor.ouder@example.nl,+31612340001,kdv,TST-SW,"
    "ma|di,2026-09-01,2025-01-10,none,waiting\n"
    "INS-980002,Daan,02-11-2024,Kim Bakker,daan.ouder@example.nl,+31612340002,kdv,TST-SW,"
    "do|vr,2026-06-01,2024-06-01,none,waiting\n"
    "INS-980003,Fenna,20-06-2025,Jo de Wit,fenna.ouder@example.nl,+31612340003,kdv,TST-SW,"
    "ma,2026-10-01,2025-02-01,none,waiting\n"
)
SCRIPTS = load_scripts()


@pytest.fixture(scope="module")
def families(default_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder: Path = tmp_path_factory.mktemp("families")
    import_export(
        default_stack, folder, locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )


def stored_requests(stack: RunningStack, number: str) -> list[tuple[str, str]]:
    engine = create_engine(f"sqlite:///{stack.var_dir / 'placement.db'}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "select kind, details from registration_requests "
                    "where registration_number = :number order by id"
                ),
                {"number": number},
            )
            return [(kind, details) for kind, details in rows]
    finally:
        engine.dispose()


def test_there_are_enough_conversations() -> None:
    assert len(SCRIPTS) >= 60


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.goal for s in SCRIPTS])
def test_the_parent_reaches_the_goal(
    script: Script, default_stack: RunningStack, families: None, log_window: LogWindow
) -> None:
    family = FAMILIES[script.family]
    before = stored_requests(default_stack, family.number)
    run_script(script, Chat(default_stack), family, default_stack.var_dir / "outbox")
    new = stored_requests(default_stack, family.number)[len(before) :]
    if script.stored is None:
        assert new == [], f"{script.goal}: nothing should have been stored, got {new}"
    else:
        assert [kind for kind, _ in new] == [script.stored["kind"]], script.goal
        for word in script.stored.get("details", "").split("|") if script.stored else []:
            assert word.lower() in new[0][1].lower(), f"{script.goal}: {new[0][1]!r}"
    log_window.assert_clean()
