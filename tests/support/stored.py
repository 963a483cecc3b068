"""What the production profile's shared parts hold after the tests' turns: which
processes nginx sent them to, the tracker store's events, the dashboard's copy."""

import json
import time

from sqlalchemy import create_engine, text

from bot.db.tracker_store import app_driver_url
from tests.support.stack import RunningStack


def routed(stack: RunningStack, route: str) -> set[str]:
    """The processes (host:port) that nginx's access log shows answering `route` (a path,
    or a prefix ending in "/": every route under it)."""
    log = (stack.var_dir / "log" / "nginx.log").read_text()
    fields = [line.split() for line in log.splitlines()]
    wanted = (lambda path: path.startswith(route)) if route.endswith("/") else route.__eq__
    return {f[4].rstrip(",") for f in fields if len(f) >= 6 and wanted(f[2].split("?")[0])}


def stored_turns(stack: RunningStack, senders: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per conversation, its user and bot events in the order stored: (type, user text)."""
    engine = create_engine(app_driver_url(stack.env["DATABASE_URL"]))
    query = text(
        "SELECT sender_id, type_name, data FROM events WHERE sender_id = ANY(:senders) "
        "AND type_name IN ('user', 'bot') ORDER BY id"
    )
    turns: dict[str, list[tuple[str, str]]] = {sender: [] for sender in senders}
    with engine.connect() as connection:
        for sender, kind, data in connection.execute(query, {"senders": senders}):
            turns[sender].append((kind, json.loads(data).get("text") or ""))
    engine.dispose()
    return turns


def reported_messages(stack: RunningStack, senders: list[str], expected: int) -> int:
    """The parents' messages of `senders` in the dashboard's copy of Rasa's events, which
    the consumer fills from RabbitMQ (soon after the turns, not during them)."""
    engine = create_engine(app_driver_url(stack.env["DATABASE_URL"]))
    query = text(
        "SELECT count(*) FROM conversation_events "
        "WHERE kind = 'message' AND sender_id = ANY(:senders)"
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            with engine.connect() as connection:
                count = connection.execute(query, {"senders": senders}).scalar_one()
            if count >= expected or time.monotonic() > deadline:
                return count
            time.sleep(0.5)
    finally:
        engine.dispose()
