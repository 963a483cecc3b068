"""Over everything the default stack has logged in this session, no circuit breaker tripped
and no custom action failed. Last in the conversation tests (file order) it covers theirs;
alone, or in any order, it covers at least its own conversation, whose answers come from
custom actions, so it never passes on logs with nothing in them."""

from bot.conversation.texts import say
from tests.support import logs
from tests.support.chat import Chat
from tests.support.stack import RunningStack


def test_default_stack_logged_no_circuit_breaker_or_failed_action(
    default_stack: RunningStack,
) -> None:
    chat = Chat(default_stack)
    chat.say("Hoe staat het met mijn inschrijving?")
    chat.say("INS-123999")
    # the identity check's custom action answers: Rasa called the action server
    assert say("details_mismatch") in chat.say_text("01-01-2020")
    read = {source for source, _ in logs.new_lines(default_stack)}
    assert {"rasa.log", "actions.log"} <= read, read
    logs.assert_no_problems(logs.problems(default_stack))
