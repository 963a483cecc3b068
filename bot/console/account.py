"""The staff member's own account page: the second factor (optional for agents and
management, the same set-up as an admin's first sign-in) and the open login sessions
(listed and ended through the API, bot/console/routes/sessions.py)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.pages import render
from bot.console.security import DB, Now, PageReader, csrf_valid
from bot.console.signin import Csrf, confirm_setup, locked, setup_values, too_many
from bot.staff import second_factor

router = APIRouter(include_in_schema=False)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, staff: PageReader, session: DB) -> Response:
    return render(
        request,
        "account.html",
        staff=staff,
        second_factor=second_factor.enabled(staff),
        required=second_factor.required(staff),
        codes_left=second_factor.recovery_codes_left(session=session, account=staff),
    )


@router.get("/account/second-factor", response_class=HTMLResponse)
def account_setup_page(request: Request, staff: PageReader) -> Response:
    """Optional for agents and management: the same set-up as an admin's first sign-in."""
    if second_factor.enabled(staff):
        return RedirectResponse("/account", status_code=303)
    return render(
        request,
        "second_factor.html",
        error=None,
        action="/account/second-factor",
        staff=staff,
        **setup_values(request, staff),
    )


@router.post("/account/second-factor")
def account_setup(
    request: Request,
    staff: PageReader,
    session: DB,
    moment: Now,
    code: Annotated[str, Form()] = "",
    submitted_csrf: Csrf = "",
) -> Response:
    if second_factor.enabled(staff) or not csrf_valid(request, submitted_csrf):
        return RedirectResponse("/account", status_code=303)
    if locked(request, session, staff, moment):
        return render(
            request,
            "second_factor.html",
            429,
            error=too_many(request),
            action="/account/second-factor",
            staff=staff,
            **setup_values(request, staff),
        )
    codes = confirm_setup(request, session, staff, code, moment, "/account/second-factor")
    if isinstance(codes, Response):
        return codes
    return render(request, "recovery_codes.html", codes=codes, staff=staff)
