"""The parents' voice in the console: the themes admins edit (keywords, names, on or off),
an answer moved to another theme, the "Jullie zeiden, wij deden" notes, and the answers'
CSV export. Every change and the export are in the audit log; the figures per theme are
part of the dashboard (routes/reports.py)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy import func, select

from bot.console.dependencies import Audit, ConversationSource
from bot.console.routes.reports import Day, report_filter
from bot.console.schemas import (
    AnswerKey,
    Id,
    Move,
    Moved,
    NewNote,
    NewTheme,
    Note,
    Theme,
    ThemeEdit,
    download,
    errors,
)
from bot.console.security import DB, Admin, Now, Reporting
from bot.feedback import export, themes, we_did
from bot.feedback.answers import answers_of
from bot.feedback.grouping import keywords_of
from bot.feedback.models import FeedbackTheme, WeDidNote, WeDidRecipient
from bot.handoff.queue import utc

router = APIRouter(tags=["feedback"])


def _theme(theme: FeedbackTheme) -> Theme:
    return Theme(
        id=theme.id,
        code=theme.code,
        name=theme.name,
        name_en=theme.name_en,
        keywords=list(keywords_of(theme.keywords)),
        active=theme.active,
    )


def _theme_by_id(session: DB, theme_id: int) -> FeedbackTheme:
    theme = session.get(FeedbackTheme, theme_id)
    if theme is None:
        raise HTTPException(404, "geen thema met dit nummer")
    return theme


@router.get("/themes", response_model=list[Theme])
def list_themes(staff: Admin, session: DB) -> list[Theme]:
    """Every theme, in the order a tie is decided, with its keywords."""
    return [_theme(t) for t in themes.all_themes(session)]


@router.post("/themes", response_model=Theme, status_code=201, responses=errors(422))
def add_theme(body: NewTheme, staff: Admin, session: DB, now: Now, audit: Audit) -> Theme:
    theme = themes.create_theme(
        session=session,
        code=body.code,
        name=body.name,
        name_en=body.name_en,
        keywords=body.keywords,
        now=now,
    )
    audit("theme_create", detail=theme.code)
    return _theme(theme)


@router.put("/themes/{theme_id}", response_model=Theme, responses=errors(404, 422))
def edit_theme(
    theme_id: Id, body: ThemeEdit, staff: Admin, session: DB, now: Now, audit: Audit
) -> Theme:
    """New names, keywords or on/off: every answer is grouped again with them, except the
    answers an admin moved by hand."""
    theme = _theme_by_id(session, theme_id)
    themes.edit_theme(
        session=session,
        theme=theme,
        name=body.name,
        name_en=body.name_en,
        keywords=body.keywords,
        active=body.active,
        now=now,
    )
    audit("theme_edit", detail=f"{theme.code}: {', '.join(keywords_of(theme.keywords))}")
    return _theme(theme)


@router.put("/themes/answers/{answer_key}", response_model=Moved, responses=errors(404, 422))
def move_answer(
    answer_key: AnswerKey, body: Move, staff: Admin, session: DB, now: Now, audit: Audit
) -> Moved:
    """Put one answer (its key from the dashboard's examples) in another theme, or in
    none: it stays there when the keywords change."""
    theme = _theme_by_id(session, body.theme_id) if body.theme_id is not None else None
    themes.move(session=session, answer_key=answer_key, theme=theme, staff_id=staff.id, now=now)
    code = theme.code if theme else themes.OTHER
    audit("theme_move", detail=f"{answer_key[:16]} -> {code}")
    return Moved(key=answer_key, theme=theme.code if theme else None)


def _note(session: DB, note: WeDidNote) -> Note:
    theme = session.get(FeedbackTheme, note.theme_id)
    assert theme is not None
    counted = session.execute(
        select(func.count(), func.count(WeDidRecipient.told_at)).where(
            WeDidRecipient.note_id == note.id
        )
    ).one()
    return Note(
        id=note.id,
        theme=theme.code,
        theme_name=theme.name,
        location_code=note.location_code,
        text=note.text,
        text_en=note.text_en,
        created_at=utc(note.created_at).isoformat(),
        recipients=counted[0],
        told=counted[1],
    )


@router.get("/we-did", response_model=list[Note])
def list_notes(staff: Reporting, session: DB) -> list[Note]:
    """What head office did about the themes, newest first, with how many parents it is
    for and how many were told (no names: figures only)."""
    return [_note(session, note) for note in we_did.notes(session)]


@router.post("/we-did", response_model=Note, status_code=201, responses=errors(404, 422))
def add_note(
    body: NewNote,
    staff: Admin,
    session: DB,
    conversations: ConversationSource,
    now: Now,
    audit: Audit,
) -> Note:
    """A "wij deden" note: on the public page at once, and told once to each parent who
    gave feedback on the theme (at the location, when it names one) by the updates job."""
    theme = _theme_by_id(session, body.theme_id)
    note = we_did.write_note(
        session=session,
        conversations=conversations,
        theme=theme,
        location_code=body.location_code,
        text=body.text,
        text_en=body.text_en,
        staff_id=staff.id,
        now=now,
    )
    shown = _note(session, note)
    where = body.location_code or "alle locaties"
    audit("we_did_note", detail=f"{theme.code} {where}: {shown.recipients} ouders")
    return shown


@router.get(
    "/feedback/export.csv",
    response_class=Response,
    responses=download("text/csv", "the parents' answers, anonymised unless agreed"),
)
def export_answers(
    staff: Admin,
    session: DB,
    conversations: ConversationSource,
    now: Now,
    audit: Audit,
    first_day: Day = None,
    last_day: Day = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    location: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    """The answers of the period (default: the last 30 days), channel and location: named
    only where the parent agreed (bot/feedback/export.py)."""
    wanted = report_filter(first_day, last_day, channel, location, "Europe/Amsterdam", now)
    answers = answers_of(session, conversations, wanted)
    audit("feedback_export", detail=f"{wanted.first_day}..{wanted.last_day}: {len(answers)}")
    name = f"reacties-{wanted.first_day}-{wanted.last_day}.csv"
    return Response(
        export.export_csv(session=session, answers=answers, day_of=wanted.day_of),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
