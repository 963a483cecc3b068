"""The console's JSON API (/api/…), one module per resource; described by OpenAPI at
/openapi.json. Errors of the domain rise to the app's handlers (bot/console/errors.py)."""

from fastapi import APIRouter, Depends

from bot.console.routes import (
    audit,
    conversations,
    edits,
    families,
    feedback,
    history,
    replies,
    reports,
    requests,
    sessions,
    staff,
)
from bot.console.schemas import errors
from bot.console.security import api_reader, api_staff

# every route needs a logged-in account, checked before anything else (401)
router = APIRouter(prefix="/api", dependencies=[Depends(api_reader)], responses=errors(401, 403))
# what reads or changes conversations: agents and admins only, never management (403)
work = APIRouter(dependencies=[Depends(api_staff)])
for part in (conversations, history, staff, replies, audit, families, edits):
    work.include_router(part.router)
router.include_router(work)
# each route names who may use it: the request list and the dashboard are for management too
for part in (requests, reports, feedback, sessions):
    router.include_router(part.router)
