"""Bring the database schema up to date (Alembic migrations)."""

import argparse

from bot.db.migrate import upgrade
from bot.settings import get_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--revision", default="heads", help="target (default: heads)")


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.resolved_database_url.startswith("sqlite"):
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url, args.revision)
    return 0
