"""Which address the login lock-out and the audit log count (bot/shared/forwarded.py): the
connection's, unless it comes from a proxy of FORWARDED_ALLOW_IPS. The console is served
here as the launcher's uvicorn command line serves it: uvicorn's own default believed
`X-Forwarded-For` from any process on this machine."""

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from uvicorn.main import main as uvicorn_command
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.launcher.stack import staff_console
from bot.settings import Settings
from bot.shared.forwarded import trusted_proxies
from bot.staff.models import AuditEntry
from tests.support.console_app import PASSWORD, page_csrf


def as_launched(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """A client on 127.0.0.1 of `app` wrapped as uvicorn wraps it for `make run`."""
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    command = staff_console(Settings(_env_file=None)).command
    arguments = command[command.index("uvicorn") + 1 :]
    options = uvicorn_command.make_context("uvicorn", arguments).params
    config = uvicorn.Config(
        app,
        proxy_headers=options["proxy_headers"],
        forwarded_allow_ips=options["forwarded_allow_ips"],
        log_config=None,
    )
    served = (
        ProxyHeadersMiddleware(app, trusted_hosts=config.forwarded_allow_ips)
        if config.proxy_headers
        else app
    )
    return TestClient(served, client=("127.0.0.1", 50000))


def log_in(client: TestClient, email: str, password: str, forwarded_for: str) -> int:
    token = page_csrf(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers={"X-Forwarded-For": forwarded_for},
        follow_redirects=False,
    )
    return answer.status_code


def test_a_rotated_forwarded_header_does_not_escape_the_lock_out(
    console: TestClient, agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_launched(console.app, monkeypatch)  # type: ignore[arg-type]
    for n in range(5):
        assert log_in(client, agent.email, "verkeerd-wachtwoord", f"198.51.100.{n}") == 401
    assert log_in(client, agent.email, PASSWORD, "198.51.100.200") == 429


def login_ips(db_session: Session) -> list[str]:
    return list(db_session.scalars(select(AuditEntry.ip).where(AuditEntry.action == "login")))


def test_the_audit_records_the_connections_address(
    console: TestClient, agent, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_launched(console.app, monkeypatch)  # type: ignore[arg-type]
    assert log_in(client, agent.email, PASSWORD, "203.0.113.66") == 303
    assert login_ips(db_session) == ["127.0.0.1"]


def test_a_configured_proxy_names_the_client(
    console: TestClient, agent, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a proxy of FORWARDED_ALLOW_IPS (read by create_app into app.state.proxies)
    each client counts (and is locked) alone."""
    console.app.state.proxies = trusted_proxies("127.0.0.1")  # type: ignore[attr-defined]
    client = as_launched(console.app, monkeypatch)  # type: ignore[arg-type]
    assert log_in(client, agent.email, PASSWORD, "203.0.113.66") == 303
    # an address that is no proxy cannot name another
    other = TestClient(console.app, client=("192.0.2.7", 50000))
    assert log_in(other, agent.email, PASSWORD, "203.0.113.67") == 303
    assert sorted(login_ips(db_session)) == ["192.0.2.7", "203.0.113.66"]
