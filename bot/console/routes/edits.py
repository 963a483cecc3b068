"""Head office's edits without a developer: the parent-facing texts (u, je and en side by
side, previewed per channel, with history and revert), opening hours, closure days, topic
keywords and the update cadence. Agents read them, admins change them; every change is in
the audit log. The domain is bot/edits; a refusal names each field with a Dutch reason."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.console import canned
from bot.console.dependencies import AppSettings, Audit
from bot.console.schemas import Id, download, errors
from bot.console.security import DB, Admin, Now, Staff
from bot.conversation import texts
from bot.edits import changes, descriptions, live
from bot.edits.models import (
    BUTTON,
    CADENCE,
    CANNED,
    CLOSURE,
    FACT,
    KEYWORDS,
    MAIL,
    OFFICE,
    TEXT,
    Edit,
)
from bot.handoff.queue import utc
from bot.handoff.topics import TOPIC_KEYWORDS
from bot.settings import Settings
from bot.shared import clock
from bot.staff.models import StaffAccount
from bot.updates.config import configured_path, mail_placeholders, mail_texts
from bot.updates.config import load as load_updates

router = APIRouter(prefix="/edits", tags=["edits"])

TextKey = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,80}$")]
# a button's key may be "yes" or "no", a fact's "price_kdv"
WordKey = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")]
MailPath = Annotated[str, Path(pattern=r"^[a-z0-9_.]{1,100}$")]
# the settings' kinds the history lists, by the name staff use in the page
SETTING_KINDS = {"hours": OFFICE, "closures": CLOSURE, "keywords": KEYWORDS, "cadence": CADENCE}


class Variants(BaseModel):
    u: str | None = Field(default=None, max_length=changes.MAIL_LIMIT)
    je: str | None = Field(default=None, max_length=changes.MAIL_LIMIT)
    en: str | None = Field(default=None, max_length=changes.MAIL_LIMIT)

    def given(self) -> dict[str, str]:
        return {form: text for form, text in self.model_dump().items() if text is not None}


class Languages(BaseModel):
    nl: str | None = Field(default=None, max_length=changes.FACT_LIMIT * 2)
    en: str | None = Field(default=None, max_length=changes.FACT_LIMIT * 2)

    def given(self) -> dict[str, str]:
        return {lang: text for lang, text in self.model_dump().items() if text is not None}


class Hours(BaseModel):
    opens: str = Field(max_length=5)
    closes: str = Field(max_length=5)
    days: list[str] = Field(max_length=7)


class Closure(BaseModel):
    day: date
    reason: str = Field(max_length=200)


class Keywords(BaseModel):
    keywords: list[str] = Field(max_length=300)


class Cadence(BaseModel):
    months: int


# answers


class TextVariant(BaseModel):
    default: str = Field(description="texts.yml's (or updates.yml's) text")
    text: str = Field(description="the text in force")
    edited: bool


class EditableText(BaseModel):
    key: str = Field(description="a key of texts.yml, or a mail's path (welcome.subject)")
    description: str = Field(description="where the text is used, in Dutch")
    placeholders: list[str] = Field(description="what the assistant fills in: {name}")
    limit: int = Field(description="the most characters the text may have")
    variants: dict[str, TextVariant] = Field(
        description="u, je, en; a button's title and an organisation fact: nl, en"
    )


class ChannelView(BaseModel):
    text: str
    length: int
    limit: int | None = Field(description="the channel's most characters; null: none")


class Preview(BaseModel):
    channels: dict[str, dict[str, ChannelView]] = Field(description="variant: channel: view")
    problems: dict[str, str] = Field(description="variant: what is wrong (Dutch)")


class HistoryRow(BaseModel):
    id: int
    kind: str
    name: str
    value: str | None = Field(description="null: back to the default (or a closure removed)")
    by: str
    at: str
    reverts: int | None = Field(description="the edit whose value this one brought back")


class Saved(BaseModel):
    status: Literal["saved"]


class HoursOut(BaseModel):
    opens: str
    closes: str
    days: str = Field(description="weekday codes, comma-separated: ma,di,wo")


class HoursPair(BaseModel):
    default: HoursOut
    current: HoursOut


class ClosureOut(BaseModel):
    day: str
    reason: str


class KeywordsPair(BaseModel):
    default: list[str]
    current: list[str]


class CadencePair(BaseModel):
    default: int
    current: int


class EditSettings(BaseModel):
    hours: HoursPair
    closures: list[ClosureOut] = Field(description="today's and later ones")
    keywords: dict[str, KeywordsPair] = Field(description="by sensitive topic")
    cadence: CadencePair = Field(description="months between periodic updates")


class Refusal(BaseModel):
    """An edit that was not saved: what is wrong, per field, in Dutch."""

    detail: str
    problems: dict[str, str]


def refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`errors(...)` with the 422 of an edit, which names each field."""
    return {**errors(*codes), 422: {"model": Refusal}}


def refused(error: changes.EditRefused) -> JSONResponse:
    """422 with a Dutch reason per field, for the page to put next to each."""
    return JSONResponse(
        {"detail": "Niet opgeslagen: verbeter wat hieronder staat.", "problems": error.problems},
        status_code=422,
    )


def not_found(error: changes.UnknownEdit) -> HTTPException:
    return HTTPException(404, str(error))


# texts


def text_entry(key: str, edited: dict[tuple[str, str], str]) -> dict[str, Any]:
    variants = {}
    for form in texts.VARIANTS:
        default = texts.default_template(key, form)
        current = edited.get((key, form)) or (
            edited.get((key, "u")) if form not in texts.load()["texts"][key] else None
        )
        variants[form] = {"default": default, "text": current or default, "edited": bool(current)}
    return {
        "key": key,
        "description": descriptions.of_text(key),
        "placeholders": sorted(changes.placeholders(texts.default_template(key)) - _facts()),
        "limit": changes.limit_of(key),
        "variants": variants,
    }


def _facts() -> set[str]:
    return set(texts.organisation_facts())


@router.get("/texts", response_model=list[EditableText])
def list_texts(staff: Staff, session: DB) -> list[dict[str, Any]]:
    """Every parent-facing chat text of texts.yml as it is now, with its default."""
    edited = live.in_force(session).texts
    return [text_entry(key, edited) for key in texts.load()["texts"]]


@router.put("/texts/{key}", response_model=EditableText, responses=refusals(404))
def change_text(
    key: TextKey, body: Variants, staff: Admin, session: DB, now: Now, audit: Audit
) -> Any:
    try:
        made = changes.set_text(
            session=session, key=key, variants=body.given(), staff_id=staff.id, now=now
        )
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    if made:
        audit("edit_text", detail=f"{key}: {', '.join(e.name.rpartition('.')[2] for e in made)}")
    return text_entry(key, live.in_force(session).texts)


@router.post("/texts/{key}/preview", response_model=Preview, responses=errors(404))
def preview_text(key: TextKey, body: Variants, staff: Staff) -> dict[str, Any]:
    """Each variant as the website, WhatsApp and Messenger show it, and what is wrong."""
    try:
        problems = changes.text_problems(key, body.given())
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    return {"channels": changes.preview(key, body.given()), "problems": problems}


@router.get("/texts/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def text_history(key: TextKey, staff: Staff, session: DB) -> list[dict[str, Any]]:
    if key not in texts.load()["texts"]:
        raise HTTPException(404, changes.NO_TEXT)
    names = [f"{key}.{form}" for form in texts.VARIANTS]
    return [
        history_row(session, e) for e in changes.history(session=session, kind=TEXT, names=names)
    ]


@router.get(
    "/texts.yml",
    response_class=PlainTextResponse,
    responses=download("application/yaml", "texts.yml with the edits in force"),
)
def export_texts(staff: Staff, session: DB, audit: Audit) -> Response:
    """texts.yml with the edits in force: the file a developer puts in place."""
    audit("edit_export")
    return PlainTextResponse(
        changes.export_yaml(live.in_force(session)),
        media_type="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="texts.yml"'},
    )


def history_row(session: Session, edit: Edit) -> dict[str, Any]:
    by = session.get(StaffAccount, edit.changed_by_id) if edit.changed_by_id else None
    return {
        "id": edit.id,
        "kind": edit.kind,
        "name": edit.name,
        "value": edit.value,
        "by": by.name or by.email if by else "",
        "at": utc(edit.changed_at).isoformat(),
        "reverts": edit.reverts_id,
    }


@router.post("/{edit_id}/revert", response_model=HistoryRow, responses=refusals(404))
def revert(edit_id: Id, staff: Admin, session: DB, now: Now, audit: Audit) -> Any:
    """Bring back what an earlier edit set (a text, a button, a fact, the hours, a closure,
    keywords, a canned reply)."""
    earlier = session.get(Edit, edit_id)
    try:
        if earlier is not None and earlier.kind == CANNED:
            edit = canned.revert(session=session, edit=earlier, staff_id=staff.id, now=now)
        else:
            edit = changes.revert(session=session, edit_id=edit_id, staff_id=staff.id, now=now)
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    audit("edit_revert", detail=f"{edit.kind} {edit.name} to #{edit_id}")
    return history_row(session, edit)


# the buttons' titles and the organisation's facts (texts.yml), in Dutch and English


def word_entry(kind: str, key: str, edited: dict[tuple[str, str], str]) -> dict[str, Any]:
    default = texts.default_button if kind == BUTTON else texts.default_fact
    variants = {}
    for lang in changes.LANGUAGES:
        current = edited.get((key, lang))
        variants[lang] = {
            "default": default(key, lang),
            "text": current or default(key, lang),
            "edited": bool(current),
        }
    return {
        "key": key,
        "description": (descriptions.of_button if kind == BUTTON else descriptions.of_fact)(key),
        "placeholders": [],
        "limit": changes.BUTTON_LIMIT if kind == BUTTON else changes.FACT_LIMIT,
        "variants": variants,
    }


@router.get("/buttons", response_model=list[EditableText])
def list_buttons(staff: Staff, session: DB) -> list[dict[str, Any]]:
    """Every button's title, Dutch and English, as it is now, with texts.yml's."""
    edited = live.in_force(session).buttons
    return [word_entry(BUTTON, key, edited) for key in texts.load()["buttons"]]


@router.get("/facts", response_model=list[EditableText])
def list_facts(staff: Staff, session: DB) -> list[dict[str, Any]]:
    """The organisation's facts ({org_phone}, …), Dutch and English, as they are now."""
    edited = live.in_force(session).facts
    return [word_entry(FACT, key, edited) for key in texts.load()["organisation"]]


@router.put("/buttons/{key}", response_model=EditableText, responses=refusals(404))
def change_button(
    key: WordKey, body: Languages, staff: Admin, session: DB, now: Now, audit: Audit
) -> Any:
    try:
        made = changes.set_button(
            session=session, key=key, titles=body.given(), staff_id=staff.id, now=now
        )
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    if made:
        audit("edit_button", detail=f"{key}: {', '.join(e.name.rpartition('.')[2] for e in made)}")
    return word_entry(BUTTON, key, live.in_force(session).buttons)


@router.put("/facts/{key}", response_model=EditableText, responses=refusals(404))
def change_fact(
    key: WordKey, body: Languages, staff: Admin, session: DB, now: Now, audit: Audit
) -> Any:
    try:
        made = changes.set_fact(
            session=session, key=key, facts=body.given(), staff_id=staff.id, now=now
        )
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    if made:
        audit("edit_fact", detail=f"{key}: {', '.join(e.name.rpartition('.')[2] for e in made)}")
    return word_entry(FACT, key, live.in_force(session).facts)


def _word_preview(kind: str, key: str, given: dict[str, str]) -> dict[str, Any]:
    check = changes.button_problems if kind == BUTTON else changes.fact_problems
    try:
        problems = check(key, given)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    most = {"website": None, "whatsapp": changes.BUTTON_LIMIT if kind == BUTTON else None}
    channels = {
        lang: {
            channel: {"text": text.strip(), "length": len(text.strip()), "limit": limit}
            for channel, limit in most.items()
        }
        for lang, text in given.items()
    }
    return {"channels": channels, "problems": problems}


@router.post("/buttons/{key}/preview", response_model=Preview, responses=errors(404))
def preview_button(key: WordKey, body: Languages, staff: Staff) -> dict[str, Any]:
    """Each title as the website and WhatsApp show it, and what is wrong."""
    return _word_preview(BUTTON, key, body.given())


@router.post("/facts/{key}/preview", response_model=Preview, responses=errors(404))
def preview_fact(key: WordKey, body: Languages, staff: Staff) -> dict[str, Any]:
    return _word_preview(FACT, key, body.given())


@router.get("/buttons/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def button_history(key: WordKey, staff: Staff, session: DB) -> list[dict[str, Any]]:
    if key not in texts.load()["buttons"]:
        raise HTTPException(404, changes.NO_BUTTON)
    names = [f"{key}.{lang}" for lang in changes.LANGUAGES]
    edits = changes.history(session=session, kind=BUTTON, names=names)
    return [history_row(session, e) for e in edits]


@router.get("/facts/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def fact_history(key: WordKey, staff: Staff, session: DB) -> list[dict[str, Any]]:
    if key not in texts.load()["organisation"]:
        raise HTTPException(404, changes.NO_FACT)
    names = [f"{key}.{lang}" for lang in changes.LANGUAGES]
    edits = changes.history(session=session, kind=FACT, names=names)
    return [history_row(session, e) for e in edits]


# the update mails


def default_mails(settings: Settings) -> dict[str, dict[str, str]]:
    """updates.yml's subjects and bodies (or UPDATES_FILE's), by path and variant."""
    return mail_texts(load_updates(configured_path(settings.updates_file)))


def mail_entry(path: str, default: dict[str, str], edited: dict[tuple[str, str], str]) -> dict:
    variants = {}
    for form in texts.VARIANTS:
        current = edited.get((path, form))
        variants[form] = {
            "default": default[form],
            "text": current or default[form],
            "edited": bool(current),
        }
    limit = changes.SUBJECT_LIMIT if path.endswith(".subject") else changes.MAIL_LIMIT
    return {
        "key": path,
        "description": descriptions.of_mail(path),
        "placeholders": sorted(mail_placeholders(path)),
        "limit": limit,
        "variants": variants,
    }


@router.get("/mails", response_model=list[EditableText])
def list_mails(staff: Staff, session: DB, settings: AppSettings) -> list[dict[str, Any]]:
    """Every update mail's subject and body as it is now, with its default."""
    edited = live.in_force(session).mails
    return [mail_entry(p, d, edited) for p, d in default_mails(settings).items()]


@router.put("/mails/{path}", response_model=EditableText, responses=refusals(404))
def change_mail(
    path: MailPath,
    body: Variants,
    staff: Admin,
    session: DB,
    now: Now,
    audit: Audit,
    settings: AppSettings,
) -> Any:
    defaults = default_mails(settings)
    try:
        made = changes.set_mail(
            session=session,
            path=path,
            variants=body.given(),
            defaults=defaults,
            allowed=mail_placeholders(path) if path in defaults else set(),
            staff_id=staff.id,
            now=now,
        )
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    if made:
        audit("edit_mail", detail=f"{path}: {', '.join(e.name.rpartition('.')[2] for e in made)}")
    return mail_entry(path, defaults[path], live.in_force(session).mails)


@router.post("/mails/{path}/preview", response_model=Preview, responses=errors(404))
def preview_mail(
    path: MailPath, body: Variants, staff: Staff, settings: AppSettings
) -> dict[str, Any]:
    """Each variant as the e-mail shows it, and what is wrong."""
    defaults = default_mails(settings)
    try:
        problems = changes.mail_problems(
            path, body.given(), defaults, mail_placeholders(path) if path in defaults else set()
        )
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    limit = changes.SUBJECT_LIMIT if path.endswith(".subject") else None
    channels = {
        form: {"email": {**shown["website"], "limit": limit}}
        for form, shown in changes.preview(path, body.given()).items()
    }
    return {"channels": channels, "problems": problems}


@router.get("/mails/{path}/history", response_model=list[HistoryRow], responses=errors(404))
def mail_history(
    path: MailPath, staff: Staff, session: DB, settings: AppSettings
) -> list[dict[str, Any]]:
    if path not in default_mails(settings):
        raise HTTPException(404, changes.NO_MAIL)
    names = [f"{path}.{form}" for form in texts.VARIANTS]
    return [
        history_row(session, e) for e in changes.history(session=session, kind=MAIL, names=names)
    ]


# opening hours, closure days, keywords, cadence


@router.get("/settings", response_model=EditSettings)
def settings_in_force(staff: Staff, session: DB, settings: AppSettings, now: Now) -> dict[str, Any]:
    edits = live.in_force(session)
    hours = {
        "opens": settings.office_opens,
        "closes": settings.office_closes,
        "days": settings.office_days,
    }
    cadence = load_updates(configured_path(settings.updates_file)).cadence_months
    today = clock.day_of(now)
    return {
        "hours": {"default": hours, "current": {**hours, **edits.office}},
        "closures": [
            {"day": day.isoformat(), "reason": reason}
            for day, reason in sorted(edits.closures.items())
            if day >= today
        ],
        "keywords": {
            topic: {"default": words, "current": list(edits.keywords.get(topic, words))}
            for topic, words in TOPIC_KEYWORDS.items()
        },
        "cadence": {"default": cadence, "current": edits.cadence_months or cadence},
    }


@router.get("/settings/{kind}/history", response_model=list[HistoryRow], responses=errors(404))
def settings_history(kind: str, staff: Staff, session: DB) -> list[dict[str, Any]]:
    if kind not in SETTING_KINDS:
        raise HTTPException(404, "Deze instelling bestaat niet.")
    found = session.query(Edit.name).filter(Edit.kind == SETTING_KINDS[kind]).distinct()
    names = [name for (name,) in found]
    edits = changes.history(session=session, kind=SETTING_KINDS[kind], names=names)
    return [history_row(session, e) for e in edits]


@router.put("/settings/hours", response_model=Saved, responses=refusals())
def change_hours(body: Hours, staff: Admin, session: DB, now: Now, audit: Audit) -> Any:
    try:
        changes.set_office_hours(
            session=session,
            opens=body.opens,
            closes=body.closes,
            days=body.days,
            staff_id=staff.id,
            now=now,
        )
    except changes.EditRefused as error:
        return refused(error)
    audit("edit_hours", detail=f"{body.opens}-{body.closes} {','.join(body.days)}")
    return {"status": "saved"}


@router.post("/settings/closures", status_code=201, response_model=Saved, responses=refusals())
def add_closure(body: Closure, staff: Admin, session: DB, now: Now, audit: Audit) -> Any:
    try:
        changes.add_closure(
            session=session,
            day=body.day,
            reason=body.reason,
            today=clock.day_of(now),
            staff_id=staff.id,
            now=now,
        )
    except changes.EditRefused as error:
        return refused(error)
    audit("edit_closure_add", detail=f"{body.day.isoformat()} {body.reason.strip()}")
    return {"status": "saved"}


@router.delete(
    "/settings/closures/{day}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Removed (no body)"}, **errors(404)},
)
def remove_closure(day: date, staff: Admin, session: DB, now: Now, audit: Audit) -> Response:
    try:
        changes.remove_closure(session=session, day=day, staff_id=staff.id, now=now)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    audit("edit_closure_remove", detail=day.isoformat())
    return Response(status_code=204)


@router.put("/settings/keywords/{topic}", response_model=Saved, responses=refusals(404))
def change_keywords(
    topic: str, body: Keywords, staff: Admin, session: DB, now: Now, audit: Audit
) -> Any:
    try:
        changes.set_keywords(
            session=session,
            topic=topic,
            keywords=body.keywords,
            defaults=TOPIC_KEYWORDS,
            staff_id=staff.id,
            now=now,
        )
    except changes.EditRefused as error:
        return refused(error)
    except changes.UnknownEdit as error:
        raise not_found(error) from error
    audit("edit_keywords", detail=topic)
    return {"status": "saved"}


@router.put("/settings/cadence", response_model=Saved, responses=refusals())
def change_cadence(
    body: Annotated[Cadence, Body()], staff: Admin, session: DB, now: Now, audit: Audit
) -> Any:
    try:
        changes.set_cadence(session=session, months=body.months, staff_id=staff.id, now=now)
    except changes.EditRefused as error:
        return refused(error)
    audit("edit_cadence", detail=str(body.months))
    return {"status": "saved"}
