"""Messages the bot did not understand: grouped, labelled and exported as training data
with no personal data left in them, in a file Rasa reads."""

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session

from bot.reporting.nlu_review import anonymise, group, label, training_yaml
from bot.waitlist.importer import import_directory
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.stack import ROOT

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    "INS-000001,Mila,2025-09-01,Sanne,sanne@example.nl,+31612345678,kdv,UTR-ZON,ma,"
    "2026-02-01,2025-03-01,none,waiting\n"
)
PARENT_WROTE = (
    "hoi, mila (INS-000001) geboren 01-09-2025 wordt 1 sept opgehaald door oma, "
    "mail sanne@example.nl of bel 06 1234 5678"
)


def test_personal_data_becomes_placeholders_and_entities() -> None:
    text = anonymise(PARENT_WROTE, {"Mila"})

    for personal in ("mila", "000001", "01-09-2025", "sanne", "5678"):
        assert personal not in text.lower()
    assert "[Sam](child_name)" in text and "[INS-123456](registration_number)" in text
    assert "[12-03-2025](date)" in text and "ouder@voorbeeld.nl" in text


@pytest.mark.parametrize(
    ("wrote", "personal"),
    [
        ("qwzx vlorp BSN 123456782", "123456782"),
        ("mijn bsn is 12345678", "12345678"),
        ("plonk 06.12.34.56.78", "56.78"),
        ("bel (020) 123 45 67", "45 67"),
        ("bel +31 (0)6 1234 5678", "5678"),
        ("iban NL91 ABNA 0417 1643 00", "1643"),
    ],
)
def test_bsn_phone_numbers_in_any_notation_and_ibans_are_masked_whole(
    wrote: str, personal: str
) -> None:
    """What management read as "anonymised" (the dashboard's not-understood list)."""
    text = anonymise(wrote, set())
    assert personal not in text and text.split()[-1] in ("0600000000", "NL00BANK0000000000")


def test_dates_stay_dates_beside_the_numbers() -> None:
    assert anonymise("van 01-09-2025 tot 2025-10-02, 1.000 euro", set()) == (
        "van [12-03-2025](date) tot [12-03-2025](date), 1.000 euro"
    )


def test_alike_messages_form_one_group_the_largest_first() -> None:
    groups = group(
        ["wat kost een uur?", "Wat kost een uur", "wat kost 1 uur", "mag de hond mee"], set()
    )

    assert [(g.text, g.count) for g in groups] == [("wat kost een uur?", 3), ("mag de hond mee", 1)]
    assert groups[0].examples == ["wat kost een uur?", "Wat kost een uur", "wat kost 1 uur"]


@pytest.mark.integration  # `rasa data validate`, in the Rasa environment
def test_labels_are_stored_anonymised_and_exported_as_rasa_reads_them(
    db_session: Session, tmp_path: Path
) -> None:
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    labels = [
        label(session=db_session, text=PARENT_WROTE, intent="inform", staff_id=1, now=NOW),
        label(
            session=db_session,
            text="kan Mila eerder?",
            intent="change_registration",
            staff_id=1,
            now=NOW,
        ),
    ]
    exported = training_yaml(labels)

    assert "Mila" not in exported and "INS-000001" not in exported
    assert yaml.safe_load(exported)["nlu"][1]["intent"] == "inform"
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    (labelled / "nlu.yml").write_text(exported)
    # beside the project's own training data, as the next training run would read it
    validated = subprocess.run(
        [
            *(str(ROOT / ".venv/rasa/bin/rasa"), "data", "validate", "--fail-on-warnings"),
            *("--domain", str(ROOT / "domain.yml"), "--config", str(ROOT / "config.yml")),
            *("--data", str(ROOT / "data"), str(labelled)),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout[-2000:] + validated.stderr[-2000:]
