"""The console's JSON API (/api/…), one module per resource; described by OpenAPI at
/openapi.json. Errors of the domain rise to the app's handlers (bot/console/errors.py)."""

from fastapi import APIRouter, Depends

from bot.console.routes import audit, conversations, replies, staff
from bot.console.schemas import errors
from bot.console.security import api_staff

# every route needs a logged-in staff member, checked before anything else (401)
router = APIRouter(prefix="/api", dependencies=[Depends(api_staff)], responses=errors(401, 403))
for part in (conversations, staff, replies, audit):
    router.include_router(part.router)
