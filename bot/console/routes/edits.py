"""Head office's edits without a developer: the parent-facing texts (u, je and en side by
side, previewed per channel, with history and revert), opening hours, closure days, topic
keywords and the update cadence. Agents read them, admins change them; every change is in
the audit log. The domain is bot/edits; a refusal names each field with a Dutch reason
(422) and an unknown key is a 404, both raised to the app's handlers (bot/console/errors.py)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy.orm import Session

from bot.console import canned
from bot.console.dependencies import AppSettings, Audit, Auditor
from bot.console.schemas import (
    Cadence,
    CadencePair,
    ChannelView,
    Closure,
    ClosureOut,
    EditableText,
    EditSettings,
    HistoryRow,
    Hours,
    HoursOut,
    HoursPair,
    Id,
    Keywords,
    KeywordsPair,
    Languages,
    Preview,
    Saved,
    TextVariant,
    Variants,
    download,
    errors,
    refusals,
)
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
# an edit's text per (key, variant), as live.in_force holds them
Edited = dict[tuple[str, str], str]
SAVED = Saved(status="saved")


def variant(default: str, current: str | None) -> TextVariant:
    return TextVariant(default=default, text=current or default, edited=bool(current))


def audit_made(audit: Auditor, action: str, key: str, made: list[Edit]) -> None:
    """One audit entry naming the variants an edit changed (none changed: no entry)."""
    if made:
        audit(action, detail=f"{key}: {', '.join(e.name.rpartition('.')[2] for e in made)}")


def history_row(session: Session, edit: Edit) -> HistoryRow:
    by = session.get(StaffAccount, edit.changed_by_id) if edit.changed_by_id else None
    return HistoryRow(
        id=edit.id,
        kind=edit.kind,
        name=edit.name,
        value=edit.value,
        by=by.name or by.email if by else "",
        at=utc(edit.changed_at).isoformat(),
        reverts=edit.reverts_id,
    )


def history_of(
    session: Session, kind: str, key: str, forms: Iterable[str], known: Iterable[str], unknown: str
) -> list[HistoryRow]:
    """The edits of `key`'s variants, newest first; 404 when `key` is not among `known`."""
    if key not in known:
        raise HTTPException(404, unknown)
    edits = changes.history(session=session, kind=kind, names=[f"{key}.{f}" for f in forms])
    return [history_row(session, e) for e in edits]


# texts


def text_entry(key: str, edited: Edited) -> EditableText:
    own = texts.load()["texts"][key]

    def current(form: str) -> str | None:
        # a variant texts.yml does not have follows the edited u-text
        return edited.get((key, form)) or (edited.get((key, "u")) if form not in own else None)

    return EditableText(
        key=key,
        description=descriptions.of_text(key),
        placeholders=sorted(changes.placeholders(texts.default_template(key)) - _facts()),
        limit=changes.limit_of(key),
        variants={
            form: variant(texts.default_template(key, form), current(form))
            for form in texts.VARIANTS
        },
    )


def _facts() -> set[str]:
    return set(texts.organisation_facts())


@router.get("/texts", response_model=list[EditableText])
def list_texts(staff: Staff, session: DB) -> list[EditableText]:
    """Every parent-facing chat text of texts.yml as it is now, with its default."""
    edited = live.in_force(session).texts
    return [text_entry(key, edited) for key in texts.load()["texts"]]


@router.put("/texts/{key}", response_model=EditableText, responses=refusals(404))
def change_text(
    key: TextKey, body: Variants, staff: Admin, session: DB, now: Now, audit: Audit
) -> EditableText:
    made = changes.set_text(
        session=session, key=key, variants=body.given(), staff_id=staff.id, now=now
    )
    audit_made(audit, "edit_text", key, made)
    return text_entry(key, live.in_force(session).texts)


@router.post("/texts/{key}/preview", response_model=Preview, responses=errors(404))
def preview_text(key: TextKey, body: Variants, staff: Staff) -> Preview:
    """Each variant as the website, WhatsApp and Messenger show it, and what is wrong."""
    problems = changes.text_problems(key, body.given())
    return Preview(channels=changes.preview(key, body.given()), problems=problems)


@router.get("/texts/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def text_history(key: TextKey, staff: Staff, session: DB) -> list[HistoryRow]:
    return history_of(session, TEXT, key, texts.VARIANTS, texts.load()["texts"], changes.NO_TEXT)


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


@router.post("/{edit_id}/revert", response_model=HistoryRow, responses=refusals(404))
def revert(edit_id: Id, staff: Admin, session: DB, now: Now, audit: Audit) -> HistoryRow:
    """Bring back what an earlier edit set (a text, a button, a fact, the hours, a closure,
    keywords, a canned reply)."""
    earlier = session.get(Edit, edit_id)
    if earlier is not None and earlier.kind == CANNED:
        edit = canned.revert(session=session, edit=earlier, staff_id=staff.id, now=now)
    else:
        edit = changes.revert(session=session, edit_id=edit_id, staff_id=staff.id, now=now)
    audit("edit_revert", detail=f"{edit.kind} {edit.name} to #{edit_id}")
    return history_row(session, edit)


# the buttons' titles and the organisation's facts (texts.yml), in Dutch and English


@dataclass(frozen=True)
class Words:
    """Short texts edited in Dutch and English: the buttons' titles or the facts."""

    kind: str  # the edits' kind
    unknown: str  # what a 404 says (a key not among these)
    section: str  # texts.yml's
    default: Callable[[str, str], str]
    describe: Callable[[str], str]
    limit: int
    whatsapp_limit: int | None  # what the preview says WhatsApp shows at most
    problems: Callable[[str, dict[str, str]], dict[str, str]]
    in_force: Callable[[live.Overrides], Edited]

    def entry(self, key: str, edited: Edited) -> EditableText:
        return EditableText(
            key=key,
            description=self.describe(key),
            placeholders=[],
            limit=self.limit,
            variants={
                lang: variant(self.default(key, lang), edited.get((key, lang)))
                for lang in changes.LANGUAGES
            },
        )

    def listed(self, session: Session) -> list[EditableText]:
        edited = self.in_force(live.in_force(session))
        return [self.entry(key, edited) for key in texts.load()[self.section]]

    def change(self, key: str, given: dict[str, str], audit: Auditor) -> EditableText:
        """Store what changed, by the audited staff member in the audit's unit of work and
        at its moment (audited as edit_button, edit_fact); the entry as it is now."""
        who = {"session": audit.session, "key": key, "staff_id": audit.staff.id, "now": audit.now}
        if self.kind == BUTTON:
            made = changes.set_button(titles=given, **who)
        else:
            made = changes.set_fact(facts=given, **who)
        audit_made(audit, f"edit_{self.kind}", key, made)
        return self.entry(key, self.in_force(live.in_force(audit.session)))

    def preview(self, key: str, given: dict[str, str]) -> Preview:
        """Each value as the website and WhatsApp show it, and what is wrong."""
        problems = self.problems(key, given)
        most = {"website": None, "whatsapp": self.whatsapp_limit}
        channels = {
            lang: {
                channel: ChannelView(text=text.strip(), length=len(text.strip()), limit=limit)
                for channel, limit in most.items()
            }
            for lang, text in given.items()
        }
        return Preview(channels=channels, problems=problems)

    def history(self, session: Session, key: str) -> list[HistoryRow]:
        known = texts.load()[self.section]
        return history_of(session, self.kind, key, changes.LANGUAGES, known, self.unknown)


BUTTONS = Words(
    kind=BUTTON,
    unknown=changes.NO_BUTTON,
    section="buttons",
    default=texts.default_button,
    describe=descriptions.of_button,
    limit=changes.BUTTON_LIMIT,
    whatsapp_limit=changes.BUTTON_LIMIT,
    problems=changes.button_problems,
    in_force=lambda overrides: overrides.buttons,
)
FACTS = Words(
    kind=FACT,
    unknown=changes.NO_FACT,
    section="organisation",
    default=texts.default_fact,
    describe=descriptions.of_fact,
    limit=changes.FACT_LIMIT,
    whatsapp_limit=None,
    problems=changes.fact_problems,
    in_force=lambda overrides: overrides.facts,
)


@router.get("/buttons", response_model=list[EditableText])
def list_buttons(staff: Staff, session: DB) -> list[EditableText]:
    """Every button's title, Dutch and English, as it is now, with texts.yml's."""
    return BUTTONS.listed(session)


@router.get("/facts", response_model=list[EditableText])
def list_facts(staff: Staff, session: DB) -> list[EditableText]:
    """The organisation's facts ({org_phone}, …), Dutch and English, as they are now."""
    return FACTS.listed(session)


@router.put("/buttons/{key}", response_model=EditableText, responses=refusals(404))
def change_button(key: WordKey, body: Languages, staff: Admin, audit: Audit) -> EditableText:
    return BUTTONS.change(key, body.given(), audit)


@router.put("/facts/{key}", response_model=EditableText, responses=refusals(404))
def change_fact(key: WordKey, body: Languages, staff: Admin, audit: Audit) -> EditableText:
    return FACTS.change(key, body.given(), audit)


@router.post("/buttons/{key}/preview", response_model=Preview, responses=errors(404))
def preview_button(key: WordKey, body: Languages, staff: Staff) -> Preview:
    """Each title as the website and WhatsApp show it, and what is wrong."""
    return BUTTONS.preview(key, body.given())


@router.post("/facts/{key}/preview", response_model=Preview, responses=errors(404))
def preview_fact(key: WordKey, body: Languages, staff: Staff) -> Preview:
    return FACTS.preview(key, body.given())


@router.get("/buttons/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def button_history(key: WordKey, staff: Staff, session: DB) -> list[HistoryRow]:
    return BUTTONS.history(session, key)


@router.get("/facts/{key}/history", response_model=list[HistoryRow], responses=errors(404))
def fact_history(key: WordKey, staff: Staff, session: DB) -> list[HistoryRow]:
    return FACTS.history(session, key)


# the update mails


def default_mails(settings: Settings) -> dict[str, dict[str, str]]:
    """updates.yml's subjects and bodies (or UPDATES_FILE's), by path and variant."""
    return mail_texts(load_updates(configured_path(settings.updates_file)))


def mail_entry(path: str, default: dict[str, str], edited: Edited) -> EditableText:
    limit = changes.SUBJECT_LIMIT if path.endswith(".subject") else changes.MAIL_LIMIT
    return EditableText(
        key=path,
        description=descriptions.of_mail(path),
        placeholders=sorted(mail_placeholders(path)),
        limit=limit,
        variants={
            form: variant(default[form], edited.get((path, form))) for form in texts.VARIANTS
        },
    )


def allowed_in(path: str, defaults: dict[str, dict[str, str]]) -> set[str]:
    """The placeholders a mail text may hold (an unknown path: none, and refused)."""
    return mail_placeholders(path) if path in defaults else set()


@router.get("/mails", response_model=list[EditableText])
def list_mails(staff: Staff, session: DB, settings: AppSettings) -> list[EditableText]:
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
) -> EditableText:
    defaults = default_mails(settings)
    made = changes.set_mail(
        session=session,
        path=path,
        variants=body.given(),
        defaults=defaults,
        allowed=allowed_in(path, defaults),
        staff_id=staff.id,
        now=now,
    )
    audit_made(audit, "edit_mail", path, made)
    return mail_entry(path, defaults[path], live.in_force(session).mails)


@router.post("/mails/{path}/preview", response_model=Preview, responses=errors(404))
def preview_mail(path: MailPath, body: Variants, staff: Staff, settings: AppSettings) -> Preview:
    """Each variant as the e-mail shows it, and what is wrong."""
    defaults = default_mails(settings)
    problems = changes.mail_problems(path, body.given(), defaults, allowed_in(path, defaults))
    limit = changes.SUBJECT_LIMIT if path.endswith(".subject") else None
    channels = {
        form: {"email": ChannelView(**{**shown["website"], "limit": limit})}
        for form, shown in changes.preview(path, body.given()).items()
    }
    return Preview(channels=channels, problems=problems)


@router.get("/mails/{path}/history", response_model=list[HistoryRow], responses=errors(404))
def mail_history(
    path: MailPath, staff: Staff, session: DB, settings: AppSettings
) -> list[HistoryRow]:
    known = default_mails(settings)
    return history_of(session, MAIL, path, texts.VARIANTS, known, changes.NO_MAIL)


# opening hours, closure days, keywords, cadence


@router.get("/settings", response_model=EditSettings)
def settings_in_force(staff: Staff, session: DB, settings: AppSettings, now: Now) -> EditSettings:
    edits = live.in_force(session)
    hours = {
        "opens": settings.office_opens,
        "closes": settings.office_closes,
        "days": settings.office_days,
    }
    cadence = load_updates(configured_path(settings.updates_file)).cadence_months
    today = clock.day_of(now)
    return EditSettings(
        hours=HoursPair(default=HoursOut(**hours), current=HoursOut(**{**hours, **edits.office})),
        closures=[
            ClosureOut(day=day.isoformat(), reason=reason)
            for day, reason in sorted(edits.closures.items())
            if day >= today
        ],
        keywords={
            topic: KeywordsPair(default=words, current=list(edits.keywords.get(topic, words)))
            for topic, words in TOPIC_KEYWORDS.items()
        },
        cadence=CadencePair(default=cadence, current=edits.cadence_months or cadence),
    )


@router.get("/settings/{kind}/history", response_model=list[HistoryRow], responses=errors(404))
def settings_history(kind: str, staff: Staff, session: DB) -> list[HistoryRow]:
    if kind not in SETTING_KINDS:
        raise HTTPException(404, "Deze instelling bestaat niet.")
    found = session.query(Edit.name).filter(Edit.kind == SETTING_KINDS[kind]).distinct()
    names = [name for (name,) in found]
    edits = changes.history(session=session, kind=SETTING_KINDS[kind], names=names)
    return [history_row(session, e) for e in edits]


@router.put("/settings/hours", response_model=Saved, responses=refusals())
def change_hours(body: Hours, staff: Admin, session: DB, now: Now, audit: Audit) -> Saved:
    changes.set_office_hours(session=session, staff_id=staff.id, now=now, **body.model_dump())
    audit("edit_hours", detail=f"{body.opens}-{body.closes} {','.join(body.days)}")
    return SAVED


@router.post("/settings/closures", status_code=201, response_model=Saved, responses=refusals())
def add_closure(body: Closure, staff: Admin, session: DB, now: Now, audit: Audit) -> Saved:
    today = clock.day_of(now)
    changes.add_closure(
        session=session, today=today, staff_id=staff.id, now=now, **body.model_dump()
    )
    audit("edit_closure_add", detail=f"{body.day.isoformat()} {body.reason.strip()}")
    return SAVED


@router.delete(
    "/settings/closures/{day}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Removed (no body)"}, **errors(404)},
)
def remove_closure(day: date, staff: Admin, session: DB, now: Now, audit: Audit) -> Response:
    changes.remove_closure(session=session, day=day, staff_id=staff.id, now=now)
    audit("edit_closure_remove", detail=day.isoformat())
    return Response(status_code=204)


@router.put("/settings/keywords/{topic}", response_model=Saved, responses=refusals(404))
def change_keywords(
    topic: str, body: Keywords, staff: Admin, session: DB, now: Now, audit: Audit
) -> Saved:
    defaults = TOPIC_KEYWORDS
    changes.set_keywords(
        session=session,
        topic=topic,
        defaults=defaults,
        staff_id=staff.id,
        now=now,
        **body.model_dump(),
    )
    audit("edit_keywords", detail=topic)
    return SAVED


@router.put("/settings/cadence", response_model=Saved, responses=refusals())
def change_cadence(
    body: Annotated[Cadence, Body()], staff: Admin, session: DB, now: Now, audit: Audit
) -> Saved:
    changes.set_cadence(session=session, months=body.months, staff_id=staff.id, now=now)
    audit("edit_cadence", detail=str(body.months))
    return SAVED
