"""The updates follow what head office did before the planning's import shows it (issue
30): a parent whose cancellation was done gets no more waiting-list mail (no welcome,
offer, survey or status mail; the request's own mail told them), also not when the import
confirms it later, and a done change's start date is the one the mails name. On SQLite
and on PostgreSQL."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from bot.parent_requests.models import RESOLVED, RegistrationRequest
from bot.parent_requests.standing import standing
from bot.shared import clock
from bot.updates import job
from bot.updates.models import UpdateMessage
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Offer, Parent, Registration, StatusChange
from tests.support.database import migrated_database
from tests.support.updates_run import CONFIG, MORNING, TODAY, Recorder, settings, units

WELCOMES = replace(CONFIG, surveys={})
pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with migrated_database(request.param, tmp_path) as engine:
        with units(engine)() as session:
            write_demo_export(tmp_path / "demo", "small", TODAY)
            import_directory(session=session, directory=tmp_path / "demo")
            run_estimates(session=session, today=TODAY)
        yield engine


def run(engine: Engine, tmp_path: Path, recorder: Recorder, days_later: int = 0) -> None:
    job.run(
        unit_of_work=units(engine),
        settings=settings(tmp_path),
        config=WELCOMES,
        senders=recorder.senders(),
        now=MORNING + timedelta(days=days_later),
        sleep=lambda _seconds: None,
    )


def reached(recorder: Recorder) -> dict[str, str]:
    return {m.key.split(":")[0]: m.key.split(":")[1] for _, _, m in recorder.sent}


def with_email(engine: Engine, *, offered: bool) -> list[str]:
    with units(engine)() as session:
        query = (
            select(Registration.number)
            .join(Parent, Parent.child_id == Registration.child_id)
            .where(Parent.email.is_not(None))
        )
        if offered:
            query = query.join(Offer, Offer.registration_id == Registration.id).where(
                Offer.outcome == "open", Offer.respond_by >= TODAY
            )
        else:
            query = query.where(Registration.status == "waiting")
        return sorted(set(session.scalars(query)))


def done(engine: Engine, number: str, kind: str, start: date | None = None) -> None:
    """Head office marked the parent's request done, after the planning's import."""
    with units(engine)() as session:
        session.add(
            RegistrationRequest(
                registration_number=number,
                kind=kind,
                details="graag" if kind == "change" else "we verhuizen",
                channel="website",
                status=RESOLVED,
                created_at=clock.now() - timedelta(days=1),
                start_date=start,
                closed_at=clock.now(),
            )
        )


def test_a_done_cancellation_ends_the_waiting_list_mail_also_after_the_import(
    demo: Engine, tmp_path: Path
) -> None:
    waiting, other = with_email(demo, offered=False)[:2]
    offered = with_email(demo, offered=True)[0]
    for number in (waiting, offered):
        done(demo, number, "cancel")
    with units(demo)() as session:
        assert standing(session=session, number=waiting, today=TODAY).status == "withdrawn"

    first = Recorder()
    run(demo, tmp_path, first)
    assert reached(first)[other] == "welcome"
    assert waiting not in reached(first) and offered not in reached(first)

    # the planning's import shows the withdrawal (and the offer declined): nothing to
    # tell, it was told
    with units(demo)() as session:
        for number in (waiting, offered):
            registration = session.scalar(select(Registration).where(Registration.number == number))
            registration.status = "withdrawn"
            for offer in registration.offers:
                offer.outcome = "declined" if offer.outcome == "open" else offer.outcome
            session.add(
                StatusChange(
                    registration_id=registration.id,
                    status="withdrawn",
                    changed_at=clock.now() + timedelta(days=1),
                )
            )
    later = Recorder()
    run(demo, tmp_path, later, days_later=8)
    assert {waiting: None, offered: None} == {n: reached(later).get(n) for n in (waiting, offered)}
    with units(demo)() as session:
        told = set(session.scalars(select(UpdateMessage.registration_number)))
    assert {waiting, offered}.isdisjoint(told) and other in told


def test_a_done_change_names_its_start_date_in_the_mail(demo: Engine, tmp_path: Path) -> None:
    numbers = with_email(demo, offered=False)
    # far from the wished start: no reminder of it without the change
    with units(demo)() as session:
        session.execute(
            update(Registration)
            .where(Registration.number.in_(numbers[:2]))
            .values(desired_start_date=TODAY + timedelta(days=300))
        )
    changed, unchanged = numbers[:2]
    run(demo, tmp_path, Recorder())  # the welcome
    new_start = TODAY + timedelta(days=8 + 20)
    done(demo, changed, "change", start=new_start)

    recorder = Recorder()
    run(demo, tmp_path, recorder, days_later=8)  # past the week after the welcome
    moments = reached(recorder)
    assert moments[changed] == "start_near" and moments.get(unchanged) != "start_near"
    [mail] = [m for _, _, m in recorder.sent if m.key.startswith(f"{changed}:")]
    assert f"{new_start.day} " in mail.body and str(new_start.year) in mail.body
