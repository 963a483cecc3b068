"""NLU component: a child's first name found from where it stands, also a name never seen.

DIET learns names from the words it saw; parents name children DIET never saw (Amaya,
Djenairo, Oisín), and the cross-writer benchmark showed that most missed entities are
such names (docs/nlu.md). Parents put a name in a few places: after the child ("mijn
zoon Jaylen", "our daughter Anaya"), after a naming word ("ze heet Fien", "naam: Yusuf",
"her name is Maya"), after "voor", "van", "for", "about" ("is er plek voor Amaya?"),
after a verb that asks about it ("is Liam al geplaatst?", "has Maya got a place?"),
before a verb or a birth ("Teun is 5", "Floris, geboren…", "Anaya's place", "Noor (2)"),
or alone as the whole message. A capitalised word (or two) in such a place becomes a
`child_name` where no other entity stands, unless it is something else a parent
capitalises: a stop word, a greeting, a month, a weekday, a holiday, a care type, an
abbreviation, a location or a city of the lookup tables, or a word the training data
writes in lower case (an everyday word, not a name). No list of names: the names the
writers used stay unseen, so the cross-writer benchmark measures generalisation.
Runs after DIET and before the synonyms and ContractEntityValues.
"""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH_STOP_WORDS

from bot.shared.dutch_dates import MONTHS, WEEKDAYS

NAME = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
WORD = re.compile(NAME)
# the child: "mijn zoon Jaylen", "onze oudste, Julia", "our little one Leo"
KIN = (
    r"zoon(?:tje|lief)?|dochter(?:tje|lief)?|kind(?:je)?|kleinzoon|kleindochter|kleinkind"
    r"|broertje|zusje|neefje|nichtje|tweeling|oudste|jongste|middelste|baby|meisje|jongetje"
    r"|mannetje|ventje|peuter|dreumes"
    r"|son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|little one|toddler"
    r"|twins?|eldest|oldest|youngest|nephew|niece|little (?:brother|sister)"
    r"|(?:baby|younger) (?:brother|sister)"
)
# "ze heet Fien", "naam: Yusuf", "child is Maya" (not "mijn naam is", "ik heet": the parent)
NAMING = (
    r"heet|heten|genaamd|(?:naam|name|voornaam|first name)(?: is|:|=)|named|called"
    r"|(?:kind|child|kid)(?: is|:)|(?:namen|names) (?:zijn|are)|kinderen zijn|children are"
    r"|gaat om|gaat over|is about|op naam van|in the name of"
)
PARENT_NAMING = re.compile(r"(?i:\b(?:mijn|my|ik|i|i'm|i am)\s+)$")
# "voor Amaya", "for Anaya", "bericht over Fien", "same as Kuba"
PREPOSITION = r"voor|for|about|over|as"
# "van" and "of" only after what a child has: "de inschrijving van Teun", not "de hoofdstad
# van Frankrijk"
BELONGING = (
    r"inschrijving|aanmelding|registratie|aanvraag|startdatum|begindatum|plek|plekje|plaats"
    r"|dagen|nummer|inschrijfnummer|naam|oma|opa|moeder|vader|mama|papa|ouders|opvang|bso|kdv"
    r"|peuteropvang|broertje|zusje|geboortedatum|aanbod|contract"
    r"|registration|application|place|spot|start date|days|number|name|mother|father|mum|mom"
    r"|dad|parents?|grandmother|grandma|grandfather|brother|sister|birthday|offer|status"
    r"|wachtlijst|waitlist|ahead"
)
OF = rf"(?:{BELONGING})\s+(?:van|of)"
# a verb that asks about the child or acts on it: "is Liam al geplaatst?", "has Maya got",
# "I registered Arjun", "haal Teun van de lijst", "kan ik Fien aanmelden"
VERB = (
    r"is|staat|heeft|zit|gaat|kan|mag|moet|wordt|komt|krijgt|wil|heb|had|hebben|hadden"
    r"|schrijf|zet|haal|meld|ingeschreven|aangemeld"
    r"|has|was|will|can|does|did|could|would|should|hasn't|isn't|won't|can't"
    r"|registered|register|enrolled|enroll|enrol|sign up|signed up|put|take|took|remove"
    r"|unsubscribe|keep|need|cancel|withdraw|move|bring"
    r"|ik|we|wij|jij|je|u|jullie|ge|gij"
)
BEFORE = re.compile(
    rf"(?:^|(?<=[\s,(]))(?i:(?P<cue>{KIN}|{NAMING}|{PREPOSITION}|{OF}|{VERB}))"
    rf"\s*[,:]?\s+(?=(?P<name>{NAME}(?:\s+{NAME})?))"
)
# after the name: a verb, a birth, an age in brackets, a possessive with what a child has
AFTER_NAME = (
    r"is|staat|heeft|zit|gaat|wil|kan|moet|mag|wordt|komt|krijgt|blijft|was|werd"
    r"|has|have|will|can|needs|need|turns|gets|get|got|starts|start|goes|go|started|stays"
    r"|hasn't|isn't|wasn't|doesn't|al"
)
POSSESSED = (
    r"registration|place|spot|start|application|status|position|older|younger|little|big"
    r"|brother|sister|name|birthday|birth|date|offer|contract|days|number|first|daycare|bso"
    r"|kdv|creche|nursery|waitlist|wachtlijst|plek|inschrijving"
)
AFTER = re.compile(
    rf"(?:^|(?<=[\s,(]))(?=(?P<name>{NAME}(?:\s+{NAME})?)"
    rf"(?:['’]s\s+(?i:{POSSESSED})\b|\s*\(\s*\d|\s*,?\s+(?i:geboren|geb\.|born|is geboren"
    rf"|was born|is born)\b|\s+(?i:{AFTER_NAME})\b))"
)
POSSESSIVE = re.compile(r"['’]s$")
ALONE = re.compile(rf"^\s*(?P<name>{NAME}(?:\s+{NAME})?)\s*[.!?]*\s*$")
# "en Sanne", "and Leo" after a name found
AND = re.compile(rf"^\s*(?:en|and|&|,)\s+(?P<name>{NAME})")
# capitalised words that are not names and need not be in the training data
NOT_NAMES = frozenset(
    {
        *DUTCH_STOP_WORDS,
        *ENGLISH_STOP_WORDS,
        *MONTHS,
        *WEEKDAYS,
        *("ma", "di", "wo", "do", "vr", "za", "zo", "mon", "tue", "wed", "thu", "fri"),
        *("hoi", "hallo", "hey", "hi", "hello", "moi", "goedemorgen", "goedemiddag"),
        *("goedenavond", "goeiemorgen", "goeiemiddag", "dag", "doei", "houdoe", "groetjes"),
        *("morning", "afternoon", "evening", "dear", "thanks", "thank", "bedankt", "dank"),
        *("sorry", "ok", "oke", "oké", "okay", "ja", "nee", "yes", "no", "graag", "please"),
        *("kerst", "kerstmis", "pasen", "pinksteren", "sinterklaas", "carnaval", "ramadan"),
        *("suikerfeest", "offerfeest", "christmas", "easter", "halloween", "zomer", "summer"),
        *("mama", "papa", "mam", "pap", "oma", "opa", "mum", "mom", "dad", "daddy", "mummy"),
        *("grandma", "granny", "nan", "grandpa", "juf", "meester", "mevrouw", "meneer"),
        *("kinderopvang", "kinderdagverblijf", "dagopvang", "peuteropvang", "daycare"),
        *("nederlands", "engels", "dutch", "english", "nederland", "netherlands", "holland"),
        *("god", "jezus", "allah", "whatsapp", "facebook", "messenger", "google"),
        *("merhaba", "salaam", "salam", "hola", "bonjour", "ciao", "odi", "slán", "cześć"),
    }
)


def words_of(phrase: str) -> list[str]:
    return [word.lower() for word in WORD.findall(phrase)]


class NameFinder:
    """Finds children's names in a text; `common` holds everyday words (lower case),
    `places` the words of locations and cities."""

    def __init__(self, common: Iterable[str] = (), places: Iterable[str] = ()) -> None:
        self.common = frozenset(common)
        self.places = [tuple(words_of(place)) for place in places if words_of(place)]

    def is_name(self, word: str) -> bool:
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            return False  # lower case, or an abbreviation ("BSO", "INS")
        lowered = word.lower()
        bare = re.sub(r"['’](?:s|m|re|ll|d|ve)$", "", lowered)
        return not ({lowered, bare} & (NOT_NAMES | self.common))

    def starts_a_place(self, text: str, start: int) -> bool:
        """Whether a location or city begins at `start` ("Kleine Reus", "Utrecht")."""
        ahead = words_of(text[start : start + 80])
        return any(tuple(ahead[: len(place)]) == place for place in self.places)

    def name_at(self, text: str, start: int, phrase: str) -> tuple[int, int] | None:
        """The span of the name (one or two words) beginning at `start`, if it is one."""
        first, *rest = phrase.split()
        if POSSESSIVE.search(first):  # "Anaya's place": the name without its 's
            first, rest = POSSESSIVE.sub("", first), []
        if not self.is_name(first) or self.starts_a_place(text, start):
            return None
        end = start + len(first)
        if (
            rest
            and self.is_name(rest[0])
            and not self.starts_a_place(text, text.index(rest[0], end))
        ):
            end = text.index(rest[0], end) + len(rest[0])
        return start, end

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = dict.fromkeys(self._candidates(text))
        for _, end in list(found):
            more = AND.match(text[end:])
            if more and self.is_name(more["name"]):
                begin = end + more.start("name")
                if not self.starts_a_place(text, begin):
                    found.setdefault((begin, begin + len(more["name"])))
        kept: list[tuple[int, int]] = []
        for span in sorted(found, key=lambda s: (s[0], -s[1])):
            if not any(span[0] < end and start < span[1] for start, end in kept):
                kept.append(span)
        return kept

    def _candidates(self, text: str) -> Iterator[tuple[int, int]]:
        for match in BEFORE.finditer(text):
            cue = match["cue"].lower()
            if re.fullmatch(NAMING, cue, re.IGNORECASE) and PARENT_NAMING.search(
                text[: match.start("cue")]
            ):
                continue  # "mijn naam is Maarten", "ik heet Sharon": the parent
            span = self.name_at(text, match.start("name"), match["name"])
            if span:
                yield span
        for match in [*AFTER.finditer(text), *ALONE.finditer(text)]:
            phrase = match["name"]
            if len(phrase.split()) == 2 and not self.is_name(phrase.split()[0]):
                # "Dan Teun is …": only the word right before the verb
                second = phrase.split()[1]
                start = match.start("name") + phrase.rindex(second)
                phrase = second
            else:
                start = match.start("name")
            span = self.name_at(text, start, phrase)
            if span:
                yield span


def overlaps(span: tuple[int, int], entities: list[dict[str, Any]]) -> bool:
    placed = [e for e in entities if "start" in e and "end" in e]
    return any(span[0] < e["end"] and e["start"] < span[1] for e in placed)


def lower_case_words(training_data: TrainingData) -> set[str]:
    """The words the training examples write in lower case outside their entities."""
    common: set[str] = set()
    for example in training_data.training_examples:
        text = example.get(TEXT) or ""
        # the stories' messages (`rasa train`) carry entities without a place in the text
        placed = [e for e in example.get(ENTITIES) or [] if "start" in e and "end" in e]
        for entity in sorted(placed, key=lambda e: -e["start"]):
            text = text[: entity["start"]] + " " + text[entity["end"] :]
        common.update(word for word in WORD.findall(text) if word.islower())
    return common


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ChildNameExtractor(GraphComponent):
    """Adds `child_name` where a capitalised word stands where parents name a child."""

    FILE = "child_names.json"

    def __init__(self, finder: NameFinder, model_storage: ModelStorage, resource: Resource) -> None:
        self.finder = finder
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ChildNameExtractor":
        return cls(NameFinder(), model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "ChildNameExtractor":
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / cls.FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            stored = {}
        finder = NameFinder(stored.get("common", []), stored.get("places", []))
        return cls(finder, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        places = [
            place
            for table in training_data.lookup_tables
            if table.get("name") in ("location", "city")
            for place in table.get("elements", [])
            if isinstance(place, str)
        ]
        common = sorted(lower_case_words(training_data))
        self.finder = NameFinder(common, places)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(
                json.dumps({"common": common, "places": places}), encoding="utf-8"
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = list(message.get(ENTITIES) or [])
            names = [span for span in self.finder.spans(text) if not overlaps(span, entities)]
            if not names:
                continue
            entities += [
                {
                    "entity": "child_name",
                    "value": text[start:end],
                    "start": start,
                    "end": end,
                    "extractor": type(self).__name__,
                }
                for start, end in names
            ]
            message.set(ENTITIES, sorted(entities, key=lambda e: e["start"]), add_to_output=True)
        return messages
