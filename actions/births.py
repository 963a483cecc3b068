"""A birth reported in a change: read from the parent's words with the registration."""

from actions.common import (
    with_database,
)
from bot.parent_requests.births import ReportedBirth, reported_birth
from bot.shared import clock


async def birth_in(number: str, words: str) -> ReportedBirth | None:
    today = clock.today()
    return await with_database(
        lambda session: reported_birth(session=session, number=number, words=words, today=today)
    )
