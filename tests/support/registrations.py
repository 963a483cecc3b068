"""Registrations of the tests' own, imported into a running stack with `python -m bot import`."""

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.support.dates import month_day
from tests.support.stack import ROOT, RunningStack

LOCATIONS = "location_code;name;city\nTST-SEC;Testlocatie Slot;Utrecht\n"
GROUPS = (
    "location_code,group_name,care_type,min_age_months,max_age_months,capacity\n"
    "TST-SEC,Babygroep,kdv,0,24,12\n"
)
PLACEMENTS = "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
HEADER = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)


@dataclass(frozen=True)
class Family:
    number: str
    child: str
    birth_date: date
    email: str
    phone: str

    def row(self) -> str:
        return (
            f"{self.number},{self.child},{self.birth_date.isoformat()},Ouder {self.child},"
            f"{self.email},{self.phone},kdv,TST-SEC,ma|wo,{month_day(1, 4)},{month_day(-6)},"
            "none,waiting\n"
        )


def import_export(
    stack: RunningStack,
    folder: Path,
    *,
    locations: str,
    groups: str,
    registrations: str,
    placements: str = PLACEMENTS,
    offers: str | None = None,
) -> None:
    """Write a planning-system export (by default without placements or offers) to
    `folder` and import it into the running stack, as head office would."""
    (folder / "locations.csv").write_text(locations)
    (folder / "groups.csv").write_text(groups)
    (folder / "placements.csv").write_text(placements)
    (folder / "registrations.csv").write_text(registrations)
    if offers is not None:
        (folder / "offers.csv").write_text(offers)
    subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "import", str(folder)],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
    )


def import_families(stack: RunningStack, folder: Path, *families: Family) -> None:
    registrations = HEADER + "".join(f.row() for f in families)
    import_export(stack, folder, locations=LOCATIONS, groups=GROUPS, registrations=registrations)
