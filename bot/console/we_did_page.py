"""The public "Jullie zeiden, wij deden" page: what head office did about the themes
parents raised (bot/feedback/we_did.py), per location and for every location, in Dutch
(the organisation's form of address) or English (`?lang=en`). No login, and nobody's data:
the notes are written for every parent."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from bot.console.security import DB
from bot.conversation import texts
from bot.feedback import we_did
from bot.feedback.models import FeedbackTheme
from bot.waitlist.models import Location

router = APIRouter(include_in_schema=False)
Language = Annotated[Literal["nl", "en"], Query(alias="lang")]
PAGE_TEXTS = (
    "we_did_title",
    "we_did_intro",
    "we_did_everywhere",
    "we_did_for_all",
    "we_did_none",
    "we_did_locations",
    "we_did_other_language",
    "we_did_unknown_location",
)


def _page(request: Request, session: DB, code: str | None, language: str) -> Response:
    form = "en" if language == "en" else request.app.state.settings.address_form
    locations = list(session.scalars(select(Location).order_by(Location.name)))
    location = next((loc for loc in locations if loc.location_code == code), None)
    unknown = code is not None and location is None
    themes = {t.id: t for t in session.scalars(select(FeedbackTheme))}
    english = language == "en"
    shown = [
        {
            "theme": themes[note.theme_id].name_en if english else themes[note.theme_id].name,
            "text": note.text_en if english else note.text,
            "day": note.created_at.date().isoformat(),
            "everywhere": note.location_code is None,
        }
        for note in ([] if unknown else we_did.notes(session, code))
        if note.theme_id in themes
    ]
    chat_url = request.app.state.settings.resolved_chat_url
    place = f"{location.name} ({location.city})" if location else ""
    text = {key: texts.say(key, form) for key in PAGE_TEXTS}
    text["heading"] = texts.say("we_did_at", form, location=place) if location else ""
    text["tell_us"] = texts.say("we_did_tell_us", form, chat_url=chat_url)
    return request.app.state.templates.TemplateResponse(
        request,
        "we_did.html",
        {
            "lang": language,
            "other": "nl" if english else "en",
            "code": code,
            "unknown": unknown,
            "notes": shown,
            "locations": locations,
            "text": text,
        },
        status_code=404 if unknown else 200,
    )


@router.get("/wij-deden", response_class=HTMLResponse)
def all_locations(request: Request, session: DB, language: Language = "nl") -> Response:
    return _page(request, session, None, language)


@router.get("/wij-deden/{code}", response_class=HTMLResponse)
def one_location(request: Request, session: DB, code: str, language: Language = "nl") -> Response:
    return _page(request, session, code[:32], language)
