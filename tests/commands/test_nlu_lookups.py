"""`python -m bot nlu-lookups` writes the location and city lookup tables (names, no codes)."""

from pathlib import Path

import yaml
from sqlalchemy import text

from bot.commands.cli import main
from bot.commands.nlu_lookups import DEFAULT_OUT, render
from bot.db.session import make_engine
from bot.waitlist.demo import LOCATIONS as DEMO_LOCATIONS


def _database(tmp_path: Path, locations: list[tuple[str, str, str]]) -> str:
    url = f"sqlite:///{tmp_path / 'lookups.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("create table locations (location_code text primary key, name text, city text)")
        )
        for code, name, city in locations:
            connection.execute(
                text("insert into locations values (:code, :name, :city)"),
                {"code": code, "name": name, "city": city},
            )
    engine.dispose()
    return url


def _lines(examples: str) -> list[str]:
    return [line.removeprefix("- ") for line in examples.splitlines()]


def test_writes_the_lookup_table_from_the_table(tmp_path: Path) -> None:
    url = _database(tmp_path, DEMO_LOCATIONS)
    out = tmp_path / "lookups" / "locations.yml"
    assert main(["nlu-lookups", "--database-url", url, "--out", str(out)]) == 0
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    lookup, cities = document["nlu"]
    assert lookup["lookup"] == "location"
    names = _lines(lookup["examples"].strip())
    assert "De Boomhut" in names and "Boomhut" in names
    assert cities["lookup"] == "city"
    assert _lines(cities["examples"].strip()) == sorted({city for _, _, city in DEMO_LOCATIONS})
    # codes are never in the training data: actions resolve names against the database
    assert not any(code in out.read_text() for code, _, _ in DEMO_LOCATIONS)


def test_committed_file_is_generated_from_the_demo_locations() -> None:
    assert DEFAULT_OUT.read_text(encoding="utf-8") == render(sorted(DEMO_LOCATIONS))


def test_empty_table_is_an_error(tmp_path: Path) -> None:
    url = _database(tmp_path, [])
    assert main(["nlu-lookups", "--database-url", url, "--out", str(tmp_path / "x.yml")]) == 1
    assert not (tmp_path / "x.yml").exists()
