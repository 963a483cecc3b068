"""Every action keeps SafeAction's guarded turn: a helper of an action's own that happens to
share its name would replace it, and every turn of that action would fail."""

import importlib
import pkgutil

import actions
from actions.base import SafeAction

GUARDED = ("run", "_respond", "before_answer", "after_answer")


def subclasses(cls: type) -> set[type]:
    direct = set(cls.__subclasses__())
    return direct | {grand for sub in direct for grand in subclasses(sub)}


def test_no_action_replaces_the_guarded_turn() -> None:
    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    found = subclasses(SafeAction)
    assert len(found) > 10
    for action in found:
        for name in GUARDED:
            assert getattr(action, name) is getattr(SafeAction, name), f"{action.__name__}.{name}"
