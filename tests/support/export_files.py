"""A small planning-system export as CSV files: two locations with one baby place each."""

from pathlib import Path

LOCATIONS = "location_code,name,city\nUTR-ZON,Het Zonnetje,Utrecht\nUTR-BOO,De Boomhut,Utrecht\n"
GROUPS = (
    "location_code;group_name;care_type;min_age_months;max_age_months;capacity\n"
    "UTR-ZON;Babygroep;kdv;2;24;1\n"
    "UTR-BOO;Babygroep;kdv;2;24;1\n"
)


def write_export(directory: Path, **files: str) -> Path:
    """`files` (name → CSV text) as `<name>.csv` in `directory`; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / f"{name}.csv").write_text(text, encoding="utf-8")
    return directory
