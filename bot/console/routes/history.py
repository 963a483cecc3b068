"""What the history search leaves out for this staff member: an agent is told that some
conversations found are only for an admin, instead of reading "nothing found"."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from bot.console.dependencies import may_read
from bot.console.schemas import HiddenResults
from bot.console.security import DB, Staff
from bot.handoff import history

router = APIRouter(tags=["conversations"])


@router.get("/history/hidden", response_model=HiddenResults)
def hidden_results(
    staff: Staff,
    session: DB,
    q: Annotated[str, Query(min_length=history.MIN_LENGTH, max_length=100)],
) -> Any:
    """How many conversations the same search finds that this role may not read."""
    found = history.search(session=session, text=q)
    return {"hidden": sum(1 for h in found if not may_read(staff, h))}
