"""Alembic environment: migrates the URL given by bot.db.migrate (or the settings)."""

from alembic import context

from bot.db.base import Base
from bot.db.migrate import load_every_part
from bot.db.session import make_engine

load_every_part()  # every part's tables on Base.metadata, for autogenerate

config = context.config
url = config.get_main_option("sqlalchemy.url")


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
