"""Server-rendered pages. They render a shell with the CSRF token; the data comes from the
JSON API (static/console.js polls it, so the queue and conversations update live)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.security import (
    DB,
    LOGIN_KEY,
    Now,
    PageAdmin,
    PageReader,
    PageReporting,
    PageStaff,
    client_ip,
    csrf_token,
    csrf_valid,
)
from bot.staff import accounts, audit, sessions
from bot.staff.models import MANAGEMENT, StaffAccount

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **values: object) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, {"csrf": csrf_token(request), **values}, status_code=status_code
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None)


@router.post("/login")
def login(
    request: Request,
    session: DB,
    moment: Now,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    submitted_csrf: Annotated[str, Form(alias="csrf_token")] = "",
) -> Response:
    if not csrf_valid(request, submitted_csrf):
        return render(
            request, "login.html", 403, error="De sessie is verlopen; probeer het opnieuw."
        )
    settings = request.app.state.settings
    result = accounts.log_in(
        session=session,
        email=email[:255],
        password=password[:200],
        ip=client_ip(request),
        now=moment,
        max_failures=settings.login_max_failures,
        lock_minutes=settings.login_lock_minutes,
    )
    if result.locked:
        return render(
            request,
            "login.html",
            429,
            error=f"Te veel mislukte pogingen. Probeer het over {settings.login_lock_minutes} "
            "minuten opnieuw.",
        )
    if result.account is None:
        return render(request, "login.html", 401, error="E-mailadres of wachtwoord klopt niet.")
    request.session.clear()  # a new CSRF token comes with the new session
    request.session[LOGIN_KEY] = sessions.start(
        session=session,
        account=result.account,
        ip=client_ip(request),
        now=moment,
        hours=request.app.state.session_hours,
    )
    audit.record(
        session=session, staff=result.account, action="login", ip=client_ip(request), now=moment
    )
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(
    request: Request,
    session: DB,
    moment: Now,
    submitted_csrf: Annotated[str, Form(alias="csrf_token")] = "",
) -> Response:
    """Ends the login session on the server too: a copy of the cookie is worth nothing."""
    if csrf_valid(request, submitted_csrf):
        token = request.session.get(LOGIN_KEY)
        if isinstance(token, str):
            sessions.end(session=session, token=token, now=moment)
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, staff: PageReader) -> Response:
    if staff.role == MANAGEMENT:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "queue.html", staff=staff)


@router.get("/conversations/{handoff_id}", response_class=HTMLResponse)
def conversation_page(handoff_id: int, request: Request, staff: PageStaff) -> Response:
    return render(request, "conversation.html", staff=staff, handoff_id=handoff_id)


@router.get("/requests", response_class=HTMLResponse)
def requests_page(request: Request, staff: PageReader) -> Response:
    return render(request, "requests.html", staff=staff)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, staff: PageReporting, moment: Now) -> Response:
    today = moment.astimezone(ZoneInfo(request.app.state.settings.office_timezone)).date()
    first = today - timedelta(days=29)
    return render(request, "dashboard.html", staff=staff, first_day=first, last_day=today)


def _admin_shell(template: str) -> Callable[[Request, StaffAccount], Response]:
    def page(request: Request, staff: PageAdmin) -> Response:
        return render(request, template, staff=staff)

    return page


# the admin pages are shells: their data comes from the API (static/console.js)
for _name in ("staff", "replies", "families", "audit"):
    router.add_api_route(
        f"/admin/{_name}", _admin_shell(f"admin_{_name}.html"), response_class=HTMLResponse
    )
