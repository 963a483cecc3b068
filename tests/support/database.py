"""Databases for tests: the schema comes from the Alembic migrations, never create_all."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from bot.db.migrate import upgrade
from bot.db.session import make_engine
from tests.support.postgres import temporary_database


@contextmanager
def migrated_database(kind: str, tmp_dir: Path) -> Iterator[Engine]:
    """An engine on a new database of `kind` ("sqlite" or "postgresql"), migrated to heads."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_dir / 'test.db'}"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    with temporary_database() as url:
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
