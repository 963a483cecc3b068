"""Does each parent reach their goal (or a person)? The conversations in
parent_conversations.yml and writers_conversations.yml (by writers who never saw the
training data; their ids start with "writers: ", so `-k writers` runs them alone), written
as parents write, against the running stack over the REST channel, with families imported
from a planning-system export."""

import pytest
from sqlalchemy import create_engine, text

from tests.support.chat import Chat
from tests.support.families import FAMILIES
from tests.support.logs import LogWindow
from tests.support.scripted import WRITERS_SCRIPTS, Script, load_scripts, run_script
from tests.support.stack import RunningStack

SCRIPTS = load_scripts()
WRITERS = load_scripts(WRITERS_SCRIPTS)


def stored_requests(stack: RunningStack, number: str) -> list[tuple[str, str, str]]:
    engine = create_engine(f"sqlite:///{stack.var_dir / 'placement.db'}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "select kind, details, status from registration_requests "
                    "where registration_number = :number order by id"
                ),
                {"number": number},
            )
            return [(kind, details, status) for kind, details, status in rows]
    finally:
        engine.dispose()


def settle_requests(stack: RunningStack, number: str) -> None:
    """Each script is a story of its own: a request an earlier script left open for the
    same family (the bot answers a second cancellation with "U heeft al gevraagd…") is
    taken back first, as the parent could have done."""
    engine = create_engine(f"sqlite:///{stack.var_dir / 'placement.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "update registration_requests set status = 'withdrawn' "
                    "where registration_number = :number and status in ('open', 'claimed')"
                ),
                {"number": number},
            )
    finally:
        engine.dispose()


def test_there_are_enough_conversations() -> None:
    assert len(SCRIPTS) >= 60
    assert len(WRITERS) >= 30


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=s.known_miss, strict=False))
        if s.known_miss
        else s
        for s in SCRIPTS + WRITERS
    ],
    ids=[s.goal for s in SCRIPTS] + [f"writers: {s.goal}" for s in WRITERS],
)
def test_the_parent_reaches_the_goal(
    script: Script, default_stack: RunningStack, families: None, log_window: LogWindow
) -> None:
    family = FAMILIES[script.family]
    settle_requests(default_stack, family.number)
    before = stored_requests(default_stack, family.number)
    run_script(script, Chat(default_stack), family, default_stack.var_dir / "outbox")
    new = stored_requests(default_stack, family.number)[len(before) :]
    if script.stored is None:
        assert new == [], f"{script.goal}: nothing should have been stored, got {new}"
    else:
        assert [kind for kind, *_ in new] == [script.stored["kind"]], script.goal
        assert new[0][2] == script.stored.get("status", "open"), script.goal
        for word in script.stored.get("details", "").split("|") if script.stored else []:
            assert word.lower() in new[0][1].lower(), f"{script.goal}: {new[0][1]!r}"
    log_window.assert_clean()
