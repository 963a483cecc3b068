"""The parents' answers as CSV for head office: source, day, channel, score, words, theme,
locations and moment, one row per answer.

Named only where the parent agreed: a parent agrees to be named with their feedback when
`update_preferences.feedback_named_at` is set for their registration (recorded with
`python -m bot feedback named NUMBER`, audited; nobody is named by default). Then the row
carries the registration number and the parent's name and the words as written. Every
other row is anonymous: no number, no name, and the words through the dashboard's mask
(registration numbers, dates, e-mail addresses, phone numbers, IBANs and children's first
names replaced, bot/reporting/nlu_review.py). Answers of a parent who was not identified
are always anonymous."""

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feedback.answers import Answer
from bot.feedback.themes import OTHER, assign
from bot.parent_requests.planning import safe_cell
from bot.reporting import nlu_review
from bot.updates.models import UpdatePreference
from bot.waitlist.models import Parent, Registration

COLUMNS = (
    "day",
    "source",
    "channel",
    "score",
    "comment",
    "theme",
    "locations",
    "moment",
    "named",
    "registration_number",
    "parent_name",
)


def named_numbers(session: Session, numbers: set[str]) -> set[str]:
    """The registrations whose parent agreed to be named with their feedback."""
    if not numbers:
        return set()
    query = select(UpdatePreference.registration_number).where(
        UpdatePreference.registration_number.in_(numbers),
        UpdatePreference.feedback_named_at.is_not(None),
    )
    return set(session.scalars(query))


def _parent_names(session: Session, numbers: set[str]) -> dict[str, str]:
    if not numbers:
        return {}
    rows = session.execute(
        select(Registration.number, Parent.name)
        .join(Parent, Parent.child_id == Registration.child_id)
        .where(Registration.number.in_(numbers))
        .order_by(Parent.id)
    )
    names: dict[str, str] = {}
    for number, name in rows:
        names.setdefault(number, name)
    return names


def export_csv(
    *, session: Session, answers: list[Answer], day_of: Callable[[datetime], date]
) -> str:
    themes = assign(session, answers)
    named = named_numbers(session, {n for a in answers for n in a.numbers})
    parents = _parent_names(session, named)
    children = nlu_review.child_names(session)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for answer in answers:
        number = next((n for n in sorted(answer.numbers) if n in named), None)
        comment = answer.text if number else nlu_review.anonymise(answer.text, children)
        row = (
            day_of(answer.at).isoformat(),
            answer.source,
            answer.channel,
            answer.score,
            comment,
            themes[answer.key] or OTHER,
            "|".join(sorted(answer.locations)),
            answer.moment,
            "yes" if number else "no",
            number or "",
            parents.get(number, "") if number else "",
        )
        writer.writerow(safe_cell(cell) for cell in row)
    return out.getvalue()
