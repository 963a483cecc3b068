"""The console's fixtures (tests/console/conftest.py), for the family routes tested here."""

from tests.console.conftest import admin, console, rasa

__all__ = ["admin", "console", "rasa"]
