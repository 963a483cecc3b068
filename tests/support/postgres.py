"""Throw-away PostgreSQL databases on the machine's server, one per test session, so that
concurrent runs (a developer and CI, say) never see each other's rows."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

SERVER = os.environ.get("TEST_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")


@contextmanager
def temporary_database(prefix: str = "placement_test", server: str = SERVER) -> Iterator[str]:
    """Yields the SQLAlchemy URL of a new, empty database and drops it afterwards; `server`
    names the driver too (the Rasa environment's is psycopg2)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{server}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
