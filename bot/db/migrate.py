"""Runs the Alembic migrations in bot/db/migrations against a database URL.

Each part of the application (waitlist, conversation, staff console) keeps its own branch
of migrations (its own base revision and `branch_labels`; `depends_on` where it refers to
another part's tables), so `heads` is the target.
"""

import importlib
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config

import bot

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def load_every_part() -> list[str]:
    """Put every part's tables on `Base.metadata`: each part keeps them in its own
    `bot/<part>/models.py`, found here by that name. The parts import bot/db, so bot/db
    names none of them (Alembic's env.py and the personal-data test call this); the
    modules loaded, for the record."""
    loaded = []
    for part in pkgutil.iter_modules(bot.__path__):
        if part.ispkg and (Path(bot.__path__[0]) / part.name / "models.py").is_file():
            loaded.append(importlib.import_module(f"bot.{part.name}.models").__name__)
    return loaded


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
