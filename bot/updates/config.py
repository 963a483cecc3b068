"""The updates file (bot/updates/updates.yml, or UPDATES_FILE): cadence, thresholds, quiet
hours, rates and the texts, read and checked in one place."""

import string
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).with_name("updates.yml")
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
)
COMMON = {"child", "number", "org", "chat_url", "unsubscribe_url"}
PER_MOMENT = {
    "welcome": set(),
    "periodic": {"estimate"},
    "estimate_moved": {"estimate", "before"},
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
}
FORMS = ("u", "je", "en")
# variants a file may leave out, and what is used instead (files written before English)
FALLBACK = {"je": "u", "en": "u"}
# moments a file written before them may leave out: the texts of the file that comes with
# the code are used
LATER_MOMENTS = ("offer", "offer_expired")


def configured_path(updates_file: str) -> Path:
    """UPDATES_FILE, or the file that comes with the code."""
    return Path(updates_file) if updates_file else DEFAULT_FILE


class UpdatesConfigError(ValueError):
    """The updates file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Texts:
    subject: dict[str, str]  # per texts variant: u, je, en
    body: dict[str, str]  # per texts variant


@dataclass(frozen=True)
class Template:
    name: str
    parameters: tuple[str, ...]


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
    first_day_bring: dict[str, dict[str, str]]  # care type: variant: text with {child}

    def is_quiet(self, moment: time) -> bool:
        if self.quiet_from <= self.quiet_until:
            return self.quiet_from <= moment < self.quiet_until
        return moment >= self.quiet_from or moment < self.quiet_until


def load(path: Path = DEFAULT_FILE) -> UpdatesConfig:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
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
            given[name] = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))["moments"][name]
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
    status_texts = {str(status): _variants(texts) for status, texts in raw["status_texts"].items()}
    first_day_bring = {
        str(care): _variants(texts) for care, texts in (raw.get("first_day_bring") or {}).items()
    }
    for section, by_key in (("status_texts", status_texts), ("first_day_bring", first_day_bring)):
        for key, texts in by_key.items():
            for form, text in texts.items():
                _check(f"{section}.{key} ({form})", text, {"child"})
    return UpdatesConfig(
        **numbers,
        status_texts=status_texts,
        first_day_bring=first_day_bring,
        quiet_from=quiet_from,
        quiet_until=quiet_until,
        per_minute={str(k): int(v) for k, v in raw["per_minute"].items()},
        moments=moments,
        templates=templates,
    )


def _time(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def _texts(name: str, raw: dict[str, Any]) -> Texts:
    allowed = COMMON | PER_MOMENT[name]
    subject = raw["subject"]
    subjects = _variants(subject if isinstance(subject, dict) else {"u": subject})
    body = _variants(raw["body"])
    for form in FORMS:
        _check(f"moments.{name}.subject ({form})", subjects[form], allowed)
        _check(f"moments.{name}.body ({form})", body[form], allowed)
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
