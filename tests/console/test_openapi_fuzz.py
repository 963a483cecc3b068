"""Schemathesis generates requests from the console's OpenAPI description, as a logged-in
admin with a valid CSRF token; no request may end in a server error."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from bot.console.app import create_app
from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.handoff import queue
from bot.settings import Settings
from bot.shared import clock
from bot.staff.accounts import create_account
from tests.support.console_app import PASSWORD, logged_in
from tests.support.rasa_api import fake_rasa
from tests.support.second_factor import enroll

pytestmark = pytest.mark.integration  # a fuzzer: hundreds of generated requests


@pytest.fixture(scope="module")
def console_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, dict]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'fuzz.db'}"
    upgrade(url)
    engine = make_engine(url)

    @contextmanager
    def scope() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    now = clock.now()
    with scope() as session:
        admin = create_account(
            session=session,
            email="fuzz@example.nl",
            password=PASSWORD,
            role="admin",
            name="Fuzz",
            now=now,
        )
        enroll(session, admin)
        queue.start_handoff(
            session=session,
            sender_id="p1",
            channel="rest",
            reason="request_human",
            context={"slots": {}},
            summary="s",
            office_open=True,
            now=now,
        )
    with fake_rasa() as rasa:
        rasa.conversation("p1")
        app = create_app(
            Settings(
                var_dir=folder, rasa_port=rasa.port, rasa_token=rasa.token, console_secret="f" * 32
            ),
            scope,
        )
        client = TestClient(app)
        headers = logged_in(client, "fuzz@example.nl")
        headers["Cookie"] = f"console_session={client.cookies['console_session']}"
        yield app, headers
    engine.dispose()


def test_no_server_errors(console_app) -> None:
    """One Hypothesis run per operation (schemathesis' pytest plugin needs an older pytest)."""
    app, headers = console_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_server_error(case) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.method, case.path, response.text)

        no_server_error()
