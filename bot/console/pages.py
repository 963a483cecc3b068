"""Server-rendered pages. They render a shell with the CSRF token; the data comes from the
JSON API (static/console.js polls it, so the queue and conversations update live)."""

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.security import (
    Now,
    PageAdmin,
    PageReader,
    PageReporting,
    PageStaff,
    csrf_token,
)
from bot.staff.models import MANAGEMENT, StaffAccount

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **values: object) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, {"csrf": csrf_token(request), **values}, status_code=status_code
    )


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


@router.get("/edits", response_class=HTMLResponse)
def edits_page(request: Request, staff: PageStaff) -> Response:
    """Texts, hours, closure days, keywords and cadence: agents read, admins change."""
    return render(request, "edits.html", staff=staff)


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
