"""Signing in through the console's doors: the second factor (required for admins, set up at
the first sign-in; wrong, replayed and recovery codes), the password-reset link (single
use, expiry on the project's clock, the same answer for any address, rate limited), and
login sessions listed and ended."""

import email
import re
from datetime import timedelta

import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.staff.accounts import create_account
from bot.staff.models import AuditEntry, StaffSession
from tests.support.console_app import NOW, PASSWORD, log_in, logged_in, page_csrf
from tests.support.second_factor import DEVICES, Authenticator, enroll

NEW_PASSWORD = "een-nieuw-wachtwoord"


def actions(db_session: Session) -> list[str]:
    return list(db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def password_step(client: TestClient, address: str, password: str = PASSWORD):
    token = page_csrf(client.get("/login").text)
    return client.post("/login", data={"email": address, "password": password, "csrf_token": token})


def enter_code(client: TestClient, page, code: str):
    return client.post("/login/code", data={"code": code, "csrf_token": page_csrf(page.text)})


def new_admin(db_session: Session, address: str = "nieuw@example.nl"):
    return create_account(
        session=db_session, email=address, password=PASSWORD, role="admin", name="Nieuw", now=NOW
    )


# --- the second factor -------------------------------------------------------------------


def test_an_admin_without_a_second_factor_sets_one_up_before_any_page(
    console: TestClient, db_session: Session
) -> None:
    new_admin(db_session)
    page = password_step(console, "nieuw@example.nl")
    assert page.url.path == "/login/setup"
    # the password alone opens nothing
    assert console.get("/", follow_redirects=False).headers["location"] == "/login"
    assert console.get("/api/me").status_code == 401
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    assert "otpauth://totp/" in page.text and f"secret={secret}" in page.text
    device = Authenticator(secret)

    wrong = console.post(
        "/login/setup", data={"code": "000000", "csrf_token": page_csrf(page.text)}
    )
    assert wrong.status_code == 401
    assert 'id="code-error"' in wrong.text and "klopt niet" in wrong.text
    done = console.post(
        "/login/setup", data={"code": device.current(), "csrf_token": page_csrf(wrong.text)}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.text)
    assert len(codes) == 10
    assert console.get("/api/me").json()["second_factor"] is True
    assert actions(db_session)[-2:] == ["second_factor_on", "login"]


def test_a_second_factor_code_works_once_and_a_wrong_one_not_at_all(
    console: TestClient, admin, db_session: Session
) -> None:
    device = DEVICES[admin.email]
    page = password_step(console, admin.email)
    assert page.url.path == "/login/code"
    wrong = enter_code(console, page, device.wrong_code())
    assert wrong.status_code == 401 and 'id="code-error"' in wrong.text
    code = device.code()
    assert enter_code(console, wrong, code).url.path == "/"
    # the same code in a new sign-in (someone who watched it typed): refused
    other = TestClient(console.app)
    again = enter_code(other, password_step(other, admin.email), code)
    assert again.status_code == 401 and other.get("/api/me").status_code == 401
    logins = db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "login")).all()
    assert logins == ["totp"]


def test_a_recovery_code_stands_in_for_the_app_once(console: TestClient, admin) -> None:
    recovery = DEVICES[admin.email].recovery_codes[0]
    assert enter_code(console, password_step(console, admin.email), recovery).url.path == "/"
    other = TestClient(console.app)
    assert enter_code(other, password_step(other, admin.email), recovery).status_code == 401


def test_wrong_codes_lock_the_sign_in_like_wrong_passwords(console: TestClient, admin) -> None:
    page = password_step(console, admin.email)
    for _ in range(5):
        page = enter_code(console, page, "999999x")
        assert page.status_code == 401
    locked = enter_code(console, page, DEVICES[admin.email].code())
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.text


def test_an_agent_may_add_a_second_factor_and_is_then_asked_for_it(
    console: TestClient, agent
) -> None:
    assert log_in(console, agent.email).url.path == "/"  # optional: not asked
    page = console.get("/account/second-factor")
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    device = Authenticator(secret)
    done = console.post(
        "/account/second-factor",
        data={"code": device.current(), "csrf_token": page_csrf(page.text)},
    )
    assert "Tweede factor ingesteld" in done.text
    other = TestClient(console.app)
    page = password_step(other, agent.email)
    assert page.url.path == "/login/code"
    assert enter_code(other, page, device.code()).url.path == "/"


def test_an_admin_resets_a_colleagues_second_factor(
    console: TestClient, admin, db_session: Session
) -> None:
    colleague = new_admin(db_session, "collega@example.nl")
    enroll(db_session, colleague)
    theirs = TestClient(console.app)
    log_in(theirs, colleague.email)
    assert theirs.get("/api/me").status_code == 200
    headers = logged_in(console, admin.email)
    assert (
        console.post(f"/api/staff/{admin.id}/second-factor/reset", headers=headers).status_code
        == 409
    )
    reset = console.post(f"/api/staff/{colleague.id}/second-factor/reset", headers=headers)
    assert reset.status_code == 200 and reset.json() == {"ended": 1}
    assert theirs.get("/api/me").status_code == 401  # signed out everywhere
    assert password_step(theirs, colleague.email).url.path == "/login/setup"
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "second_factor_reset")
    ).one()
    assert entry.staff_email == admin.email and entry.detail == colleague.email


# --- the password-reset link -------------------------------------------------------------


def outbox(console: TestClient) -> list[email.message.Message]:
    folder = console.app.state.settings.outbox_dir
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime) if folder.exists() else []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in paths]


def ask_link(client: TestClient, address: str):
    form = client.get("/login/forgot")
    return client.post("/login/forgot", data={"email": address, "csrf_token": page_csrf(form.text)})


def link_in(mail) -> str:
    body = mail.get_content()
    match = re.search(r"(http://\S+/login/reset\?token=\S+)", body)
    assert match, body
    return "/login/reset" + match.group(1).split("/login/reset", 1)[1]


def answer_text(response) -> str:
    return re.sub(r'content="[^"]+"|value="[^"]+"', "", response.text)


def test_the_answer_is_the_same_whether_or_not_the_address_exists(
    console: TestClient, agent
) -> None:
    assert 'href="/login/forgot"' in console.get("/login").text
    known, unknown = ask_link(console, agent.email), ask_link(console, "niemand@example.nl")
    assert known.status_code == unknown.status_code == 200
    assert answer_text(known) == answer_text(unknown)
    assert "Als dit adres bij ons bekend is" in known.text
    mails = outbox(console)
    assert [m["To"] for m in mails] == [agent.email]
    assert mails[0]["Subject"] == "Nieuw wachtwoord voor de medewerkersconsole"


def test_the_link_sets_a_new_password_once_and_ends_every_session(
    console: TestClient, agent, db_session: Session
) -> None:
    elsewhere = TestClient(console.app)
    logged_in(elsewhere, agent.email)
    ask_link(console, agent.email)
    path = link_in(outbox(console)[-1])
    form = console.get(path)
    assert form.status_code == 200 and 'name="password"' in form.text
    token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
    data = {"token": token, "csrf_token": page_csrf(form.text)}
    short = console.post("/login/reset", data={**data, "password": "kort", "repeated": "kort"})
    assert short.status_code == 422 and 'id="password-error"' in short.text
    done = console.post(
        "/login/reset", data={**data, "password": NEW_PASSWORD, "repeated": NEW_PASSWORD}
    )
    assert done.url.path == "/login" and "Uw wachtwoord is gewijzigd" in done.text
    assert elsewhere.get("/api/me").status_code == 401
    assert log_in(console, agent.email).status_code == 401  # the old password
    assert log_in(console, agent.email, NEW_PASSWORD).url.path == "/"
    replay = TestClient(console.app)  # the same link again, in another browser
    fresh = page_csrf(replay.get("/login/forgot").text)
    again = replay.post(
        "/login/reset",
        data={
            "token": token,
            "csrf_token": fresh,
            "password": "nog-een-ander-ww",
            "repeated": "nog-een-ander-ww",
        },
    )
    assert again.status_code == 410 and "verlopen of al gebruikt" in again.text
    assert console.get(path).status_code == 410
    assert actions(db_session).count("password_reset") == 1
    assert "password_reset_mail" in actions(db_session)


def test_an_admin_who_resets_a_forgotten_password_is_still_asked_for_the_second_factor(
    console: TestClient, admin, db_session: Session
) -> None:
    ask_link(console, admin.email)
    form = console.get(link_in(outbox(console)[-1]))
    token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
    done = console.post(
        "/login/reset",
        data={
            "token": token,
            "csrf_token": page_csrf(form.text),
            "password": NEW_PASSWORD,
            "repeated": NEW_PASSWORD,
        },
    )
    assert done.url.path == "/login" and "Uw wachtwoord is gewijzigd" in done.text
    # the new password is only the first step: the app's code is still asked for
    page = password_step(console, admin.email, NEW_PASSWORD)
    assert page.url.path == "/login/code"
    assert console.get("/api/me").status_code == 401
    assert console.get("/", follow_redirects=False).headers["location"] == "/login"
    signed_in = enter_code(console, page, DEVICES[admin.email].code())
    assert signed_in.url.path == "/"
    assert console.get("/api/me").json()["second_factor"] is True
    logins = db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "login")).all()
    assert logins == ["totp"]


def test_the_link_expires_after_thirty_minutes_on_the_projects_clock(
    console: TestClient, agent
) -> None:
    ask_link(console, agent.email)
    path = link_in(outbox(console)[-1])
    with time_machine.travel(clock.now() + timedelta(minutes=29)):
        assert console.get(path).status_code == 200
    with time_machine.travel(clock.now() + timedelta(minutes=31)):
        assert console.get(path).status_code == 410
        token = path.split("token=", 1)[1]
        form = console.get("/login/forgot")
        expired = console.post(
            "/login/reset",
            data={
                "token": token,
                "password": NEW_PASSWORD,
                "repeated": NEW_PASSWORD,
                "csrf_token": page_csrf(form.text),
            },
        )
        assert expired.status_code == 410
    assert log_in(console, agent.email).url.path == "/"  # the password is unchanged


def test_asking_for_links_is_rate_limited_alike_for_known_and_unknown_addresses(
    console: TestClient, agent
) -> None:
    for address in (agent.email, "niemand@example.nl"):
        answers = [ask_link(console, address).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429]
    # however often it is asked, one account gets a few mails per window
    assert len(outbox(console)) == 3


def test_a_blocked_account_gets_no_link(console: TestClient, agent, admin) -> None:
    headers = logged_in(console, admin.email)
    console.patch(f"/api/staff/{agent.id}", json={"active": False}, headers=headers)
    assert ask_link(TestClient(console.app), agent.email).status_code == 200
    assert outbox(console) == []


# --- sessions ----------------------------------------------------------------------------


def test_staff_see_their_sessions_and_end_one(console: TestClient, agent) -> None:
    phone = TestClient(console.app, client=("203.0.113.77", 50000))
    phone.headers["user-agent"] = "Telefoon-browser"
    logged_in(phone, agent.email)
    headers = logged_in(console, agent.email)
    listed = console.get("/api/sessions").json()
    assert len(listed) == 2
    current = [s for s in listed if s["current"]]
    other = next(s for s in listed if not s["current"])
    assert len(current) == 1
    assert other["ip"] == "203.0.113.x" and other["user_agent"] == "Telefoon-browser"
    assert console.delete(f"/api/sessions/{other['id']}", headers=headers).status_code == 204
    assert phone.get("/api/me").status_code == 401
    assert console.get("/api/me").status_code == 200
    assert [s["id"] for s in console.get("/api/sessions").json()] == [current[0]["id"]]
    account = console.get("/account")  # the page that lists them (console.js)
    assert account.status_code == 200 and 'id="sessions"' in account.text


def test_nobody_ends_a_colleagues_session_by_number(console: TestClient, agent, admin) -> None:
    theirs = TestClient(console.app)
    headers_admin = logged_in(theirs, admin.email)
    assert headers_admin
    admin_session = theirs.get("/api/sessions").json()[0]["id"]
    headers = logged_in(console, agent.email)
    assert console.delete(f"/api/sessions/{admin_session}", headers=headers).status_code == 404
    assert theirs.get("/api/me").status_code == 200


def test_an_admin_ends_all_sessions_of_a_colleague_and_blocking_ends_them(
    console: TestClient, agent, admin, db_session: Session
) -> None:
    laptops = [TestClient(console.app) for _ in range(2)]
    for laptop in laptops:
        logged_in(laptop, agent.email)
    headers = logged_in(console, admin.email)
    ended = console.post(f"/api/staff/{agent.id}/sessions/end", headers=headers)
    assert ended.json() == {"ended": 2}
    assert all(laptop.get("/api/me").status_code == 401 for laptop in laptops)
    assert "sessions_end" in actions(db_session)

    logged_in(laptops[0], agent.email)
    console.patch(f"/api/staff/{agent.id}", json={"active": False}, headers=headers)
    open_sessions = db_session.scalars(
        select(StaffSession).where(
            StaffSession.staff_id == agent.id, StaffSession.ended_at.is_(None)
        )
    ).all()
    assert open_sessions == []
