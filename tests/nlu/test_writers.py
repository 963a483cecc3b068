"""The writers' examples (data/nlu/writers/, docs/nlu.md "Writers"): one file per writer,
named for the writer and the language, covering every intent the contract names, never
repeating a held-out example (the held-out sets must stay unseen by training). The unseen
writers' files (tests/nlu/unseen_writers/) measure the trained model on people nobody
trained for: none of their examples may be in the training data."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WRITERS = sorted((ROOT / "data" / "nlu" / "writers").glob("*.yml"))
UNSEEN = sorted((ROOT / "tests" / "nlu" / "unseen_writers").glob("*.yml"))
TRAINING = sorted((ROOT / "data" / "nlu").rglob("*.yml"))
HELDOUT = [ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "nlu" / "heldout_en.yml"]
CONTRACT_INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "ask_placement_status",
    "ask_waitlist_position", "ask_response_time", "ask_availability",
    "ask_registration_process", "change_registration", "cancel_registration",
    "ask_placement_policy", "ask_offer", "ask_costs", "request_human", "complain", "inform",
    "bot_challenge", "out_of_scope",
}  # fmt: skip
ENTITIES = {"registration_number", "child_name", "date", "location", "care_type", "weekday"}
ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
AT_LEAST = 10  # examples per intent and writer


def examples(path: Path) -> dict[str, list[str]]:
    """Intent -> its examples as written (annotations included)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for block in document["nlu"]:
        if "intent" in block:
            lines = [line.strip() for line in block["examples"].splitlines()]
            found[block["intent"]] = [line[2:] for line in lines if line.startswith("- ")]
    return found


def plain(example: str) -> str:
    return ANNOTATION.sub(r"\1", example).strip().lower()


def test_there_are_several_writers_in_each_language() -> None:
    languages = [path.stem.rsplit("_", 1)[-1] for path in WRITERS]
    assert set(languages) == {"nl", "en"}, languages
    assert languages.count("nl") >= 3 and languages.count("en") >= 2


@pytest.mark.parametrize("path", WRITERS + UNSEEN, ids=[p.stem for p in WRITERS + UNSEEN])
def test_a_writer_covers_every_contract_intent(path: Path) -> None:
    written = examples(path)
    counts = {intent: len(written.get(intent, [])) for intent in CONTRACT_INTENTS}
    thin = {intent: n for intent, n in counts.items() if n < AT_LEAST}
    assert not thin, thin


@pytest.mark.parametrize("path", WRITERS + UNSEEN, ids=[p.stem for p in WRITERS + UNSEEN])
def test_annotations_use_the_contract_entities(path: Path) -> None:
    used = {
        entity
        for intent_examples in examples(path).values()
        for example in intent_examples
        for _, entity in ANNOTATION.findall(example)
    }
    assert used <= ENTITIES, used - ENTITIES


def test_no_writer_repeats_a_heldout_example() -> None:
    heldout = {plain(e) for path in HELDOUT for es in examples(path).values() for e in es}
    repeated = {
        (path.stem, plain(e))
        for path in WRITERS
        for es in examples(path).values()
        for e in es
        if plain(e) in heldout and len(plain(e).split()) > 2  # "ja", "hoi doei" are everyone's
    }
    assert not repeated, repeated


def test_the_unseen_writers_stay_out_of_the_training_data() -> None:
    """Everyday sentences coincide ("ben jij een robot?", "kosten bso"); a file copied into
    the training data would make their figure meaningless: of the examples of more than two
    words, at most one in seven may be there (all of them would be)."""
    assert UNSEEN, "no unseen writer's file"
    trained = {
        plain(e)
        for path in TRAINING
        if "nlu" in (yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        for es in examples(path).values()
        for e in es
    }
    for path in UNSEEN:
        written = [plain(e) for es in examples(path).values() for e in es]
        longer = [e for e in written if len(e.split()) > 2]
        repeated = [e for e in longer if e in trained]
        assert len(repeated) <= len(longer) / 7, (path.stem, len(repeated), repeated[:5])
