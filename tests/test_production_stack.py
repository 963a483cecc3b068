"""The production configuration: the same `make run`, with PostgreSQL and Redis."""

import redis
import requests
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from bot.db.migrate import alembic_config
from tests.support.stack import RunningStack


def test_conversations_are_stored_in_postgresql(production_stack: RunningStack) -> None:
    sender = "production-greeting"
    reply = requests.post(
        f"{production_stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "Goedemorgen"},
        timeout=30,
    )
    assert reply.status_code == 200 and reply.json()
    engine = create_engine(production_stack.env["TRACKER_STORE_URL"].replace("psycopg2", "psycopg"))
    with engine.connect() as connection:
        types = (
            connection.execute(
                text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert "user" in types and "bot" in types


def test_rasa_takes_its_conversation_locks_in_redis(production_stack: RunningStack) -> None:
    requests.post(
        f"{production_stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": "production-lock", "message": "hallo"},
        timeout=30,
    )
    clients = redis.Redis(host="127.0.0.1", port=6379).client_list()
    assert any(client["db"] == production_stack.env["REDIS_DB"] for client in clients)


def test_waitlist_database_is_migrated_in_postgresql(production_stack: RunningStack) -> None:
    url = production_stack.env["DATABASE_URL"]
    engine = create_engine(url)
    with engine.connect() as connection:
        heads = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        assert set(heads) == set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine.dispose()
