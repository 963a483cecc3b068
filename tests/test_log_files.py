"""Service logs rotate by size and by day and keep a bounded number of old files."""

from pathlib import Path

from bot.logs.files import RotatingLog


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_full_file_moves_up_and_the_oldest_goes(tmp_path: Path) -> None:
    log = RotatingLog(tmp_path / "rasa.log", max_bytes=10, backups=2)
    for n in range(5):
        log.write(f"line {n:04d}\n".encode())  # 10 bytes: every write fills a file
    log.close()

    assert names(tmp_path) == ["rasa.log", "rasa.log.1", "rasa.log.2"]
    assert (tmp_path / "rasa.log").read_text() == "line 0004\n"
    assert (tmp_path / "rasa.log.1").read_text() == "line 0003\n"
    assert (tmp_path / "rasa.log.2").read_text() == "line 0002\n"


def test_a_day_old_file_rotates_and_an_empty_one_does_not(tmp_path: Path) -> None:
    clock = Clock()
    log = RotatingLog(tmp_path / "actions.log", max_bytes=10**6, backups=3, clock=clock)
    clock.now += 2 * 86400  # nothing written for two days: no empty rotated file
    log.write(b"monday\n")
    clock.now += 86400
    log.write(b"tuesday\n")
    log.close()

    assert (tmp_path / "actions.log").read_text() == "tuesday\n"
    assert (tmp_path / "actions.log.1").read_text() == "monday\n"
    assert not (tmp_path / "actions.log.2").exists()


def test_each_start_begins_a_new_file(tmp_path: Path) -> None:
    (tmp_path / "console.log").write_text("last run\n")
    RotatingLog(tmp_path / "console.log", max_bytes=10**6, backups=3).close()

    assert (tmp_path / "console.log").read_text() == ""
    assert (tmp_path / "console.log.1").read_text() == "last run\n"
