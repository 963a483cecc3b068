"""The Dutch pipeline that config.yml's SpacyNLP loads."""

from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration  # loads the built pipeline (make spacy-model)


def test_saved_pipeline_lemmatizes_common_dutch_words() -> None:
    nlp = spacy.load(ROOT / "models" / "spacy-nl")
    lemmas = [t.lemma_ for t in nlp("We kregen een aanbod, de wachtlijsten, verhuisd")]
    assert lemmas == ["we", "krijgen", "een", "aanbod", ",", "de", "wachtlijst", ",", "verhuizen"]


def test_pipeline_keeps_words_that_are_lemmas_themselves() -> None:
    nlp = spacy.load(ROOT / "models" / "spacy-nl")
    assert [t.lemma_ for t in nlp("mijn plek hebben")] == ["mijn", "plek", "hebben"]


def test_config_loads_the_built_pipeline_from_a_path() -> None:
    config = (ROOT / "config.yml").read_text()
    assert "model: models/spacy-nl" in config
