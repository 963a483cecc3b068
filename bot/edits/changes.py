"""Head office's edits: each checked the way the tests check texts.yml and the settings,
stored as a new row with who and when (bot/edits/models.py), listed as history and taken
back by a revert. Refusals are in Dutch, per control (the variant, the field), for the
console to show next to it.

No HTTP here: the console's routes (bot/console/routes/edits.py) call these and write the
audit log; the other processes read the result through bot/edits/live.py.
"""

import json
import re
import string
from datetime import date, datetime, time
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.edits import live
from bot.edits.models import (
    BUTTON,
    CADENCE,
    CLOSURE,
    FACT,
    KEYWORDS,
    MAIL,
    OFFICE,
    TEXT,
    Edit,
)

# the longest text a chat channel takes: WhatsApp's body of a message with buttons (1024;
# plain text 4096), Messenger 2000, the website any; a text of texts.yml that is already
# longer (a mail) keeps MAIL_LIMIT
CHANNEL_LIMITS: dict[str, int | None] = {"website": None, "whatsapp": 1024, "messenger": 2000}
CHAT_LIMIT = 1024
MAIL_LIMIT = 4000
# a mail's subject must fit a phone's inbox line (tests/updates/test_update_texts.py: 46
# characters with a child's name filled in)
SUBJECT_LIMIT = 60
# WhatsApp cuts a reply button's title after 20 characters (a list row's after 24)
BUTTON_LIMIT = 20
FACT_LIMIT = 150
LANGUAGES = ("nl", "en")
WEEKDAY_CODES = ("ma", "di", "wo", "do", "vr", "za", "zo")
MAX_CADENCE_MONTHS = 12
# a keyword: words of letters, with spaces or hyphens between them, a `*` at the end for a
# word start (bot/handoff/topics.py)
KEYWORD = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*\*?$")
# the form of address a variant must not use (tests/conversation/test_texts.py)
WRONG_FORM = {
    "u": (re.compile(r"\b(je|jij|jouw)\b", re.IGNORECASE), "je, jij of jouw"),
    "je": (re.compile(r"\b(u|uw)\b", re.IGNORECASE), "u of uw"),
    "en": (re.compile(r"\b(u|uw|je|jij|wilt|kunt)\b", re.IGNORECASE), "Nederlandse woorden"),
}


class EditRefused(ValueError):
    """An edit that cannot be used: `problems` names each control with what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class UnknownEdit(LookupError):
    """No such text, topic or edit; the message is for staff (Dutch)."""


NO_TEXT = "Deze tekst bestaat niet."
NO_BUTTON = "Deze knop bestaat niet."
NO_FACT = "Dit gegeven van de organisatie bestaat niet."
NO_MAIL = "Deze mailtekst bestaat niet."


# texts


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def written_placeholders(text: str) -> set[str]:
    """The placeholders an edit uses; ValueError for a brace that opens none ("{", "{}",
    "{0}": the assistant fills in names only)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    if any(not name or not name.isidentifier() for name in names):
        raise ValueError("a placeholder without a name")
    return names


def example(template: str, form: str) -> str:
    """The text as a parent would read it, its own values shown as «name»."""
    values = {name: f"«{name}»" for name in placeholders(template) if not name.startswith("org_")}
    return template.format(**texts.organisation_facts(form), **values)


def limit_of(key: str) -> int:
    """CHAT_LIMIT for a chat text, MAIL_LIMIT for one texts.yml already has longer."""
    longest = max(len(example(texts.default_template(key, f), f)) for f in texts.VARIANTS)
    return CHAT_LIMIT if longest <= CHAT_LIMIT else MAIL_LIMIT


def text_problems(key: str, variants: dict[str, str]) -> dict[str, str]:
    """What is wrong with the variants of text `key`, per variant (none: usable)."""
    if key not in texts.load()["texts"]:
        raise UnknownEdit(NO_TEXT)
    needed = placeholders(texts.default_template(key, "u")) - _facts()
    allowed = needed | _facts()
    problems: dict[str, str] = {}
    used: dict[str, set[str]] = {}
    for form, text in variants.items():
        if form not in texts.VARIANTS:
            problems[form] = "Onbekende variant: alleen u, je en en."
            continue
        if not text.strip():
            problems[form] = "Vul een tekst in."
            continue
        try:
            used[form] = written_placeholders(text)
        except ValueError:
            problems[form] = "Een { of } staat los. Schrijf een invulstukje als {naam}."
            continue
        missing, unknown = needed - used[form], used[form] - allowed
        if missing:
            problems[form] = (
                f"Het invulstukje {_names(missing)} ontbreekt; de assistent vult het in."
            )
        elif unknown:
            known = f"Mogelijk: {_names(needed)}" if needed else "Deze tekst heeft er geen"
            problems[form] = (
                f"{_names(unknown)} kent de assistent hier niet. {known}, "
                "naast de gegevens van de organisatie ({org_name}, {org_phone}, …)."
            )
        elif ";" in text:
            problems[form] = "Gebruik geen puntkomma: schrijf korte zinnen."
        elif WRONG_FORM[form][0].search(example(text, form)):
            problems[form] = f"De {form}-tekst gebruikt {WRONG_FORM[form][1]}."
        elif len(example(text, form)) > limit_of(key):
            size, most = len(example(text, form)), limit_of(key)
            problems[form] = f"Te lang: {size} tekens, WhatsApp neemt er hoogstens {most}."
    sets = {form: names for form, names in used.items() if form not in problems}
    if "u" in sets:
        for form, names in sets.items():
            if names != sets["u"]:
                problems[form] = (
                    f"Gebruik dezelfde invulstukjes als de u-tekst: {_names(sets['u'])}."
                )
    return problems


def _facts() -> set[str]:
    return set(texts.organisation_facts())


def _names(names: set[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names))


def set_text(
    *, session: Session, key: str, variants: dict[str, str], staff_id: int | None, now: datetime
) -> list[Edit]:
    """Store the changed variants of `key` (one that equals texts.yml's goes back to the
    default); refused as a whole when one variant is wrong."""
    problems = text_problems(key, variants)
    if problems:
        raise EditRefused(problems)
    edited = live.in_force(session).texts
    made = []
    for form, text in variants.items():
        if text == edited.get((key, form), texts.default_template(key, form)):
            continue
        value = None if text == texts.default_template(key, form) else text
        made.append(record(session, TEXT, f"{key}.{form}", value, staff_id, now))
    return made


def preview(key: str, variants: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Each variant as each channel shows it, with its length and the channel's limit."""
    shown: dict[str, dict[str, Any]] = {}
    for form, text in variants.items():
        try:
            said = example(text, form)
        except (ValueError, KeyError, IndexError, AttributeError):
            said = text
        shown[form] = {
            channel: {"text": said, "length": len(said), "limit": most}
            for channel, most in CHANNEL_LIMITS.items()
        }
    return shown


def effective_texts(overrides: live.Overrides) -> dict[str, Any]:
    """texts.yml with head office's edits in force (texts, button titles, organisation
    facts): the export, in texts.yml's format."""
    document = json.loads(json.dumps(texts.load()))
    for (key, form), text in overrides.texts.items():
        if key in document["texts"]:
            document["texts"][key][form] = text
    for (key, lang), title in overrides.buttons.items():
        if key in document["buttons"]:
            document["buttons"][key][lang] = title
    organisation = document["organisation"]
    for key in {key for key, _ in overrides.facts} & set(organisation):
        said = {
            lang: overrides.facts.get((key, lang)) or texts.default_fact(key, lang)
            for lang in LANGUAGES
        }
        organisation[key] = said["nl"] if said["nl"] == said["en"] else said
    return document


def export_yaml(overrides: live.Overrides) -> str:
    header = (
        "# texts.yml as head office has it now (the edits of the staff console in force).\n"
        "# Put it in place of bot/conversation/texts.yml to make the edits the defaults.\n"
    )
    return header + yaml.safe_dump(
        effective_texts(overrides), allow_unicode=True, sort_keys=False, width=10_000
    )


# the buttons' titles and the organisation's facts (texts.yml), per language


def button_problems(key: str, titles: dict[str, str]) -> dict[str, str]:
    """What is wrong with button `key`'s titles, per language (none: usable). A title
    must fit WhatsApp's button and be no other button's: a typed title means its button."""
    if key not in texts.load()["buttons"]:
        raise UnknownEdit(NO_BUTTON)
    problems: dict[str, str] = {}
    for lang, title in titles.items():
        others = {
            normalise(texts.button(other, lang))
            for other in texts.load()["buttons"]
            if other != key
        }
        if lang not in LANGUAGES:
            problems[lang] = "Onbekende taal: alleen nl en en."
        elif not title.strip():
            problems[lang] = "Vul een titel in."
        elif "\n" in title.strip() or "{" in title or "}" in title:
            problems[lang] = "Een knop is één regel, zonder { }."
        elif len(title.strip()) > BUTTON_LIMIT:
            problems[lang] = (
                f"Te lang: {len(title.strip())} tekens, WhatsApp toont er hoogstens {BUTTON_LIMIT}."
            )
        elif normalise(title) in others:
            problems[lang] = "Een andere knop heeft al deze titel."
    return problems


def normalise(title: str) -> str:
    """A title as a typed one is compared (bot/conversation/buttons.py)."""
    return " ".join(title.lower().split()).rstrip(".!?")


def set_button(
    *, session: Session, key: str, titles: dict[str, str], staff_id: int | None, now: datetime
) -> list[Edit]:
    """Store the changed titles of button `key` (one equal to texts.yml's goes back to it)."""
    problems = button_problems(key, titles)
    if problems:
        raise EditRefused(problems)
    titles = {lang: title.strip() for lang, title in titles.items()}
    return _store_languages(session, BUTTON, key, titles, texts.default_button, staff_id, now)


def fact_problems(key: str, facts: dict[str, str]) -> dict[str, str]:
    """What is wrong with organisation fact `key`, per language (none: usable)."""
    if key not in texts.load()["organisation"]:
        raise UnknownEdit(NO_FACT)
    problems: dict[str, str] = {}
    for lang, fact in facts.items():
        fact = fact.strip()
        if lang not in LANGUAGES:
            problems[lang] = "Onbekende taal: alleen nl en en."
        elif not fact:
            problems[lang] = "Vul een waarde in."
        elif "\n" in fact or "{" in fact or "}" in fact:
            problems[lang] = "Schrijf het op één regel, zonder { }."
        elif len(fact) > FACT_LIMIT:
            problems[lang] = f"Te lang: {len(fact)} tekens, hoogstens {FACT_LIMIT}."
        elif key == "website" and (" " in fact or "." not in fact):
            problems[lang] = "Schrijf een webadres, bijv. www.voorbeeld.nl."
        elif key == "phone" and sum(c.isdigit() for c in fact) < 9:
            problems[lang] = "Dat lijkt geen telefoonnummer."
    return problems


def set_fact(
    *, session: Session, key: str, facts: dict[str, str], staff_id: int | None, now: datetime
) -> list[Edit]:
    """Store the changed values of organisation fact `key` (like `set_button`)."""
    problems = fact_problems(key, facts)
    if problems:
        raise EditRefused(problems)
    facts = {lang: fact.strip() for lang, fact in facts.items()}
    return _store_languages(session, FACT, key, facts, texts.default_fact, staff_id, now)


def _store_languages(
    session: Session,
    kind: str,
    key: str,
    given: dict[str, str],
    default: Any,
    staff_id: int | None,
    now: datetime,
) -> list[Edit]:
    in_force = live.in_force(session)
    edited = in_force.buttons if kind == BUTTON else in_force.facts
    made = []
    for lang, value in given.items():
        if value == edited.get((key, lang), default(key, lang)):
            continue
        kept = None if value == default(key, lang) else value
        made.append(record(session, kind, f"{key}.{lang}", kept, staff_id, now))
    return made


# the update mails (bot/updates/updates.yml): each moment's subject and body


def mail_problems(
    path: str, variants: dict[str, str], defaults: dict[str, dict[str, str]], allowed: set[str]
) -> dict[str, str]:
    """What is wrong with the variants of the mail text `path` (`defaults`: updates.yml's
    texts by path, `allowed`: the values this moment fills in)."""
    if path not in defaults:
        raise UnknownEdit(NO_MAIL)
    needed = placeholders(defaults[path]["u"])
    limit = SUBJECT_LIMIT if path.endswith(".subject") else MAIL_LIMIT
    problems: dict[str, str] = {}
    for form, text in variants.items():
        if form not in texts.VARIANTS:
            problems[form] = "Onbekende variant: alleen u, je en en."
        elif not text.strip():
            problems[form] = "Vul een tekst in."
        elif "\n" in text.strip() and path.endswith(".subject"):
            problems[form] = "Een onderwerp is één regel."
        elif len(text) > limit:
            problems[form] = f"Te lang: {len(text)} tekens, hoogstens {limit}."
        else:
            try:
                used = written_placeholders(text)
            except ValueError:
                problems[form] = "Een { of } staat los. Schrijf een invulstukje als {naam}."
                continue
            if needed - used:
                problems[form] = f"Het invulstukje {_names(needed - used)} ontbreekt."
            elif used - allowed:
                known = _names(allowed)
                problems[form] = f"{_names(used - allowed)} kent de update niet. Mogelijk: {known}."
            elif WRONG_FORM[form][0].search(example(text, form)):
                problems[form] = f"De {form}-tekst gebruikt {WRONG_FORM[form][1]}."
    return problems


def set_mail(
    *,
    session: Session,
    path: str,
    variants: dict[str, str],
    defaults: dict[str, dict[str, str]],
    allowed: set[str],
    staff_id: int | None,
    now: datetime,
) -> list[Edit]:
    """Store the changed variants of the mail text `path` (like `set_text`)."""
    problems = mail_problems(path, variants, defaults, allowed)
    if problems:
        raise EditRefused(problems)
    edited = live.in_force(session).mails
    made = []
    for form, text in variants.items():
        if text == edited.get((path, form), defaults[path][form]):
            continue
        value = None if text == defaults[path][form] else text
        made.append(record(session, MAIL, f"{path}.{form}", value, staff_id, now))
    return made


# opening hours, closure days, keywords, cadence


def set_office_hours(
    *,
    session: Session,
    opens: str,
    closes: str,
    days: list[str],
    staff_id: int | None,
    now: datetime,
) -> Edit:
    problems: dict[str, str] = {}
    times: dict[str, time] = {}
    for name, given in (("opens", opens), ("closes", closes)):
        try:
            times[name] = time.fromisoformat(given.strip())
        except ValueError:
            problems[name] = "Schrijf een tijd als 08:30."
    if not problems and times["opens"] >= times["closes"]:
        problems["closes"] = "De sluitingstijd moet na de openingstijd liggen."
    codes = [code.strip().lower() for code in days if code.strip()]
    if not codes or set(codes) - set(WEEKDAY_CODES):
        problems["days"] = "Kies minstens één dag (ma, di, wo, do, vr, za, zo)."
    if problems:
        raise EditRefused(problems)
    ordered = [code for code in WEEKDAY_CODES if code in codes]
    value = {"opens": opens.strip(), "closes": closes.strip(), "days": ",".join(ordered)}
    return record(session, OFFICE, "hours", json.dumps(value), staff_id, now)


def add_closure(
    *, session: Session, day: date, reason: str, today: date, staff_id: int | None, now: datetime
) -> Edit:
    if day < today:
        raise EditRefused({"day": "Die dag is al voorbij."})
    reason = reason.strip()
    if not reason or len(reason) > 100:
        raise EditRefused({"reason": "Geef een reden van hoogstens 100 tekens, bijv. 'Teamdag'."})
    return record(session, CLOSURE, day.isoformat(), reason, staff_id, now)


def remove_closure(*, session: Session, day: date, staff_id: int | None, now: datetime) -> Edit:
    if day not in live.in_force(session).closures:
        raise UnknownEdit(f"Er is geen sluitingsdag op {day:%d-%m-%Y}.")
    return record(session, CLOSURE, day.isoformat(), None, staff_id, now)


def set_keywords(
    *,
    session: Session,
    topic: str,
    keywords: list[str],
    defaults: dict[str, list[str]],
    staff_id: int | None,
    now: datetime,
) -> Edit:
    """The keywords of a sensitive topic (`defaults`: the code's, by topic)."""
    if topic not in defaults:
        raise UnknownEdit("Dit onderwerp bestaat niet.")
    words = list(dict.fromkeys(" ".join(k.split()).lower() for k in keywords if k.strip()))
    if not words:
        raise EditRefused({"keywords": "Geef minstens één trefwoord."})
    wrong = [w for w in words if len(w) > 60 or not KEYWORD.match(w) or len(w.rstrip("*")) < 3]
    if wrong:
        raise EditRefused(
            {
                "keywords": f"Niet bruikbaar: {', '.join(wrong)}. Een trefwoord is een woord van "
                "minstens drie letters (of een paar woorden), eventueel met * aan het eind."
            }
        )
    value = None if words == defaults[topic] else json.dumps(words, ensure_ascii=False)
    return record(session, KEYWORDS, topic, value, staff_id, now)


def set_cadence(*, session: Session, months: int, staff_id: int | None, now: datetime) -> Edit:
    if not 1 <= months <= MAX_CADENCE_MONTHS:
        raise EditRefused({"months": f"Kies 1 tot en met {MAX_CADENCE_MONTHS} maanden."})
    return record(session, CADENCE, "months", str(months), staff_id, now)


# history


def history(*, session: Session, kind: str, names: list[str], limit: int = 50) -> list[Edit]:
    """The edits of `names` of `kind`, newest first."""
    query = (
        select(Edit)
        .where(Edit.kind == kind, Edit.name.in_(names))
        .order_by(Edit.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def revert(*, session: Session, edit_id: int, staff_id: int | None, now: datetime) -> Edit:
    """Bring back what edit `edit_id` set, as a new edit (checked again: texts.yml may have
    changed since)."""
    earlier = session.get(Edit, edit_id)
    if earlier is None:
        raise UnknownEdit("Deze wijziging bestaat niet (meer).")
    if earlier.value is not None and earlier.kind in (TEXT, BUTTON, FACT):
        key, _, form = earlier.name.rpartition(".")
        check = {TEXT: text_problems, BUTTON: button_problems, FACT: fact_problems}
        problems = check[earlier.kind](key, {form: earlier.value})
        if problems:
            raise EditRefused(problems)
    return record(session, earlier.kind, earlier.name, earlier.value, staff_id, now, earlier.id)


def record(
    session: Session,
    kind: str,
    name: str,
    value: str | None,
    staff_id: int | None,
    now: datetime,
    reverts_id: int | None = None,
) -> Edit:
    """One more edit row: the newest of a (kind, name) is in force, the others its history."""
    edit = Edit(
        kind=kind,
        name=name,
        value=value,
        changed_by_id=staff_id,
        changed_at=now,
        reverts_id=reverts_id,
    )
    session.add(edit)
    session.flush()
    live.expire()
    return edit
