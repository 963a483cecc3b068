"""Server-rendered pages. They render a shell with the CSRF token; the data comes from the
JSON API (static/console.js polls it, so the queue and conversations update live)."""

from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import audit
from bot.console.security import DB, PageAdmin, PageStaff, client_ip, csrf_token, csrf_valid
from bot.staff import accounts

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
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    submitted_csrf: Annotated[str, Form(alias="csrf_token")] = "",
) -> Response:
    if not csrf_valid(request, submitted_csrf):
        return render(
            request, "login.html", 403, error="De sessie is verlopen; probeer het opnieuw."
        )
    settings = request.app.state.settings
    moment = datetime.now(timezone.utc)
    result = accounts.log_in(
        session=session,
        email=email[:255],
        password=password[:200],
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
    request.session.clear()
    request.session["staff_id"] = result.account.id  # a new CSRF token comes with it
    audit.record(
        session=session, staff=result.account, action="login", ip=client_ip(request), now=moment
    )
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(
    request: Request, submitted_csrf: Annotated[str, Form(alias="csrf_token")] = ""
) -> Response:
    if csrf_valid(request, submitted_csrf):
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, staff: PageStaff) -> Response:
    return render(request, "queue.html", staff=staff)


@router.get("/conversations/{handoff_id}", response_class=HTMLResponse)
def conversation_page(handoff_id: int, request: Request, staff: PageStaff) -> Response:
    return render(request, "conversation.html", staff=staff, handoff_id=handoff_id)


@router.get("/admin/staff", response_class=HTMLResponse)
def staff_page(request: Request, staff: PageAdmin) -> Response:
    return render(request, "admin_staff.html", staff=staff)


@router.get("/admin/replies", response_class=HTMLResponse)
def replies_page(request: Request, staff: PageAdmin) -> Response:
    return render(request, "admin_replies.html", staff=staff)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, staff: PageAdmin) -> Response:
    return render(request, "admin_audit.html", staff=staff)
