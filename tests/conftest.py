"""Session-wide fixtures: the running stacks that conversation and channel tests share.

Starting Rasa takes most of a minute, so each stack starts once per test session:
`default_stack` is `make run` exactly as a new user gets it (SQLite, no external service);
`production_stack` is the same command with PostgreSQL and Redis configured.
"""

from collections.abc import Iterator

import pytest

from tests.support.postgres import temporary_database
from tests.support.stack import RunningStack, start_make_run


@pytest.fixture(scope="session")
def default_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    stack = start_make_run(tmp_path_factory.mktemp("var-default"))
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def production_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with temporary_database("placement_stack") as url:
        tracker_url = url.replace("+psycopg", "+psycopg2")
        stack = start_make_run(
            tmp_path_factory.mktemp("var-production"),
            {
                "DATABASE_URL": url,
                "TRACKER_STORE_URL": tracker_url,
                "LOCK_STORE_TYPE": "redis",
            },
        )
        yield stack
        stack.stop()
