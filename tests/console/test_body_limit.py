"""Bodies are limited before the login is checked: an anonymous 100 MB post was read and
parsed, then answered 401; a trickled body was waited for without end."""

import asyncio
import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from bot.console.body_limit import MAX_BODY_BYTES, BodyLimit
from bot.launcher.stack import staff_console
from tests.support.console_app import logged_in

NOTES = "/api/conversations/1/notes"


def test_a_large_body_is_refused_before_the_login(console: TestClient) -> None:
    big = json.dumps({"text": "x" * (2 * MAX_BODY_BYTES)})
    declared = console.post(NOTES, content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413

    def chunks():  # no Content-Length: chunked, counted as it arrives
        for _ in range(3):
            yield b"x" * MAX_BODY_BYTES

    streamed = console.post(NOTES, content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413, (streamed.text, streamed.headers)
    assert console.post(NOTES, json={"text": "kort"}).status_code == 401  # small: as before


def test_logged_in_staff_post_as_before(console: TestClient, agent) -> None:
    logged_in(console, agent.email)
    assert console.get("/api/queue").status_code == 200


async def test_a_trickled_body_is_answered_408() -> None:
    app = FastAPI()

    class Note(BaseModel):
        text: str

    @app.post("/notes")
    def post(note: Note) -> dict[str, str]:
        return {"text": note.text}

    sent: list[dict] = []
    first = True

    async def receive() -> dict:
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": b'{"te', "more_body": True}
        await asyncio.sleep(10)  # the rest never comes
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/notes",
        "raw_path": b"/notes",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5000),
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }
    await asyncio.wait_for(BodyLimit(app, body_seconds=0.2)(scope, receive, send), 5)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 408


def test_the_console_is_started_with_bounded_connections(tmp_path) -> None:
    from bot.settings import Settings

    command = staff_console(Settings(var_dir=tmp_path)).command
    assert "--limit-concurrency" in command and "--timeout-keep-alive" in command
