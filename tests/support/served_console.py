"""The staff console served by uvicorn on a loopback port, on a migrated SQLite database
of its own (committed for real), reading the conversation events from the event broker's
table: for browser tests of the console alone, without Rasa."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page
from sqlalchemy.orm import Session, sessionmaker

from bot.console.app import create_app
from bot.settings import Settings
from tests.support.console_app import PASSWORD
from tests.support.database import migrated_database
from tests.support.second_factor import DEVICES
from tests.support.served_app import served


@dataclass(frozen=True)
class ServedConsole:
    url: str
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    def sign_in(self, page: Page, email: str) -> None:
        """The login form, then the second factor's code where the account has one."""
        page.goto(f"{self.url}/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if page.url.endswith("/login/code"):
            page.fill("input[name=code]", DEVICES[email].code())
            page.click("button[type=submit]")
            page.wait_for_load_state()


@contextmanager
def served_console(tmp_path: Path) -> Iterator[ServedConsole]:
    with migrated_database("sqlite", tmp_path) as engine:
        sessions = sessionmaker(bind=engine, expire_on_commit=False)

        @contextmanager
        def scope() -> Iterator[Session]:
            with sessions.begin() as session:
                yield session

        settings = Settings(
            _env_file=None,
            var_dir=tmp_path,
            smtp_host="",
            console_secret="x" * 32,
            event_broker_url="amqp://guest:guest@127.0.0.1:5672/%2F",
        )
        with served(create_app(settings, scope)) as url:
            yield ServedConsole(url, sessions)
