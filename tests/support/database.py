"""Databases for tests: the schema comes from the Alembic migrations, never create_all."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, event

from bot.db.migrate import upgrade
from bot.db.session import make_engine
from tests.support.postgres import temporary_database


def with_real_savepoints(engine: Engine) -> Engine:
    """pysqlite begins a transaction only before a write and ends it on its own, so a
    test's commit inside a savepoint outlived the rollback of the fixture's transaction:
    tests saw rows of tests before them and passed or failed by their order. Here
    SQLAlchemy begins and ends every transaction itself (SQLAlchemy's recipe for
    pysqlite), and the rollback after a test takes its commits with it."""

    @event.listens_for(engine, "connect")
    def _driver_leaves_transactions_alone(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def migrated_database(kind: str, tmp_dir: Path, *, rolled_back: bool = False) -> Iterator[Engine]:
    """An engine on a new database of `kind` ("sqlite" or "postgresql"), migrated to heads.
    `rolled_back`: tests run inside one transaction that is rolled back after each, which
    SQLite keeps only with `with_real_savepoints`; without it the driver's own transactions
    stay, as in production, so concurrent writers wait for each other instead of failing
    with "database is locked" when a read transaction would have to become a write one."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_dir / 'test.db'}"
        upgrade(url)
        engine = make_engine(url)
        if rolled_back:
            engine = with_real_savepoints(engine)
        yield engine
        engine.dispose()
        return
    with temporary_database() as url:
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
