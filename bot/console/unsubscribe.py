"""The unsubscribe link of the proactive updates: public (no login; the link is signed for
one registration). GET shows a button, so that a mail scanner following links changes
nothing; POST (the button, or a mail client's one-click List-Unsubscribe-Post) stops the
updates at once and is written to the audit log."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from bot.console.security import DB, Now, client_ip
from bot.conversation import texts
from bot.updates.links import valid
from bot.updates.preferences import opt_out

router = APIRouter(include_in_schema=False)
Number = Annotated[str, Query(alias="n", max_length=32)]
Signature = Annotated[str, Query(alias="s", max_length=64)]
Language = Annotated[Literal["nl", "en"], Query(alias="lang")]
PAGE_TEXTS = (
    "unsubscribe_title",
    "unsubscribe_question",
    "unsubscribe_explained",
    "unsubscribe_button",
    "unsubscribed",
    "unsubscribed_explained",
)


def page(request: Request, number: str, signature: str, language: str, *, done: bool) -> Response:
    """The page in the update's language: English, or the organisation's form of address."""
    form = "en" if language == "en" else request.app.state.settings.address_form
    return request.app.state.templates.TemplateResponse(
        request,
        "unsubscribe.html",
        {
            "number": number,
            "signature": signature,
            "done": done,
            "lang": language,
            "text": {key: texts.say(key, form) for key in PAGE_TEXTS},
        },
    )


def checked(request: Request, number: str, signature: str) -> str:
    if not valid(request.app.state.settings, number, signature):
        raise HTTPException(404, "Deze link klopt niet (meer). This link is not valid (any more).")
    return number


@router.get("/updates/unsubscribe", response_class=HTMLResponse)
def confirm_page(
    request: Request, number: Number, signature: Signature, language: Language = "nl"
) -> Response:
    checked(request, number, signature)
    return page(request, number, signature, language, done=False)


@router.post("/updates/unsubscribe", response_class=HTMLResponse)
def unsubscribe(
    request: Request,
    session: DB,
    now: Now,
    number: Number,
    signature: Signature,
    one_click: Annotated[str | None, Form(alias="List-Unsubscribe")] = None,
    language: Language = "nl",
) -> Response:
    checked(request, number, signature)
    opt_out(
        session=session,
        number=number,
        email=True,
        whatsapp=True,
        by="ouder (afmeldlink)",
        ip=client_ip(request),
        now=now,
        detail=number if one_click is None else f"{number} one-click",
    )
    return page(request, number, signature, language, done=True)
