"""Runs after the other conversation tests (file order): over everything the default stack
has logged so far, no circuit breaker tripped and no custom action failed."""

from tests.support import logs
from tests.support.stack import RunningStack


def test_default_stack_logged_no_circuit_breaker_or_failed_action(
    default_stack: RunningStack,
) -> None:
    logs.assert_no_problems(logs.problems(default_stack))
