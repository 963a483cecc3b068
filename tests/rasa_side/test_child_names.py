"""Children's names found from where they stand (bot.nlu.child_names): names the model
never saw, in the places parents put them, and none of the words that only look like one.
The names here are not in the training data's lookup of first names."""

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.child_names import ChildNameExtractor, NameFinder, lower_case_words

# everyday words the training data writes in lower case; the places of the lookup tables
FINDER = NameFinder(
    common=["plek", "inschrijving", "kinderdagverblijf", "daycare", "register"],
    places=["De Boomhut", "Boomhut", "Het Zonnetje", "De Kleine Reus", "Kleine Reus", "Utrecht"],
)


def names(text: str) -> list[str]:
    return [text[start:end] for start, end in FINDER.spans(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("is er al plek voor mijn zoon Zoltan?", "Zoltan"),
        ("Mijn dochter Quirine staat op de wachtlijst", "Quirine"),
        ("Zoltan is in maart geboren", "Zoltan"),
        ("hoe staat het met Quirine (2)?", "Quirine"),
        ("naam: Zoltan", "Zoltan"),
        ("ze heet Quirine", "Quirine"),
        ("Is there a place for our daughter Ottilie yet?", "Ottilie"),
        ("for my son Bartholomew, daycare at De Boomhut", "Bartholomew"),
        ("is Zoltan al geplaatst?", "Zoltan"),
        ("has Ottilie got a place?", "Ottilie"),
        ("can we move Ottilie's start date?", "Ottilie"),
        ("de inschrijving van Quirine graag stoppen", "Quirine"),
        ("how many kids are ahead of Ottilie?", "Ottilie"),
        ("I registered Bartholomew last year", "Bartholomew"),
        ("hoe kan ik Zoltan aanmelden", "Zoltan"),
        ("Zoltan", "Zoltan"),
        ("onze oudste, Quirine, zit al op de bso", "Quirine"),
        ("voor Oisín-Óg graag", "Oisín-Óg"),
    ],
)
def test_a_name_never_seen_is_found_where_parents_put_it(text: str, name: str) -> None:
    assert names(text) == [name]


def test_two_children_named_together_are_both_found() -> None:
    assert names("De namen van de kinderen zijn Zoltan en Quirine.") == ["Zoltan", "Quirine"]


@pytest.mark.parametrize(
    "text",
    [
        "is er plek voor Maandag?",  # a weekday
        "vanaf September graag",  # a month
        "is er plek bij De Boomhut voor Utrecht",  # a location and a city
        "voor Kleine Reus graag",  # a location without its article
        "is er plek voor BSO?",  # an abbreviation
        "Hallo",  # a greeting
        "Inschrijving is gelukt",  # an everyday word the training data writes in lower case
        "voor Kerst nog?",  # a holiday
        "Goedemorgen, mijn naam is Maarten de Vries.",  # the parent
        "ik heet Sharon",  # the parent
        "wat is de hoofdstad van Frankrijk",  # "van" after no child's thing
        "is er plek voor mijn zoon?",  # no name at all
        "I didn't register, I'm just looking",
    ],
)
def test_words_that_only_look_like_a_name_are_not_one(text: str) -> None:
    assert names(text) == []


def _process(text: str, entities: list[dict]) -> list[dict]:
    message = Message({TEXT: text, ENTITIES: entities})
    ChildNameExtractor(FINDER, None, None).process([message])  # type: ignore[arg-type]
    return message.get(ENTITIES)


def test_a_name_is_added_where_no_other_entity_stands() -> None:
    text = "is er plek voor Zoltan op woensdag?"
    weekday = {"entity": "weekday", "value": "wo", "start": 25, "end": 33}
    found = _process(text, [weekday])
    assert found[0] == {
        "entity": "child_name",
        "value": "Zoltan",
        "start": 16,
        "end": 22,
        "extractor": "ChildNameExtractor",
    }
    assert found[1] == weekday


def test_an_entity_the_model_found_is_left_as_it_was() -> None:
    text = "is er plek voor Zoltan?"
    diet = {"entity": "child_name", "value": "Zoltan", "start": 16, "end": 22}
    assert _process(text, [diet]) == [diet]
    location = {"entity": "location", "value": "Zoltan", "start": 16, "end": 22}
    assert _process(text, [location]) == [location]


def test_training_reads_the_stories_messages_whose_entities_have_no_place() -> None:
    story = Message({TEXT: "INS-004217", ENTITIES: [{"entity": "registration_number"}]})
    example = Message(
        {
            TEXT: "is er plek voor Zoltan",
            ENTITIES: [{"entity": "child_name", "start": 16, "end": 22}],
        }
    )
    assert lower_case_words(TrainingData([story, example])) == {"is", "er", "plek", "voor"}
