"""Each update goes once, now that a message is claimed in the transaction that records
the one before it and the registrations are sent a batch at a time (bot/updates/sending.py):
two runs sending at the same time on PostgreSQL split the messages between them and send
none twice, and a run that dies mid-way loses only the message it was sending."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.updates import job
from bot.updates.delivery import Message, Senders
from bot.updates.models import UpdateMessage
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
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


def run(engine: Engine, tmp_path: Path, send: Senders) -> job.Report:
    return job.run(
        unit_of_work=units(engine),
        settings=settings(tmp_path),
        config=WELCOMES,
        senders=send,
        now=MORNING,
        sleep=lambda _seconds: None,
    )


def statuses(engine: Engine) -> dict[str, int]:
    with units(engine)() as session:
        rows = session.execute(
            select(UpdateMessage.status, func.count()).group_by(UpdateMessage.status)
        )
        return dict(rows.all())


def test_two_runs_sending_at_the_same_time_split_the_messages_and_send_none_twice(
    demo: Engine, tmp_path: Path
) -> None:
    if demo.dialect.name != "postgresql":
        pytest.skip("row locks and concurrent transactions: PostgreSQL's")
    due = len(run_dry(demo, tmp_path))
    recorder = Recorder()
    slow = recorder.senders()

    def email(to: str, message: Message) -> None:
        time.sleep(0.01)  # both runs are sending for the whole run
        slow.email(to, message)

    with ThreadPoolExecutor(2) as pool:
        send = Senders(email=email, whatsapp=slow.whatsapp)
        reports = list(pool.map(lambda _: run(demo, tmp_path, send), range(2)))

    keys = [message.key for _, _, message in recorder.sent]
    assert len(keys) == len(set(keys)) == due
    assert all(report.sent > 0 for report in reports)  # they did overlap
    assert sum(report.sent for report in reports) == due
    assert statuses(demo) == {"sent": due}


def run_dry(engine: Engine, tmp_path: Path) -> list[job.Planned]:
    report = job.run(
        unit_of_work=units(engine),
        settings=settings(tmp_path),
        config=WELCOMES,
        senders=Recorder().senders(),
        now=MORNING,
        dry_run=True,
    )
    return [item for item in report.planned if item.channel != "none"]


class Crash(BaseException):
    """The process dying: not an error the run records."""


def test_a_run_that_dies_loses_only_the_message_it_was_sending(
    demo: Engine, tmp_path: Path
) -> None:
    due = len(run_dry(demo, tmp_path))
    recorder = Recorder()
    kept = recorder.senders()
    count = threading.local()

    def dying(to: str, message: Message) -> None:
        count.sent = getattr(count, "sent", 0) + 1
        if count.sent == 5:
            raise Crash
        kept.email(to, message)

    with pytest.raises(Crash):
        run(demo, tmp_path, Senders(email=dying, whatsapp=kept.whatsapp))
    assert statuses(demo) == {"sent": 4, "sending": 1}  # the fifth: never sent twice

    again = run(demo, tmp_path, recorder.senders())

    keys = [message.key for _, _, message in recorder.sent]
    assert len(keys) == len(set(keys)) == due - 1
    assert again.sent == due - 5
    assert statuses(demo) == {"sent": due - 1, "sending": 1}
