"""The console's fixtures (tests/support/console_app.py), for the family routes tested here."""

from tests.support.console_app import admin, console, rasa

__all__ = ["admin", "console", "rasa"]
