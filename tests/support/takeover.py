"""The start of every takeover: the parent asks for a person on their channel, and staff
find the conversation in the console's queue and open it."""

from typing import Any

from bot.conversation.texts import say, template
from tests.support.console import StaffConsole
from tests.support.parents import Parent

ASK = "Ik wil graag een medewerker spreken"
# what the parent hears at once: a person soon, or (after hours, or a queue that runs past
# closing time) when the office opens; the fixed words before the first placeholder
WAITING = tuple(
    template(key).split("{")[0] for key in ("handoff_open", "handoff_closed_now", "handoff_closing")
)


def escalate(parent: Parent, console: StaffConsole) -> dict[str, Any]:
    """The parent asks for a person; returns the conversation as the console opens it."""
    start = len(parent.texts())
    parent.say(ASK)
    parent.wait_for(*WAITING, after=start)
    handoff = console.open_handoff(parent.sender)
    assert handoff["status"] == "waiting" and handoff["paused"] is True
    assert handoff["reason_text"] == "ouder vroeg om een medewerker"
    assert [m["text"] for m in handoff["messages"] if m["who"] == "parent"][-1] == ASK
    return handoff


def claim(parent: Parent, console: StaffConsole, handoff_id: int) -> int:
    """Staff claim the conversation; returns the index of the "joined" message."""
    claimed = console.post(f"/conversations/{handoff_id}/claim")
    assert claimed.status_code == 200, claimed.text
    return parent.wait_for(say("staff_joined", name=console.staff_name))
