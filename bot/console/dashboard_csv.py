"""The dashboard's figures as a CSV file for head office's own spreadsheets: the same
figures the page shows for the same filter (tiles, charts and the per-staff table for
admins), one figure a line, in Dutch words. No parents' words: the comments and the
not-understood messages stay on the page.

Written for a Dutch spreadsheet: `;` between the columns and a decimal comma, so Excel
opens it in columns without an import step."""

import csv
import io
from collections.abc import Iterator
from typing import Any

from bot.console.update_words import moment_text
from bot.handoff.reasons import describe
from bot.parent_requests.planning import safe_cell

COLUMNS = ("Onderdeel", "Uitsplitsing", "Waarde")
CHANNELS = {"website": "website", "whatsapp": "WhatsApp", "messenger": "Messenger",
            "twilio": "Twilio", "rest": "REST"}  # fmt: skip
SURVEYS = {
    "survey_welcome": "na het inschrijven",
    "survey_offer": "na het aanbod",
    "survey_start": "een maand na de start",
}
OFFICE = {"office": "binnen kantooruren", "outside": "buiten kantooruren"}

Row = tuple[str, str, Any]


def number(value: Any) -> str:
    """4.5 → "4,5"; None (no figure) → ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, 1):g}".replace(".", ",")
    return str(value)


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def channel(code: str) -> str:
    return CHANNELS.get(code, code)


def _tiles(f: dict[str, Any]) -> Iterator[Row]:
    answered = f["answered_by_bot"] / f["conversations"] if f["conversations"] else 0.0
    resolution = f["bot_resolution"]
    yield "Gesprekken", "", f["conversations"]
    yield "Door de assistent beantwoord", "", percent(answered)
    yield "Naar een medewerker", "", f["handed_to_staff"]
    yield "Tevredenheid (1–5)", "gemiddelde", f["csat_average"]
    yield "Tevredenheid (1–5)", "aantal scores", f["csat_count"]
    yield "Hulp van de assistent nuttig", "", percent(resolution["rating_share"])
    yield (
        "Hulp van de assistent nuttig",
        "aantal antwoorden",
        (resolution["rated_yes"] + resolution["rated_no"]),
    )
    yield "Opgelost", "", percent(resolution["resolution_rate"])
    yield "Opgelost", "aantal opgelost", resolution["resolved"]
    yield (
        "Opgelost",
        "gesprekken met een doel, oordeel of medewerker",
        (resolution["resolved"] + resolution["unresolved"]),
    )
    yield "Updates verstuurd", "totaal", sum(f["updates_sent"].values())
    for moment, count in f["updates_sent"].items():
        yield "Updates verstuurd", moment_text(moment), count
    yield "Updates gelezen op WhatsApp", "", f["updates_opened"]
    yield "Updates beantwoord in de chat", "", f["updates_replied"]
    yield "Updates afgemeld", "", f["updates_opted_out"]
    yield "Updates mislukt", "", f["updates_failed"]


def _charts(f: dict[str, Any]) -> Iterator[Row]:
    for d in f["per_day"]:
        yield "Gesprekken per dag", f"{d['day']} · {channel(d['channel'])}", d["count"]
    for reason, count in f["handoff_reasons"].items():
        yield "Redenen om door te zetten", describe(reason), count
    for key, words in OFFICE.items():
        yield "Tijd tot eerste antwoord (mediaan, minuten)", words, f["first_reply_minutes"][key]
        yield "Behandeltijd (mediaan, minuten)", words, f["handling_minutes"][key]
    for d in f["csat_per_day"]:
        yield "Tevredenheid per dag", d["day"], d["average"]
    for code, average in f["csat_per_channel"].items():
        yield "Tevredenheid per kanaal", channel(code), average
    for code, rates in f["bot_resolution"]["per_channel"].items():
        yield "Hulp nuttig per kanaal", channel(code), percent(rates["rating_share"])
        yield "Opgelost per kanaal", channel(code), percent(rates["resolution_rate"])
    for t in f["touchpoints"]:
        where = "alle locaties" if t["location"] is None else t["location_name"] or "onbekend"
        survey = f"{SURVEYS.get(t['moment'], t['moment'])} · {where}"
        yield "Vragenlijsten: gemiddelde", survey, t["average"]
        yield "Vragenlijsten: antwoorden", survey, t["count"]
        if t["scale"] == "nps":
            yield "Vragenlijsten: NPS", survey, t["nps"]
    yield "Reacties van ouders", "totaal", f["themes"]["answers"]
    for theme in f["themes"]["themes"]:
        yield "Reacties van ouders per thema", theme["name"], theme["count"]
    for i in f["top_intents"]:
        yield "Waar ouders naar vroegen", i["words"] or i["intent"], i["count"]
    for a in f["per_agent"]:
        yield "Per medewerker: gesprekken", a["staff"], a["conversations"]
        yield (
            "Per medewerker: eerste antwoord (mediaan, minuten)",
            a["staff"],
            (a["first_reply_minutes"]),
        )


def dashboard_csv(figures: dict[str, Any]) -> str:
    """`figures`: what GET /api/dashboard answers for the same filter and role."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for part, split, value in (*_tiles(figures), *_charts(figures)):
        writer.writerow((safe_cell(part), safe_cell(split), number(value)))
    return out.getvalue()
