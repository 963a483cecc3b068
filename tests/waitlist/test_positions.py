"""A position is 1 + the waiting registrations of the same care type ahead in the policy
order that want the same location and day: one grouped query (issue 33: an index range
per location, not a scan per location and day) gives what counting one by one gives."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Estimate, Registration
from bot.waitlist.position import positions
from tests.support.database import migrated_database


def test_positions_count_the_registrations_ahead_per_location_and_day(tmp_path: Path) -> None:
    with migrated_database("sqlite", tmp_path) as engine, Session(engine) as session:
        write_demo_export(tmp_path / "demo", "small", clock.today())
        import_directory(session=session, directory=tmp_path / "demo")
        run_estimates(session=session, today=clock.today())
        session.commit()
        waiting = session.scalars(select(Registration).where(Registration.status == "waiting"))
        queue = {r.id: r for r in waiting}
        rank = dict(session.execute(select(Estimate.registration_id, Estimate.rank)).all())

        def ahead(registration: Registration, location_id: int, day: str) -> int:
            return sum(
                1
                for other in queue.values()
                if other.id in rank
                and rank[other.id] < rank[registration.id]
                and other.care_type == registration.care_type
                and day in other.weekdays
                and location_id in {p.location_id for p in other.preferences}
            )

        checked = 0
        for registration in list(queue.values())[:60]:
            found = positions(session=session, number=registration.number)
            if registration.id not in rank:
                assert found is None
                continue
            assert found is not None
            assert [(p.location_name, p.weekday, p.position) for p in found] == [
                (p.location.name, day, 1 + ahead(registration, p.location_id, day))
                for p in registration.preferences
                for day in registration.weekday_list
            ]
            checked += any(p.position > 1 for p in found)
        assert checked > 10  # most have someone ahead somewhere
