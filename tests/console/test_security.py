"""Who may do what: anonymous users, agents, admins; CSRF; the login lock-out."""

from fastapi.testclient import TestClient

from tests.console.conftest import log_in, logged_in, page_csrf


def test_pages_send_anonymous_users_to_the_login(console: TestClient) -> None:
    for path in ["/", "/conversations/1", "/admin/staff", "/admin/replies", "/admin/audit"]:
        response = console.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


def test_every_api_operation_refuses_anonymous_users(console: TestClient) -> None:
    spec = console.get("/openapi.json").json()
    assert spec["paths"], "the API is described"
    for path, operations in spec["paths"].items():
        url = (
            path.replace("{handoff_id}", "1").replace("{staff_id}", "1").replace("{reply_id}", "1")
        )
        for method in operations:
            response = console.request(method.upper(), url, json={})
            assert response.status_code == 401, (method, path, response.status_code)


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
    spec = console.get("/openapi.json").json()
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
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            # a declared model (or a list of one), not "any JSON object"
            assert "$ref" in (schema or {}) or "$ref" in (schema or {}).get("items", {}), (
                method,
                path,
                code,
                schema,
            )
