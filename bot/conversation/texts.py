"""The assistant's words: texts.yml holds every parent-facing text and the organisation's
facts; `say` picks the variant (formal "u", informal "je" or English "en") and fills it in.
Dates, lists and names in the same variant: bot/conversation/formats.py."""

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.formats import ENGLISH, language
from bot.shared.config import Organisation, Storage, read

TEXTS_FILE = Path(__file__).with_name("texts.yml")
VARIANTS = ("u", "je", "en")

# head office's edits of the texts, (key, variant): text, when the process reads them
# (bot/edits/live.py; this module runs in the Rasa process too, which knows no database);
# a button's title is under (BUTTON + key, language), an organisation fact under
# (FACT + key, language), language "nl" or "en"
Overrides = Callable[[], Mapping[tuple[str, str], str]]
_overrides: Overrides | None = None
BUTTON, FACT = "button:", "org:"
# an edit's kind (bot/edits/models.py) -> the prefix of its key in the overrides
EDIT_PREFIXES = {"text": "", "button": BUTTON, "fact": FACT}


def override_key(kind: str, name: str) -> tuple[str, str]:
    """Where an edit of `kind` named "<key>.<variant>" goes in the overrides."""
    key, _, variant = name.rpartition(".")
    return EDIT_PREFIXES[kind] + key, variant


def use_overrides(source: Overrides | None) -> None:
    """Read edited texts from `source` from now on (None: texts.yml only)."""
    global _overrides
    _overrides = source


class _UniqueKeys(yaml.SafeLoader):
    """YAML keeps the last of two equal keys without a word; two writers adding the same
    text key must fail loudly instead."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"texts: key(s) given twice: {', '.join(repeated)} {node.start_mark}")
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Any:
    """A texts file, refusing repeated keys."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # noqa: S506


@lru_cache
def load(path: Path = TEXTS_FILE) -> dict[str, Any]:
    return read_yaml(path)


def organisation_facts(form: str = "u") -> dict[str, str]:
    """The facts in texts.yml in the variant's language, and how long conversations are
    kept (a setting: the privacy notice must say what `purge` does)."""
    edited = _overrides() if _overrides else {}
    lang = language(form)
    facts = {
        f"org_{key}": edited.get((FACT + key, lang)) or default_fact(key, lang)
        for key in load()["organisation"]
    }
    facts["org_retention_days"] = str(read(Storage).transcript_retention_days)
    # a setting, not a text: the mails are sent from it too (bot/mail/sending.py)
    facts["org_email"] = read(Organisation).organisation_email
    return facts


def organisation_name(configured: str, form: str = "u") -> str:
    """The organisation's name where the setting ORGANISATION_NAME (`configured`) gives
    it (update mails, the code mail): head office's edit of the name, if they made one."""
    edited = _overrides() if _overrides else {}
    return edited.get((FACT + "name", language(form))) or configured


def default_fact(key: str, lang: str) -> str:
    """The organisation fact `key` as texts.yml gives it in language `lang` (nl, en)."""
    value = load()["organisation"][key]
    return str(value[lang] if isinstance(value, dict) else value)


def variant(spoken: str | None, address_form: str | None = None) -> str:
    """The variant a parent reads: English when the conversation speaks English (`spoken`
    is "en"), else the organisation's form of address (`address_form`, by default the
    configured one). Every text to a parent, whatever sends it, picks its variant here."""
    if spoken == ENGLISH:
        return ENGLISH
    return address_form or read(Organisation).address_form


def default_template(key: str, form: str = "u") -> str:
    """The text `key` of texts.yml unfilled: the variant's, else the formal one (a text
    without a "je" version is the same in both forms of address)."""
    variants = load()["texts"][key]
    return variants.get(form) or variants["u"]


def template(key: str, form: str = "u") -> str:
    """The text `key` unfilled as head office has it now: their edit of the variant, else
    texts.yml's (a variant texts.yml does not give follows the formal text, edited or not)."""
    edited = _overrides() if _overrides else {}
    if edited.get((key, form)):
        return edited[(key, form)]
    variants = load()["texts"][key]
    return variants.get(form) or edited.get((key, "u")) or variants["u"]


def say(key: str, form: str = "u", **values: object) -> str:
    """The text `key` in variant `form`, with organisation facts and `values` filled in."""
    return template(key, form).format(**organisation_facts(form), **values)


def button(key: str, form: str = "u") -> str:
    """A button's title in the variant's language, as head office has it now."""
    edited = _overrides() if _overrides else {}
    lang = language(form)
    return edited.get((BUTTON + key, lang)) or default_button(key, lang)


def default_button(key: str, lang: str) -> str:
    """A button's title as texts.yml gives it in language `lang` (nl, en)."""
    return load()["buttons"][key][lang]
