"""A realistic made-up organisation, written as the planning system's CSV export.

Twelve locations in six cities around Utrecht with age-based KDV groups (or a vertical
group), BSO and peuteropvang, capacities within the BKR limits, groups mostly full with
Mondays, Tuesdays and Thursdays fullest, and a queue with a spread of priorities, days,
locations and start dates. `large` adds locations and fills the queue to 100,000
registrations for the benchmarks, `huge` to 1,000,000 at 600 locations (about 2,500 groups),
and a number of registrations gives that many with locations in the same proportion.
Written row by row as it is made (the registrations and their offers side by side), so a
million registrations never sit in memory. Seeded, so the same size gives the same data.
"""

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.waitlist.calendar import WEEKDAYS, add_months

LOCATIONS = [
    ("UTR-ZON", "Het Zonnetje", "Utrecht"),
    ("UTR-BOO", "De Boomhut", "Utrecht"),
    ("UTR-OLL", "Olleke Bolleke", "Utrecht"),
    ("AMS-KIK", "Kikkerland", "Amsterdam"),
    ("AMS-SPE", "De Speeltuin", "Amsterdam"),
    ("AMS-ZEE", "De Zeepbel", "Amsterdam"),
    ("AMF-PIN", "Pinkeltje", "Amersfoort"),
    ("AMF-KLR", "De Kleine Reus", "Amersfoort"),
    ("ZEI-VLI", "De Vlindertuin", "Zeist"),
    ("ZEI-VIL", "Villa Vrolijk", "Zeist"),
    ("HOU-DIK", "Dikkertje Dap", "Houten"),
    ("NWG-KAB", "Het Kabouterhuis", "Nieuwegein"),
]
AGE_GROUPS = [
    ("Babygroep", "kdv", 2, 12, 9),
    ("Dreumesgroep", "kdv", 12, 24, 10),
    ("Peutergroep", "kdv", 24, 48, 16),
]
VERTICAL_GROUP = ("Verticale groep", "kdv", 2, 48, 12)
BSO_GROUPS = [("BSO Onderbouw", "bso", 48, 84, 20), ("BSO Bovenbouw", "bso", 84, 156, 24)]
TODDLER_GROUP = ("Peuteropvang", "peuteropvang", 24, 48, 16)
# how full a day is, relative to capacity: Wednesday and Friday have room
DAY_FILL = {"ma": 1.0, "di": 1.0, "wo": 0.75, "do": 1.0, "vr": 0.6}
DAY_WISH = {"ma": 5, "di": 5, "wo": 3, "do": 5, "vr": 2}
FIRST_NAMES = [
    "Emma",
    "Noah",
    "Julia",
    "Liam",
    "Mila",
    "Luca",
    "Tess",
    "Sem",
    "Sophie",
    "Lucas",
    "Zoë",
    "Finn",
    "Nora",
    "Daan",
    "Saar",
    "Levi",
    "Yara",
    "Mees",
    "Evi",
    "Adam",
    "Fenna",
    "Bram",
    "Lotte",
    "Jesse",
    "Anna",
    "Milan",
    "Noor",
    "Thijs",
    "Sara",
    "Ruben",
    "Fatima",
    "Mohammed",
    "Amira",
    "Youssef",
    "Lina",
    "Ayoub",
    "Hanna",
    "Sven",
    "Ilse",
    "Jayden",
]
SURNAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "El Amrani",
    "Yilmaz",
    "Kaya",
    "Bouzid",
    "Nguyen",
]
PRIORITY_WEIGHTS = {"none": 85, "sibling": 8, "internal": 3, "staff": 2, "smi": 2}
STATUS_WEIGHTS = {"waiting": 80, "passive": 5, "offered": 4, "placed": 8, "withdrawn": 3}
SIZES = {"small": (0, 400), "large": (48, 100_000), "huge": (588, 1_000_000)}
LOCATIONS_PER_MILLION = 600


def size_of(size: str | int) -> tuple[int, int]:
    """(locations beyond the twelve, registrations) of a named size or of a number of
    registrations: 600 locations a million, as `large` and `huge` have."""
    if isinstance(size, str):
        return SIZES[size]
    locations = round(size * LOCATIONS_PER_MILLION / 1_000_000)
    return max(0, locations - len(LOCATIONS)), size


@dataclass(frozen=True)
class DemoGroup:
    location_code: str
    name: str
    care_type: str
    min_age: int
    max_age: int
    capacity: int


def write_demo_export(directory: Path, size: str | int, today: date, seed: int = 7) -> None:
    """Writes locations.csv, groups.csv, placements.csv, registrations.csv and offers.csv
    (an open offer, with its answer date in the coming days, for every registration the
    export marks as offered)."""
    extra_locations, registrations = size_of(size)
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    locations = list(LOCATIONS)
    cities = sorted({city for _, _, city in LOCATIONS})
    for number in range(extra_locations):
        city = cities[number % len(cities)]
        locations.append((f"{city[:3].upper()}-K{number:02d}", f"Kindcentrum {number + 13}", city))
    groups = _groups(locations, rng)
    directory.mkdir(parents=True, exist_ok=True)
    _write(directory / "locations.csv", ["location_code", "name", "city"], locations)
    _write(
        directory / "groups.csv",
        [
            "location_code",
            "group_name",
            "care_type",
            "min_age_months",
            "max_age_months",
            "capacity",
        ],
        [(g.location_code, g.name, g.care_type, g.min_age, g.max_age, g.capacity) for g in groups],
    )
    _write(
        directory / "placements.csv",
        [
            "placement_id",
            "location_code",
            "group_name",
            "child_birth_date",
            "weekdays",
            "start_date",
            "end_date",
        ],
        _placements(groups, rng, today),
    )
    queue = _registrations(locations, registrations, rng, today)
    with (
        (directory / "registrations.csv").open("w", encoding="utf-8", newline="") as queue_file,
        (directory / "offers.csv").open("w", encoding="utf-8", newline="") as offer_file,
    ):
        queue_csv, offer_csv = csv.writer(queue_file), csv.writer(offer_file)
        queue_csv.writerow(
            ["registration_number", "child_first_name", "child_birth_date", "parent_name",
             "parent_email", "parent_phone", "care_type", "location_codes", "weekdays",
             "desired_start_date", "registered_on", "priority", "status"]
        )  # fmt: skip
        offer_csv.writerow(
            ["offer_id", "registration_number", "location_code", "group_name", "weekdays",
             "start_date", "respond_by", "outcome"]
        )  # fmt: skip
        by_location: dict[str, list[DemoGroup]] = {}
        for group in groups:
            by_location.setdefault(group.location_code, []).append(group)
        for row in queue:
            queue_csv.writerow(row)
            offer = _offer(row, by_location, today)
            if offer:
                offer_csv.writerow(offer)


def _groups(locations: list[tuple[str, str, str]], rng: random.Random) -> list[DemoGroup]:
    groups = []
    for index, (code, _, _) in enumerate(locations):
        kdv = [VERTICAL_GROUP] if index % 4 == 3 else AGE_GROUPS
        kinds = (
            kdv
            + (BSO_GROUPS if index % 3 != 2 else [])
            + ([TODDLER_GROUP] if index % 3 == 2 else [])
        )
        for name, care_type, low, high, capacity in kinds:
            groups.append(DemoGroup(code, name, care_type, low, high, capacity - rng.randint(0, 2)))
    return groups


def _placements(groups: list[DemoGroup], rng: random.Random, today: date) -> list[tuple]:
    rows = []
    for group in groups:
        for _ in range(group.capacity):
            days = "|".join(day for day in WEEKDAYS if rng.random() < DAY_FILL[day] * 0.97)
            if not days:
                continue
            age = rng.randint(group.min_age, group.max_age - 1)
            birth = today - timedelta(days=age * 30 + rng.randint(0, 29))
            start = max(birth + timedelta(days=90), today - timedelta(days=rng.randint(30, 900)))
            leaves = rng.random() < 0.15
            end = today + timedelta(days=rng.randint(30, 400)) if leaves else None
            rows.append(
                (f"PL-{len(rows) + 1:06d}",
                 group.location_code, group.name, birth, days, start, end or "")
            )  # fmt: skip
    return rows


def _registrations(
    locations: list[tuple[str, str, str]], count: int, rng: random.Random, today: date
) -> Iterator[tuple]:
    by_city: dict[str, list[str]] = {}
    for code, _, city in locations:
        by_city.setdefault(city, []).append(code)
    priorities, priority_weights = zip(*PRIORITY_WEIGHTS.items(), strict=True)
    statuses, status_weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    for number in range(1, count + 1):
        care_type = rng.choices(("kdv", "bso", "peuteropvang"), (75, 18, 7))[0]
        registered = today - timedelta(days=rng.randint(10, 700))
        if care_type == "kdv":
            birth = registered + timedelta(days=rng.randint(-120, 200))
            start = birth + timedelta(days=rng.randint(90, 400))
        elif care_type == "bso":
            birth = today - timedelta(days=rng.randint(3 * 365 + 200, 8 * 365))
            start = max(birth + timedelta(days=4 * 365 + 5), registered + timedelta(days=60))
        else:
            birth = today - timedelta(days=rng.randint(400, 900))
            start = max(birth + timedelta(days=2 * 365 + 5), registered + timedelta(days=30))
        city = rng.choice(sorted(by_city))
        codes = rng.sample(by_city[city], k=min(len(by_city[city]), rng.choice((1, 1, 2, 2, 3))))
        wanted = rng.choice((2, 2, 3, 3, 1, 4))
        days = set()
        while len(days) < wanted:
            days.add(rng.choices(WEEKDAYS, [DAY_WISH[d] for d in WEEKDAYS])[0])
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        parent = rng.choice(FIRST_NAMES)
        email = f"{parent}.{surname}".lower().replace(" ", "") + f"{number}@example.nl"
        # six digits, as the planning system's numbers: the millionth is INS-000000
        yield (f"INS-{number % 1_000_000:06d}", first, birth, f"{parent} {surname}", email,
             f"+316{rng.randint(10_000_000, 99_999_999)}", care_type, "|".join(codes),
             "|".join(d for d in WEEKDAYS if d in days), max(start, add_months(today, -2)),
             registered, rng.choices(priorities, priority_weights)[0],
             rng.choices(statuses, status_weights)[0])  # fmt: skip


def _offer(
    registration: tuple, by_location: dict[str, list[DemoGroup]], today: date
) -> tuple | None:
    """The open offer of an offered registration: at its first location with a group of
    its care type (else its first location's first group), on its days, answer within 5 to
    13 days."""
    number, _, birth, *_, care_type, codes, days, desired, _, _, status = registration
    if status != "offered":
        return None
    start = max(desired, add_months(today, 2))
    age = (start.year - birth.year) * 12 + start.month - birth.month
    choices = [g for code in codes.split("|") for g in by_location[code]]
    fitting = [g for g in choices if g.care_type == care_type]
    aged = [g for g in fitting if g.min_age <= age < g.max_age]
    group = (aged or fitting or choices)[0]
    serial = int(number[4:])
    respond_by = today + timedelta(days=5 + serial % 9)
    return (
        f"AB-{serial:06d}", number, group.location_code, group.name, days, start,
        respond_by, "open",
    )  # fmt: skip


def _write(path: Path, header: list[str], rows: Iterable[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
