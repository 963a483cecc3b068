"""When the model is unsure what a message means, the assistant asks instead of guessing:
"Bedoelt u: 'Mijn inschrijving' of 'Hoeveelste sta ik'?", with a button for each of the
likeliest meanings and one for "Iets anders" (which leads to the second miss: a person first).

Rasa's FallbackClassifier (config.yml) makes a message `nlu_fallback` when the model's best
intent is below its threshold, or when the best two are closer than its ambiguity margin.
It puts `nlu_fallback`, with the threshold as its confidence, at the head of the intent
ranking and keeps the model's own ranking after it: that is what this module reads.

- A meaning is offered when a parent can choose it (`buttons.CHOICES`: never small talk,
  details, out of scope or a cancellation) and the model gives it at least
  `MIN_CONFIDENCE`; at most `MAX_CHOICES`, the likeliest first.
- With fewer than two such meanings there is nothing to ask. A message that only the
  margin made unsure (its best intent reached the threshold) is then answered as the
  model's best guess, as it was before the margin existed (`best_guess`); one below the
  threshold stays not understood. Inside a form nothing is asked: the form reads the
  message as its answer, unless the best guess is a question or a way out
  (`form_steps_aside`), which is then answered as before.
- A button's payload carries the message's entities, so that what the parent typed is
  not asked again: `/ask_placement_status{"registration_number":"INS-004217"}`.
- The parent's choice answers the message the bot asked about (`choice_in`): the actions
  read that message's words with the chosen intent, and the choice is kept as a labelled
  example for the next training run (bot/reporting/nlu_review.py).

No Rasa here: parse data, entities and events are the plain dicts of Rasa's JSON.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.conversation.buttons import CHOICES, intents_by_title, normalise_title
from bot.conversation.turns import previous_turn_actions

FALLBACK = "nlu_fallback"
FALLBACK_ACTION = "action_fallback"
# below this the model does not really consider a meaning (docs/nlu.md)
MIN_CONFIDENCE = 0.1
MAX_CHOICES = 3
# WhatsApp keeps 200 characters of a list row's id, the payload (bot/channels/whatsapp.py)
MAX_PAYLOAD = 200
# the contract's entities; what the actions read
ENTITIES = ("registration_number", "child_name", "date", "location", "care_type", "weekday")
# what a form reads as the answer to its question (domain.yml: the slot mappings skip
# every other intent, the digressions that rules answer inside the form)
FORM_ANSWERS = ("inform", "affirm")
# the button for none of the meanings offered (its payload is the fallback)
SOMETHING_ELSE = "something_else"

ParseData = Mapping[str, Any]
Event = Mapping[str, Any]


@dataclass(frozen=True)
class Meaning:
    intent: str
    confidence: float


@dataclass(frozen=True)
class Choice:
    """The meaning the parent chose for the message the bot asked about."""

    text: str  # the message, as typed
    parse_data: ParseData  # what the model made of it
    intent: str
    offered: tuple[Meaning, ...]


def model_ranking(parse_data: ParseData) -> list[Meaning]:
    """The model's own ranking, likeliest first, without the fallback's entry."""
    ranking = [
        Meaning(str(entry["name"]), float(entry.get("confidence") or 0.0))
        for entry in parse_data.get("intent_ranking") or []
        if entry.get("name") and entry.get("name") != FALLBACK
    ]
    return sorted(ranking, key=lambda meaning: -meaning.confidence)


def _is_fallback(parse_data: ParseData) -> bool:
    return (parse_data.get("intent") or {}).get("name") == FALLBACK


def choices(parse_data: ParseData) -> list[Meaning]:
    """The meanings to offer for a message the model was unsure about; [] when there is
    nothing sensible to ask."""
    if not _is_fallback(parse_data):
        return []
    offered = [
        meaning
        for meaning in model_ranking(parse_data)
        if meaning.intent in CHOICES and meaning.confidence >= MIN_CONFIDENCE
    ][:MAX_CHOICES]
    return offered if len(offered) >= 2 else []


def best_guess(parse_data: ParseData) -> str | None:
    """The model's best intent for a message that only the ambiguity margin made a
    fallback (the best intent reached the threshold, the fallback entry's confidence)."""
    if not _is_fallback(parse_data):
        return None
    ranking, head = model_ranking(parse_data), (parse_data.get("intent_ranking") or [{}])[0]
    if not ranking or head.get("name") != FALLBACK:
        return None
    threshold = float(head.get("confidence") or 1.0)
    return ranking[0].intent if ranking[0].confidence >= threshold else None


def form_steps_aside(parse_data: ParseData) -> bool:
    """Whether a form should leave the message to the rules: only the margin made it
    unsure, and its best guess is not an answer but a question or a way out ("stop")."""
    guess = best_guess(parse_data)
    return guess is not None and guess not in FORM_ANSWERS


def payload(intent: str, entities: Sequence[Mapping[str, Any]]) -> str:
    """`/intent{"entity": value}` with the message's entities (a list where one occurs
    more than once), as Rasa reads a button; entities that would make it longer than
    `MAX_PAYLOAD` are left out."""
    found: list[tuple[str, str]] = []
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        usable = name in ENTITIES and isinstance(value, str | int | float) and str(value).strip()
        if usable and (name, str(value)) not in found:
            found.append((name, str(value)))
    kept: dict[str, list[str]] = {}
    for name, value in found:
        trial = {**kept, name: [*kept.get(name, []), value]}
        if len(_payload(intent, trial)) <= MAX_PAYLOAD:
            kept = trial
    return _payload(intent, kept)


def _payload(intent: str, values: dict[str, list[str]]) -> str:
    if not values:
        return f"/{intent}"
    compact = {name: found[0] if len(found) == 1 else found for name, found in values.items()}
    return f"/{intent}{json.dumps(compact, ensure_ascii=False, separators=(',', ':'))}"


def as_slot(offered: Sequence[Meaning]) -> list[dict[str, Any]]:
    """What the `offered_intents` slot keeps of the question: the meanings offered."""
    return [{"intent": m.intent, "confidence": round(m.confidence, 3)} for m in offered]


def _from_slot(value: Any) -> tuple[Meaning, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Meaning(str(item["intent"]), float(item.get("confidence") or 0.0))
        for item in value
        if isinstance(item, Mapping) and item.get("intent")
    )


def chosen_intent(text: str, intent: str | None, offered: Sequence[str]) -> str | None:
    """The offered meaning the message chooses: by its button, or by typing its title."""
    if intent not in offered:
        return None
    text = text.strip()
    clicked = re.fullmatch(rf"/{re.escape(intent)}(\{{.*\}})?", text, re.DOTALL)
    typed = intents_by_title().get(normalise_title(text)) == intent
    return intent if clicked or typed else None


def choice_in(
    events: Sequence[Event], offered_slot: Any, text: str, intent: str | None
) -> Choice | None:
    """The parent's choice, when the latest message (`text`, read as `intent`) answers
    the bot's question about the message before it."""
    offered = _from_slot(offered_slot)
    if not offered or FALLBACK_ACTION not in previous_turn_actions(list(events)):
        return None
    chosen = chosen_intent(text, intent, [meaning.intent for meaning in offered])
    messages = [event for event in events if event.get("event") == "user"]
    if chosen is None or len(messages) < 2:
        return None
    asked = messages[-2]
    return Choice(str(asked.get("text") or ""), asked.get("parse_data") or {}, chosen, offered)


def answered_message(choice: Choice) -> dict[str, Any]:
    """The message the bot asked about, read with the meaning the parent chose."""
    meaning = {"name": choice.intent, "confidence": 1.0}
    return {
        **choice.parse_data,
        "text": choice.text,
        "intent": meaning,
        "intent_ranking": [meaning],
        "entities": list(choice.parse_data.get("entities") or []),
    }
