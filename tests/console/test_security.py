"""Who may do what: anonymous users, agents, admins; CSRF; the login lock-out."""

from fastapi.testclient import TestClient

from bot.staff.accounts import MAX_FAILURES_PER_IP
from tests.support.console_app import log_in, logged_in, page_csrf


def test_pages_send_anonymous_users_to_the_login(console: TestClient) -> None:
    for path in ["/", "/conversations/1", "/admin/staff", "/admin/replies", "/admin/audit"]:
        response = console.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


def test_every_api_operation_refuses_anonymous_users(console: TestClient) -> None:
    spec = console.app.openapi()
    assert spec["paths"], "the API is described"
    for path, operations in spec["paths"].items():
        url = (
            path.replace("{handoff_id}", "1").replace("{staff_id}", "1").replace("{reply_id}", "1")
        )
        for method in operations:
            response = console.request(method.upper(), url, json={})
            assert response.status_code == 401, (method, path, response.status_code)


def test_the_api_description_is_for_logged_in_staff_only(console: TestClient, agent) -> None:
    assert console.get("/openapi.json").status_code == 401
    assert console.get("/api/docs").status_code == 404
    logged_in(console, agent.email)
    assert console.get("/openapi.json").json()["paths"]


def test_agents_are_kept_out_of_admin_pages_and_operations(console: TestClient, agent) -> None:
    headers = logged_in(console, agent.email)
    assert console.get("/admin/staff").status_code == 403
    assert console.get("/admin/audit").status_code == 403
    assert console.get("/api/audit").status_code == 403
    new = {"email": "x@example.nl", "password": "0123456789", "role": "admin"}
    assert console.post("/api/staff", json=new, headers=headers).status_code == 403
    reply = {"title": "t", "text": "t"}
    assert console.post("/api/canned-replies", json=reply, headers=headers).status_code == 403
    assert console.get("/api/me").json()["role"] == "agent"


def test_admins_manage_staff_and_canned_replies(console: TestClient, admin) -> None:
    headers = logged_in(console, admin.email)
    assert console.get("/admin/staff").status_code == 200
    new = {"email": "Ben@Example.nl", "name": "Ben", "password": "0123456789", "role": "agent"}
    created = console.post("/api/staff", json=new, headers=headers)
    assert created.status_code == 201 and created.json()["email"] == "ben@example.nl"
    assert console.post("/api/staff", json=new, headers=headers).status_code == 422
    changed = console.patch(
        f"/api/staff/{created.json()['id']}", json={"active": False}, headers=headers
    )
    assert changed.json()["active"] is False
    own = console.patch(f"/api/staff/{admin.id}", json={"role": "agent"}, headers=headers)
    assert own.status_code == 409
    reply = console.post(
        "/api/canned-replies", json={"title": "Groet", "text": "Goedemiddag!"}, headers=headers
    )
    assert reply.status_code == 201
    assert [r["title"] for r in console.get("/api/canned-replies").json()] == ["Groet"]
    assert (
        console.delete(f"/api/canned-replies/{reply.json()['id']}", headers=headers).status_code
        == 204
    )
    actions = [entry["action"] for entry in console.get("/api/audit").json()]
    assert actions[:4] == ["canned_delete", "canned_add", "staff_change", "staff_add"]


def test_mutations_need_the_csrf_token(console: TestClient, admin) -> None:
    logged_in(console, admin.email)
    response = console.post("/api/canned-replies", json={"title": "t", "text": "t"})
    assert response.status_code == 403
    wrong = {"X-CSRF-Token": "guessed"}
    assert (
        console.post(
            "/api/canned-replies", json={"title": "t", "text": "t"}, headers=wrong
        ).status_code
        == 403
    )


def test_login_form_needs_the_csrf_token(console: TestClient, agent) -> None:
    console.get("/login")
    response = console.post("/login", data={"email": agent.email, "password": "x"})
    assert response.status_code == 403


def test_five_wrong_passwords_lock_the_login(console: TestClient, agent) -> None:
    for _ in range(5):
        assert log_in(console, agent.email, "verkeerd-wachtwoord").status_code == 401
    locked = log_in(console, agent.email)  # now even the right password is refused
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.text
    assert console.get("/api/me").status_code == 401


def from_address(console: TestClient, ip: str) -> TestClient:
    """Another browser on the same console, from another IP address."""
    return TestClient(console.app, client=(ip, 50000))


def test_wrong_passwords_from_elsewhere_do_not_lock_out_the_owner(
    console: TestClient, admin
) -> None:
    """Knowing an admin's address is not enough to lock the admin out."""
    for _ in range(6):
        log_in(console, admin.email, "verkeerd-wachtwoord")
    assert log_in(console, admin.email).status_code == 429  # the attacker's address
    owner = from_address(console, "192.0.2.10")
    assert log_in(owner, admin.email).status_code == 200
    assert owner.get("/api/me").json()["email"] == admin.email
    # the owner's login does not reset the attacker's count
    assert log_in(console, admin.email).status_code == 429


def test_one_address_trying_many_accounts_is_locked_for_all(console: TestClient, agent) -> None:
    attacker = from_address(console, "198.51.100.7")
    for n in range(MAX_FAILURES_PER_IP):  # one guess each: no account reaches its limit
        assert log_in(attacker, f"iemand{n}@example.nl", "raden").status_code == 401
    assert log_in(attacker, agent.email).status_code == 429
    assert log_in(console, agent.email).status_code == 200  # another address is not locked


def test_logout_ends_every_copy_of_the_session(console: TestClient, agent) -> None:
    headers = logged_in(console, agent.email)
    cookie = console.cookies["console_session"]
    copy = from_address(console, "203.0.113.5")
    copy.cookies.set("console_session", cookie)
    assert copy.get("/api/me").status_code == 200
    console.post("/logout", data={"csrf_token": headers["X-CSRF-Token"]})
    assert copy.get("/api/me").status_code == 401
    assert copy.get("/", follow_redirects=False).status_code == 303


def test_unknown_addresses_get_the_same_answer(console: TestClient) -> None:
    response = log_in(console, "niemand@example.nl", "wat-dan-ook")
    assert response.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet" in response.text


def test_session_cookie_flags(console: TestClient, agent) -> None:
    response = log_in(console, agent.email)
    cookie = response.history[0].headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert page_csrf(response.text)
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_every_api_operation_declares_its_answers(console: TestClient) -> None:
    """The OpenAPI document gives a response schema for every console API route's success
    (the export download too); only a 204 has no body to describe."""
    spec = console.app.openapi()
    operations = [
        (method, path, operation)
        for path, methods in spec["paths"].items()
        if path.startswith("/api/")
        for method, operation in methods.items()
    ]
    assert len(operations) >= 17
    for method, path, operation in operations:
        success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        assert success, (method, path)
        for code, response in success.items():
            if code == "204":
                assert not response.get("content"), (method, path)
                continue
            content = response.get("content", {})
            if "application/json" not in content:  # a file download (CSV, YAML): typed text
                assert all(c.get("schema") for c in content.values()) and content, (method, path)
                continue
            schema = content["application/json"].get("schema")
            # a declared model (or a list of one), not "any JSON object"
            assert "$ref" in (schema or {}) or "$ref" in (schema or {}).get("items", {}), (
                method,
                path,
                code,
                schema,
            )
