"""A family's data on request (AVG), for admins: everything held as one JSON download, and
erasure of what may go. Both audited, like the command line's `family` command."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.requests import Request

from bot.console.dependencies import Audit, TrackerStore
from bot.console.schemas import FamilyErased, FamilyExport, errors
from bot.console.security import DB, Admin, Now
from bot.privacy.family import Family, as_json, confirm, erase, export, find_family

router = APIRouter(tags=["families"])


class WhichFamily(BaseModel):
    number: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=255)


class EraseFamily(WhichFamily):
    """Erasure names the registrations it may reach: exactly the ones found, or nothing."""

    confirm: list[Annotated[str, Field(max_length=32)]] = Field(default=[], max_length=20)


def the_family(session: DB, tracker: TrackerStore, which: WhichFamily) -> Family:
    return find_family(
        session=session, tracker=tracker, number=which.number, parent_email=which.email
    )


@router.get(
    "/families/export",
    response_class=Response,
    responses={
        200: {"model": FamilyExport, "description": "everything held, as a JSON download"},
        **errors(404),
    },
)
def export_family(
    request: Request,
    staff: Admin,
    session: DB,
    tracker: TrackerStore,
    audit: Audit,
    number: Annotated[str | None, Query(max_length=32)] = None,
    email: Annotated[str | None, Query(max_length=255)] = None,
) -> Response:
    family = the_family(session, tracker, WhichFamily(number=number, email=email))
    outbox = request.app.state.settings.outbox_dir
    document = export(session=session, tracker=tracker, outbox=outbox, family=family)
    audit("family_export", detail=",".join(family.numbers))
    return Response(
        as_json(document),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="gegevens-gezin.json"'},
    )


@router.post("/families/erase", response_model=FamilyErased, responses=errors(404, 409))
def erase_family(
    which: EraseFamily,
    request: Request,
    staff: Admin,
    session: DB,
    tracker: TrackerStore,
    now: Now,
    audit: Audit,
) -> FamilyErased:
    family = the_family(session, tracker, which)
    confirm(family, which.confirm)
    outbox = request.app.state.settings.outbox_dir
    erased = erase(session=session, tracker=tracker, outbox=outbox, family=family, now=now)
    audit("family_erase", detail=",".join(family.numbers))
    return FamilyErased(numbers=family.numbers, **erased.__dict__)
