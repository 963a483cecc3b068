"""Runs the Alembic migrations in bot/db/migrations against a database URL.

Each part of the application (waitlist, conversation, staff console) keeps its own branch
of migrations (its own base revision and `branch_labels`; `depends_on` where it refers to
another part's tables), so `heads` is the target.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
