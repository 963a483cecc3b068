"""The parents' answers from every reader, with the registration, locations and the moment
of the journey when the parent wrote (the status history), and keys that stay the same."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feedback.answers import Sources, collect
from bot.reporting.sources import EventTableSource
from bot.shared import clock
from bot.waitlist.models import Registration, StatusChange
from tests.support.feedback import days_ago, handoff, import_mila, rating_comment, verified


def test_each_answer_carries_the_status_the_parent_was_in_when_they_wrote(
    db_session: Session, tmp_path: Path
) -> None:
    import_mila(db_session, tmp_path / "export")
    registration = db_session.scalar(
        select(Registration).where(Registration.number == "INS-000001")
    )
    db_session.add_all(
        [
            StatusChange(
                registration_id=registration.id, status="waiting", changed_at=days_ago(30)
            ),
            StatusChange(registration_id=registration.id, status="offered", changed_at=days_ago(5)),
        ]
    )
    verified(db_session, "website:sanne", "INS-000001", days_ago(10))
    rating_comment(db_session, "website:sanne", "het wachten duurde lang", days_ago(10))
    handoff(
        db_session,
        "website:sanne",
        "ik wil klagen over het aanbod",
        days_ago(2),
        number="INS-000001",
    )
    sources = Sources(db_session, EventTableSource(db_session), days_ago(20), clock.now())

    answers = collect(sources)

    assert [(a.source, a.moment, a.locations) for a in answers] == [
        ("bot_rating", "waiting", frozenset({"UTR-ZON"})),
        ("complaint", "offered", frozenset({"UTR-ZON"})),
    ]
    assert [a.key for a in collect(sources)] == [a.key for a in answers]  # stable keys
    assert all(len(a.key) == 64 and "sanne" not in a.key for a in answers)
    # a shorter period reads only what was written in it
    later = Sources(
        db_session, EventTableSource(db_session), days_ago(5), clock.now() + timedelta(1)
    )
    assert [a.source for a in collect(later)] == ["complaint"]
