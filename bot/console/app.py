"""The staff console application: `uvicorn --factory bot.console.app:create_app`."""

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from bot.console import (
    account,
    errors,
    family_document,
    forgot_password,
    offer_answer,
    pages,
    routes,
    signin,
    survey_answer,
    unsubscribe,
    we_did_page,
)
from bot.console.body_limit import BodyLimit
from bot.console.rasa_api import RasaClient
from bot.console.security import LoginRequired, Reader
from bot.console.signed_links import PageInstead, answer_instead
from bot.console.watchers import Watchers
from bot.db.session import session_scope
from bot.edits import live
from bot.edits.changes import EditRefused
from bot.settings import Settings, get_settings
from bot.shared import clock
from bot.shared.forwarded import trusted_proxies
from bot.staff.models import ROLE_NAMES

HERE = Path(__file__).resolve().parent
SESSION_HOURS = 10


def create_app(
    settings: Settings | None = None,
    session_factory: Callable[[], AbstractContextManager[Session]] | None = None,
    now: Callable[[], datetime] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Staff console",
        description="Escalated conversations: queue, takeover, replies and hand-back.",
        version="1",
        # the description is for staff (their pages and scripts), not a map for anonymous
        # callers; no Swagger page (its CDN script is blocked by the CSP anyway)
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.proxies = trusted_proxies(settings.forwarded_allow_ips)
    app.state.session_scope = session_factory or session_scope
    if session_factory is None:
        # the texts staff send (joined, closing) as head office edited them (bot/edits)
        live.enable(session_scope)
    app.state.clock = now or clock.now
    app.state.session_hours = SESSION_HOURS
    app.state.watchers = Watchers()
    app.state.rasa = RasaClient(f"http://{settings.host}:{settings.rasa_port}", settings.rasa_token)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["organisation"] = settings.organisation_name
    templates.env.globals["role_names"] = ROLE_NAMES
    app.state.templates = templates
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.console_secret or secrets.token_urlsafe(32),
        session_cookie="console_session",
        max_age=SESSION_HOURS * 3600,
        same_site="strict",
        https_only=settings.console_https_only,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(_request: Request, _error: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return app.state.templates.TemplateResponse(
            request,
            "error.html",
            {
                "status": error.status_code,
                "detail": errors.PAGE_ERRORS.get(str(error.detail), error.detail),
                "staff": getattr(request.state, "menu", None),
            },
            status_code=error.status_code,
        )

    async def domain_error(request: Request, error: Exception) -> Response:
        """RasaError, HandoffError, AccountError…: the status bot/console/errors.py gives."""
        return await http_error(request, errors.as_http(error))

    for kind in errors.STATUS:
        app.add_exception_handler(kind, domain_error)
    app.add_exception_handler(EditRefused, errors.edit_refused)
    app.add_exception_handler(PageInstead, answer_instead)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_staff: Reader) -> dict[str, Any]:
        return app.openapi()

    app.include_router(routes.router)
    app.include_router(signin.router)
    app.include_router(forgot_password.router)
    app.include_router(account.router)
    app.include_router(pages.router)
    app.include_router(family_document.router)
    app.include_router(unsubscribe.router)
    app.include_router(offer_answer.router)
    app.include_router(survey_answer.router)
    app.include_router(we_did_page.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit)  # added last: outermost, before the session and the login
    return app
