"""The updates file (bot/updates/updates.yml, or UPDATES_FILE): cadence, thresholds, quiet
hours, rates and the texts, read and checked in one place."""

import string
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.texts import read_yaml

DEFAULT_FILE = Path(__file__).with_name("updates.yml")
# the touchpoint surveys (bot/updates/surveys.py): after the welcome, after an offer
# decision, a month after the first day; sent only when the file's `surveys` names them
SURVEY_MOMENTS = ("survey_welcome", "survey_offer", "survey_start")
MOMENTS = (
    "welcome",
    "periodic",
    "estimate_moved",
    "status_changed",
    "offer",
    "offer_deadline",
    "offer_expired",
    "start_near",
    "no_place",
    "ageing_out",
    "birth_question",
    "birth_reminder",
    "first_day",
    *SURVEY_MOMENTS,
)
# {phone} and {hours}: the organisation's (texts.yml), in the message's language
COMMON = {"child", "number", "org", "chat_url", "unsubscribe_url", "phone", "hours"}
PER_MOMENT = {
    "welcome": {"cadence"},
    "periodic": {"estimate", "cadence"},
    "estimate_moved": {"estimate", "before", "after"},
    "status_changed": {"status_text"},
    "offer": {"location", "days", "start", "respond_by", "offer_url"},
    "offer_deadline": {"location", "days", "start", "respond_by", "offer_url"},
    "offer_expired": {"location", "respond_by"},
    "start_near": {"start"},
    "no_place": {"horizon"},
    "ageing_out": {"care_type", "age"},
    "birth_question": {"due"},
    "birth_reminder": {"due"},
    "first_day": {"start", "location", "place", "days", "group", "bring"},
    **{name: {"survey_url"} for name in SURVEY_MOMENTS},
}
FORMS = ("u", "je", "en")
# moments whose texts a file may give per case (each case its own subject and body): the
# estimate moved later (an apology) or earlier (good news)
CASES = {"estimate_moved": ("later", "earlier")}
# sections a file written before them may leave out: the file that comes with the code
# gives them; the placeholders each may use
SECTIONS = {
    "estimate_texts": {"child", "earliest", "latest", "weekdays", "location", "horizon"}
    | {"care_type"},
    "footer": {"child", "org", "url"},
}
STATUS_PLACEHOLDERS = {"child", "phone", "hours"}
# variants a file may leave out, and what is used instead (files written before English)
FALLBACK = {"je": "u", "en": "u"}
# moments a file written before them may leave out: the texts of the file that comes with
# the code are used
LATER_MOMENTS = ("offer", "offer_expired", *SURVEY_MOMENTS)


def configured_path(updates_file: str) -> Path:
    """UPDATES_FILE, or the file that comes with the code."""
    return Path(updates_file) if updates_file else DEFAULT_FILE


class UpdatesConfigError(ValueError):
    """The updates file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Texts:
    subject: dict[str, str]  # per texts variant: u, je, en
    body: dict[str, str]  # per texts variant
    cases: dict[str, "Texts"] = field(default_factory=dict)  # CASES: each case's own texts

    def case(self, name: str | None) -> "Texts":
        """The texts of case `name` (CASES), or these when the file gives none per case."""
        return self.cases.get(name or "", self)


@dataclass(frozen=True)
class Template:
    name: str
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class SurveyTiming:
    """When a survey goes: from `after_days` to `until_days` after its moment (the welcome
    mail, the offer decision, the first day); later it is not sent at all (no survey
    about something long ago, e.g. when surveys are switched on)."""

    after_days: int
    until_days: int


@dataclass(frozen=True)
class UpdatesConfig:
    cadence_months: int
    estimate_shift_months: int
    offer_reminder_days: int
    start_reminder_days: int
    min_days_between: int
    ageing_out_months: int
    birth_question_days: int
    birth_reminder_days: int
    first_day_days: int
    quiet_from: time
    quiet_until: time
    per_minute: dict[str, int]
    retries: int
    moments: dict[str, Texts]
    templates: dict[str, Template]
    status_texts: dict[str, dict[str, str]]  # status: variant: text with {child}
    status_subjects: dict[str, dict[str, str]]  # status: variant: its own subject, if any
    estimate_texts: dict[str, dict[str, str]]  # the estimate in an update, one line per part
    footer: dict[str, str]  # per variant: who sends it, why, and how to stop
    first_day_bring: dict[str, dict[str, str]]  # care type: variant: text with {child}
    # the touchpoint surveys switched on (SURVEY_MOMENTS) and how long their link works
    surveys: dict[str, SurveyTiming] = field(default_factory=dict)
    survey_link_days: int = 30

    def is_quiet(self, moment: time) -> bool:
        if self.quiet_from <= self.quiet_until:
            return self.quiet_from <= moment < self.quiet_until
        return moment >= self.quiet_from or moment < self.quiet_until


def load(path: Path = DEFAULT_FILE) -> UpdatesConfig:
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise UpdatesConfigError(f"{path}: cannot be read: {error}") from error
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise UpdatesConfigError(f"{path}: {error}") from error


def _parse(raw: dict[str, Any]) -> UpdatesConfig:
    quiet_from, quiet_until = (_time(part) for part in str(raw["quiet_hours"]).split("-"))
    given = raw["moments"]
    for name in LATER_MOMENTS:
        if name not in given:
            given[name] = _default_file()["moments"][name]
    moments = {name: _texts(name, given[name]) for name in MOMENTS}
    templates = {
        name: Template(str(t["name"]), tuple(t.get("parameters") or ()))
        for name, t in (raw.get("whatsapp_templates") or {}).items()
    }
    for name, template in templates.items():
        allowed = COMMON | PER_MOMENT.get(name, set())
        unknown = set(template.parameters) - allowed
        if name not in MOMENTS or unknown:
            raise ValueError(f"whatsapp_templates.{name}: unknown moment or values {unknown}")
    numbers = {
        key: int(raw[key])
        for key in (
            "cadence_months",
            "estimate_shift_months",
            "offer_reminder_days",
            "start_reminder_days",
            "min_days_between",
            "ageing_out_months",
            "birth_question_days",
            "birth_reminder_days",
            "first_day_days",
            "retries",
        )
    }
    if numbers["cadence_months"] < 1 or numbers["retries"] < 1:
        raise ValueError("cadence_months and retries must be at least 1")
    status_texts = {
        str(status): _variants(texts.get("text", texts))
        for status, texts in raw["status_texts"].items()
    }
    status_subjects = {
        str(status): _variants(texts["subject"])
        for status, texts in raw["status_texts"].items()
        if "subject" in texts
    }
    sections = {name: raw.get(name) or _default_file()[name] for name in SECTIONS}
    estimate_texts = {str(key): _variants(t) for key, t in sections["estimate_texts"].items()}
    footer = _variants(sections["footer"])
    for key, texts in estimate_texts.items():
        for form, text in texts.items():
            _check(f"estimate_texts.{key} ({form})", text, SECTIONS["estimate_texts"])
    for form, text in footer.items():
        _check(f"footer ({form})", text, SECTIONS["footer"])
    for status, texts in status_subjects.items():
        for form, text in texts.items():
            _check(f"status_texts.{status}.subject ({form})", text, STATUS_PLACEHOLDERS)
    first_day_bring = {
        str(care): _variants(texts) for care, texts in (raw.get("first_day_bring") or {}).items()
    }
    for section, by_key, allowed in (
        ("status_texts", status_texts, STATUS_PLACEHOLDERS),
        ("first_day_bring", first_day_bring, {"child"}),
    ):
        for key, texts in by_key.items():
            for form, text in texts.items():
                _check(f"{section}.{key} ({form})", text, allowed)
    surveys, link_days = _surveys(raw.get("surveys") or {})
    return UpdatesConfig(
        **numbers,
        surveys=surveys,
        survey_link_days=link_days,
        status_texts=status_texts,
        status_subjects=status_subjects,
        estimate_texts=estimate_texts,
        footer=footer,
        first_day_bring=first_day_bring,
        quiet_from=quiet_from,
        quiet_until=quiet_until,
        per_minute={str(k): int(v) for k, v in raw["per_minute"].items()},
        moments=moments,
        templates=templates,
    )


def _surveys(raw: dict[str, Any]) -> tuple[dict[str, SurveyTiming], int]:
    """The `surveys` section: the moments switched on with their days, and the link's
    lifetime. A file without it sends no survey."""
    link_days = int(raw.get("link_days", 30))
    surveys = {}
    for name, timing in raw.items():
        if name == "link_days":
            continue
        if name not in SURVEY_MOMENTS:
            raise ValueError(f"surveys.{name}: not a survey moment ({', '.join(SURVEY_MOMENTS)})")
        after, until = int(timing["after_days"]), int(timing["until_days"])
        if not 0 <= after <= until:
            raise ValueError(f"surveys.{name}: after_days must be 0 or more and until_days later")
        surveys[name] = SurveyTiming(after, until)
    if link_days < 1:
        raise ValueError("surveys.link_days must be at least 1")
    return surveys, link_days


def _time(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def _default_file() -> dict[str, Any]:
    return read_yaml(DEFAULT_FILE)


def _texts(name: str, raw: dict[str, Any]) -> Texts:
    """A moment's texts; for a moment of CASES either one subject and body for every case
    or each case's own (then the first case's are also the moment's)."""
    cases = CASES.get(name, ())
    if cases and "subject" not in raw:
        own = {case: _one_text(f"{name}.{case}", name, raw[case]) for case in cases}
        first = own[cases[0]]
        return Texts(subject=first.subject, body=first.body, cases=own)
    return _one_text(name, name, raw)


def _one_text(where: str, name: str, raw: dict[str, Any]) -> Texts:
    allowed = COMMON | PER_MOMENT[name]
    subject = raw["subject"]
    subjects = _variants(subject if isinstance(subject, dict) else {"u": subject})
    body = _variants(raw["body"])
    for form in FORMS:
        _check(f"moments.{where}.subject ({form})", subjects[form], allowed)
        _check(f"moments.{where}.body ({form})", body[form], allowed)
    return Texts(subject=subjects, body=body)


def _variants(raw: dict[str, Any]) -> dict[str, str]:
    """A text per variant: "u" is required, a missing "je" or "en" is the "u" text."""
    return {form: str(raw.get(form) or raw[FALLBACK.get(form, form)]) for form in FORMS}


def _check(where: str, template: str, allowed: set[str]) -> None:
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from error
    unknown = used - allowed
    if unknown:
        raise ValueError(
            f"{where} uses {{{', '.join(sorted(unknown))}}}; "
            f"allowed here: {', '.join(sorted(allowed))}"
        )
