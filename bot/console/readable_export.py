"""A conversation as a document staff can read, print or file (the review's 12c): Dutch,
the messages with who said them and when, the notes and the score. Plain HTML, every
text escaped: a parent's message never becomes markup."""

from datetime import datetime
from html import escape
from typing import Any

from bot.shared import clock

WHO = {"parent": "Ouder", "bot": "Assistent", "staff": "Medewerker"}
STATUS = {"waiting": "wacht", "active": "in behandeling", "closed": "terug bij de assistent"}
LANGUAGE = {"nl": "Nederlands", "en": "Engels"}


def _when(iso: str | None) -> str:
    """'7-12-2026 14:05' in the organisation's time ('' when unknown)."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(clock.ZONE).strftime("%-d-%-m-%Y %H:%M")


def _row(cells: list[str]) -> str:
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def readable(detail: dict[str, Any], organisation: str) -> str:
    """The conversation (`detail`, as GET /api/conversations/{id} answers it) as HTML."""
    heading = " · ".join(
        part for part in ("Gesprek", detail.get("child"), detail.get("registration_number")) if part
    )
    score = detail.get("satisfaction")
    facts = [
        ("Organisatie", organisation),
        ("Binnengekomen", _when(detail.get("created_at"))),
        ("Kanaal", detail.get("channel") or ""),
        ("Taal", LANGUAGE.get(detail.get("language") or "nl", detail.get("language") or "")),
        ("Onderwerp", detail.get("topic") or ""),
        ("Status", STATUS.get(detail["status"], detail["status"])),
        ("Behandeld door", detail.get("assigned_to") or "niemand"),
        (
            "Identiteit",
            "geverifieerd" if detail.get("identity_verified") else "niet geverifieerd",
        ),
        ("Samenvatting", detail.get("summary") or ""),
    ]
    if detail["status"] == "closed":
        comment = detail.get("satisfaction_comment")
        facts.append(
            (
                "Tevredenheid",
                f"{score}/5" + (f" – {comment}" if comment else "")
                if score
                else "nog geen antwoord",
            )
        )
    messages = "\n".join(
        _row(
            [
                _when(m.get("at")),
                WHO.get(m["who"], m["who"]) + (" (per e-mail)" if m.get("via") == "email" else ""),
                m["text"],
            ]
        )
        for m in detail.get("messages") or []
    )
    notes = "\n".join(
        _row([_when(n.get("created_at")), n.get("author") or "onbekend", n["text"]])
        for n in detail.get("notes") or []
    )
    dl = "\n".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{escape(heading)}</title>
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}dt{{font-weight:600}}
td{{vertical-align:top;padding:.2rem .5rem;border-bottom:1px solid #ddd}}</style></head>
<body>
<h1>{escape(heading)}</h1>
<dl>
{dl}
</dl>
<h2>Berichten</h2>
<table><thead><tr><th>Tijd</th><th>Van</th><th>Bericht</th></tr></thead><tbody>
{messages or _row(["", "", "Geen berichten (meer) bewaard."])}
</tbody></table>
<h2>Interne notities</h2>
<table><thead><tr><th>Tijd</th><th>Door</th><th>Notitie</th></tr></thead><tbody>
{notes or _row(["", "", "Geen notities."])}
</tbody></table>
</body></html>
"""
