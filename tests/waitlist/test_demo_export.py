"""The demo export at the benchmarks' sizes: written as it is made, in proportion, and
accepted by the import as it is."""

import csv
import tracemalloc
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.waitlist import demo
from bot.waitlist.demo import size_of, write_demo_export
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Group, Location, Offer, Registration


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sizes_keep_600_locations_a_million() -> None:
    assert size_of("large") == size_of(100_000) == (48, 100_000)
    assert size_of("huge") == size_of(1_000_000) == (588, 1_000_000)
    assert size_of(10_000) == (0, 10_000)  # never fewer than the twelve named locations


def test_huge_has_600_locations_and_about_2500_groups(tmp_path: Path, monkeypatch) -> None:
    # the locations and groups of `huge`, with a queue of ten to keep the test quick
    monkeypatch.setitem(demo.SIZES, "huge", (588, 10))
    write_demo_export(tmp_path, "huge", clock.today())
    assert len(rows(tmp_path / "locations.csv")) == 600
    assert 2_400 <= len(rows(tmp_path / "groups.csv")) <= 2_600
    assert len(rows(tmp_path / "registrations.csv")) == 10


def test_numbers_stay_six_digits_past_999999() -> None:
    queue = demo._registrations(demo.LOCATIONS, 3, demo.random.Random(1), clock.today())
    assert [row[0] for row in queue] == ["INS-000001", "INS-000002", "INS-000003"]
    assert f"INS-{1_000_000 % 1_000_000:06d}" == "INS-000000"


def test_the_queue_is_written_as_it_is_made(tmp_path: Path) -> None:
    """Ten times the registrations take about the same memory at the peak: nothing grows
    with the queue (the placements, per group, are the same for both)."""

    def peak(count: int) -> int:
        tracemalloc.start()
        write_demo_export(tmp_path / str(count), count, clock.today())
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5
    assert len(rows(tmp_path / "20000" / "registrations.csv")) == 20_000


def test_the_import_takes_a_scaled_export_as_written(tmp_path: Path, db_session: Session) -> None:
    write_demo_export(tmp_path, 3_000, clock.today())
    summary = import_directory(session=db_session, directory=tmp_path)
    queue = rows(tmp_path / "registrations.csv")
    offered = [r for r in queue if r["status"] == "offered"]
    assert summary.inserted["registrations"] == 3_000
    assert db_session.scalar(select(func.count()).select_from(Registration)) == 3_000
    assert db_session.scalar(select(func.count()).select_from(Location)) == 12
    assert db_session.scalar(select(func.count()).select_from(Group)) == len(
        rows(tmp_path / "groups.csv")
    )
    assert db_session.scalar(select(func.count()).select_from(Offer)) == len(offered) > 0
