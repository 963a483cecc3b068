"""The families of the conversation scripts (tests/conversation/*.yml) and the waitlist
they are on: locations, groups, placements and registrations, dated from today."""

from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.scripted import Family

# ages and starts counted from today: the group takes children up to 24 months, and every
# child here stays young enough for it, whatever the date, but Bram, who has outgrown it
NOOR, DAAN, FENNA = month_day(-20, 14), month_day(-14, 2), month_day(-17, 20)
BRAM = month_day(-30, 8)
# more than one child in a conversation: a sister and brother on one address, twins, and a
# sister and brother whose registrations name different parents' addresses
SARA, TIES, TWINS = month_day(-19, 3), month_day(-7, 21), month_day(-11, 17)
ROOS, OLAF = month_day(-18, 5), month_day(-6, 25)
# Lina has her place (a placement with her birth date at her location); Wim waits at De
# Zandloper, which is full from Monday to Thursday for six more months
LINA, WIM = month_day(-16, 11), month_day(-9, 6)
# Mira is expected: registered with a due date ten days from today (a date in the future at
# import); the scripts give her real birth date, two days ago ({born})
MIRA_DUE = days_from_today(10)
FAMILIES = {
    "noor": Family("INS-980001", "Noor", NOOR, "noor.ouder@example.nl"),
    "daan": Family("INS-980002", "Daan", DAAN, "daan.ouder@example.nl"),
    "fenna": Family("INS-980003", "Fenna", FENNA, "fenna.ouder@example.nl"),
    "bram": Family("INS-980004", "Bram", BRAM, "bram.ouder@example.nl"),
    "sara": Family(
        "INS-980005",
        "Sara",
        SARA,
        "devries.ouder@example.nl",
        Family("INS-980006", "Ties", TIES, "devries.ouder@example.nl"),
    ),
    "mees": Family(
        "INS-980007",
        "Mees",
        TWINS,
        "tweeling.ouder@example.nl",
        Family("INS-980008", "Femke", TWINS, "tweeling.ouder@example.nl"),
    ),
    "roos": Family(
        "INS-980009",
        "Roos",
        ROOS,
        "roos.mama@example.nl",
        Family("INS-980010", "Olaf", OLAF, "olaf.papa@example.nl"),
    ),
    "lina": Family("INS-980011", "Lina", LINA, "lina.ouder@example.nl"),
    "wim": Family("INS-980012", "Wim", WIM, "wim.ouder@example.nl"),
    "mira": Family("INS-980013", "Mira", MIRA_DUE, "mira.ouder@example.nl"),
}
# "De Speelweide" is a name the language model never saw, under a code nothing could guess
LOCATIONS = (
    "location_code;name;city\nTST-SW;De Speelweide;Testdorp\n"
    "TST-ZL;De Zandloper;Proefdorp\nTST-KV;De Kievit;Proefdorp\n"
)
GROUPS = (
    "location_code,group_name,care_type,min_age_months,max_age_months,capacity\n"
    "TST-SW,Babygroep,kdv,0,24,12\n"
    "TST-ZL,Babygroep,kdv,0,24,1\n"
    "TST-KV,Babygroep,kdv,0,24,1\n"
)
PLACEMENTS = (
    "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
    f"TST-P1,TST-ZL,Babygroep,{iso(month_day(-12, 9))},ma|di|wo|do,{iso(month_day(-6))},"
    f"{iso(month_day(6))}\n"
    f"TST-P2,TST-SW,Babygroep,{iso(LINA)},ma|wo,{iso(month_day(-3, 2))},\n"
)


def registration(family: Family, wish: str) -> str:
    """A row of registrations.csv for a family of the scripts."""
    child = family.child
    return (
        f"{family.number},{child},{dutch(family.birth)},Ouder {child},{family.email},,kdv,{wish}\n"
    )


def wish(locations: str, days: str, start: int, registered: int, status: str = "waiting") -> str:
    """Locations, days, the wished start and the registration date (months from today)."""
    return f"{locations},{days},{iso(month_day(start))},{iso(month_day(registered))},none,{status}"


SARA_FAMILY, TWIN_FAMILY, ROOS_FAMILY = FAMILIES["sara"], FAMILIES["mees"], FAMILIES["roos"]
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    f"INS-980001,Noor,{dutch(NOOR)},Sam Jansen,noor.ouder@example.nl,+31612340001,kdv,TST-SW,"
    f"ma|di,{iso(month_day(-3))},{iso(month_day(-23, 10))},none,waiting\n"
    f"INS-980002,Daan,{dutch(DAAN)},Kim Bakker,daan.ouder@example.nl,+31612340002,kdv,TST-SW,"
    f"do|vr,{iso(month_day(-6))},{iso(month_day(-20))},none,waiting\n"
    f"INS-980003,Fenna,{dutch(FENNA)},Jo de Wit,fenna.ouder@example.nl,+31612340003,kdv,TST-SW,"
    f"ma,{iso(month_day(-2))},{iso(month_day(-22))},none,waiting\n"
    f"INS-980004,Bram,{dutch(BRAM)},Lou Smit,bram.ouder@example.nl,+31612340004,kdv,TST-SW,"
    f"wo,{iso(month_day(-8))},{iso(month_day(-34))},none,waiting\n"
    + registration(SARA_FAMILY, wish("TST-SW", "di|do", -2, -19))
    + registration(SARA_FAMILY.sibling, wish("TST-SW", "ma|vr", -1, -9))
    + registration(TWIN_FAMILY, wish("TST-SW", "ma|di", -1, -12))
    + registration(TWIN_FAMILY.sibling, wish("TST-SW", "ma|di", -1, -12))
    + registration(ROOS_FAMILY, wish("TST-SW", "wo", -2, -18))
    + registration(ROOS_FAMILY.sibling, wish("TST-SW", "do", -1, -8))
    + registration(FAMILIES["lina"], wish("TST-SW", "ma|wo", -3, -15, "placed"))
    + registration(FAMILIES["wim"], wish("TST-ZL", "ma", -1, -8))
    + registration(FAMILIES["mira"], wish("TST-SW", "di|do", 4, -5))
)
