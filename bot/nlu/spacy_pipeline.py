"""Builds the Dutch spaCy pipeline that Rasa's SpacyNLP loads from a path.

No pretrained Dutch model is on PyPI, so the pipeline is `spacy.blank("nl")` with the
lookup lemmatizer whose tables come from the installed `spacy-lookups-data` package; the
tables are stored inside the saved pipeline, so nothing is fetched at run time.

spacy-lookups-data's Dutch `lemma_lookup` table holds mostly rare derived forms; the common
irregular words ("kinderen", "hoor", "staat") sit in the per-part-of-speech exception
tables meant for the rule lemmatizer, which needs a tagger we do not have. Without a tagger
we fold those exceptions into the lookup table, except for words that are lemmas themselves.
"""

import sys
from pathlib import Path

import spacy
from spacy.lookups import load_lookups

POS_PRIORITY = ("det", "pron", "adp", "adv", "verb", "noun", "adj")


def build() -> "spacy.language.Language":
    nlp = spacy.blank("nl")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    tables = load_lookups("nl", ["lemma_exc", "lemma_index"])
    exceptions = tables.get_table("lemma_exc")
    # a word that is itself a lemma ("mijn", "hebben", "plek") stays as it is
    known_lemmas = {word for words in tables.get_table("lemma_index").values() for word in words}
    for pos in reversed(POS_PRIORITY):
        for form, lemmas in exceptions.get(pos, {}).items():
            if lemmas and form not in known_lemmas:
                table[form] = lemmas[0]
    return nlp


def main(target: str) -> None:
    nlp = build()
    Path(target).mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    lemmas = [token.lemma_ for token in nlp("Hoe staat het met de inschrijving van mijn kinderen?")]
    print(f"saved Dutch pipeline to {target} (lemmas: {' '.join(lemmas)})")


if __name__ == "__main__":
    main(sys.argv[1])
