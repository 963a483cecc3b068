"""The channels' own words as head office edited them in the console: the Rasa process
reads the newest edit of each text, button title and organisation fact from the
application's database (bot/channels/edited_texts.py); an edit set back to the default,
or a database it cannot read, leaves texts.yml's words. A typed title is read as its
button, the edited one and texts.yml's."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.channels import guard
from bot.channels.edited_texts import EditedTexts
from bot.conversation import buttons, texts
from bot.conversation.buttons import intents_by_title
from bot.nlu.exact_messages import ExactMessageClassifier

# the columns bot/db/migrations/versions/0005_console_edits.py makes (Alembic is not in
# the Rasa environment)
TABLE = (
    "CREATE TABLE console_edits (id INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
    "name VARCHAR(120) NOT NULL, value TEXT, changed_by_id INTEGER, "
    "changed_at TIMESTAMP NOT NULL, reverts_id INTEGER)"
)
EDIT = text(
    "INSERT INTO console_edits (kind, name, value, changed_at) "
    "VALUES (:kind, :name, :value, '2026-12-07 10:00:00')"
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'placement.db'}")
    with engine.begin() as connection:
        connection.execute(text(TABLE))
    yield engine
    texts.use_overrides(None)
    engine.dispose()


def edit(engine: Engine, name: str, value: str | None, kind: str = "text") -> None:
    with engine.begin() as connection:
        connection.execute(EDIT, {"kind": kind, "name": name, "value": value})


def test_the_newest_edit_of_a_text_is_what_the_channel_says(database: Engine) -> None:
    default = guard.waiting_note("u")["text"]
    texts.use_overrides(EditedTexts(database, max_age=0))
    assert guard.waiting_note("u")["text"] == default

    edit(database, "handoff_waiting.u", "Uw bericht is binnen. Een medewerker leest het zo.")
    edit(database, "handoff_waiting.en", "Got it. One of our team will read it soon.")
    edit(database, "handoff_waiting.en", "Your message is in. Someone will read it soon.")
    edit(database, "office", '{"opens": "09:00"}', kind="office")

    assert guard.waiting_note("u")["text"] == "Uw bericht is binnen. Een medewerker leest het zo."
    assert guard.waiting_note("en")["text"] == "Your message is in. Someone will read it soon."
    edit(database, "handoff_waiting.u", None)  # back to texts.yml
    assert guard.waiting_note("u")["text"] == default


def test_a_database_without_the_table_leaves_texts_yml(tmp_path: Path) -> None:
    empty = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    texts.use_overrides(EditedTexts(empty, max_age=0))
    try:
        assert guard.waiting_note("je")["text"] == texts.default_template("handoff_waiting", "je")
    finally:
        texts.use_overrides(None)


def test_an_edited_button_title_is_shown_and_read_as_its_button_when_typed(
    database: Engine,
) -> None:
    classifier = ExactMessageClassifier(intents_by_title())  # as Rasa made it at its start
    texts.use_overrides(EditedTexts(database, max_age=0))
    edit(database, "talk_to_person.nl", "Iemand spreken", kind="button")
    edit(database, "phone.nl", "030 765 43 21", kind="fact")

    assert buttons.button("talk_to_person", "u")["title"] == "Iemand spreken"
    assert texts.organisation_facts("u")["org_phone"] == "030 765 43 21"
    assert texts.organisation_facts("en")["org_phone"] == texts.default_fact("phone", "en")
    for typed in ("iemand spreken", "Medewerker spreken"):  # the new title, and the old one
        (message,) = classifier.process([Message(data={TEXT: typed})])
        assert message.get(INTENT)["name"] == "request_human"
