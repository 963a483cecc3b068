"""The start of every takeover: the parent asks for a person on their channel, and staff
find the conversation in the console's queue and open it."""

from typing import Any

from bot.conversation.texts import say
from tests.support.console import StaffConsole
from tests.support.parents import Parent

ASK = "Ik wil graag een medewerker spreken"


def escalate(parent: Parent, console: StaffConsole) -> dict[str, Any]:
    """The parent asks for a person; returns the conversation as the console opens it."""
    start = len(parent.texts())
    parent.say(ASK)
    # a person comes soon, or (outside office hours) when the office opens
    parent.wait_for("komt zo bij dit gesprek", "plaatsingsbureau is nu gesloten", after=start)
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
