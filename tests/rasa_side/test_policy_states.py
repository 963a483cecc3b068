"""The policies' states of a conversation, going on from the kept replay
(bot/rasa_side/policy_states.py, issue 32), are Rasa's own states after every event, for
every kind of call the policies make, also when they change what they get."""

import copy
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    FollowupAction,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_side import policy_states

ROOT = Path(__file__).resolve().parents[2]
RASAS_OWN = policy_states.rasas_own
# the kinds of call Memoization, Rule and TED policies make
CALLS = (
    {},
    {"omit_unset_slots": True},
    {"ignore_rule_only_turns": True, "rule_only_data": {"slots": [], "loops": []}},
    {
        "ignore_rule_only_turns": True,
        "rule_only_data": {"slots": ["identity_blocked"], "loops": ["identity_form"]},
    },
)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(autouse=True)
def nothing_kept() -> None:
    policy_states._kept.clear()
    policy_states._applied.clear()


def conversation(rng: random.Random) -> Iterator[Event]:
    """Turns as Rasa's processor writes them: messages, the featurisation chosen, actions
    hidden by rules or not, forms, slots, follow-ups, reverts and a new session."""
    yield ActionExecuted("action_session_start")
    yield SessionStarted()
    yield ActionExecuted(ACTION_LISTEN_NAME)
    intents = ["greet", "ask_placement_status", "ask_availability", "thank", "deny"]
    for turn in range(40):
        entities = [{"entity": "location", "value": "Utrecht"}] if rng.random() < 0.3 else []
        yield UserUttered(
            f"bericht {turn}", {"name": rng.choice(intents), "confidence": 0.9}, entities
        )
        yield DefinePrevUserUtteredFeaturization(rng.random() < 0.2)
        choice = rng.random()
        if choice < 0.15:
            yield ActionExecuted("identity_form", hide_rule_turn=rng.random() < 0.5)
            yield ActiveLoop("identity_form")
            yield SlotSet("requested_slot", "registration_number")
        elif choice < 0.25:
            yield ActionExecuted("identity_form")
            yield SlotSet("identity_verified", rng.random() < 0.5)
            yield ActiveLoop(None)
            yield SlotSet("requested_slot", None)
        elif choice < 0.3:
            yield ActionExecuted("identity_form")
            yield LoopInterrupted(True)
        elif choice < 0.35:
            yield FollowupAction("utter_greet")
        elif choice < 0.4:
            yield UserUtteranceReverted()
            continue
        elif choice < 0.45:
            yield ActionExecuted("action_answer_registration")
            yield ActionReverted()
        elif choice < 0.47:
            yield ActionExecuted("action_session_start")
            yield SessionStarted()
        yield ActionExecuted("utter_greet", hide_rule_turn=rng.random() < 0.4)
        yield BotUttered("Hallo!")
        yield SlotSet("identity_blocked", rng.random() < 0.1)
        yield ActionExecuted(ACTION_LISTEN_NAME, hide_rule_turn=rng.random() < 0.3)


@pytest.mark.parametrize("seed", range(6))
def test_the_states_are_rasas_own_after_every_event(domain: Domain, seed: int) -> None:
    rng = random.Random(seed)
    tracker = DialogueStateTracker("rest-1", domain.slots)
    for event in conversation(rng):
        tracker.update(event)
        for call in rng.sample(CALLS, k=rng.randint(1, len(CALLS))):
            expected = RASAS_OWN(domain, tracker, **copy.deepcopy(call))
            got = policy_states.states_for_tracker_history(domain, tracker, **call)
            assert got == expected
            # the featurizer removes the last message's text or intent from what it got
            for state in got:
                state.get(USER, {}).pop("text", None)
                state.pop("slots", None)
        assert policy_states._kept  # the next event goes on from here


def test_a_turn_replays_the_session_once_per_kind_of_call(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = DialogueStateTracker("rest-1", domain.slots)
    for event in conversation(random.Random(1)):
        tracker.update(event)
    replayed: list[Event] = []
    update = DialogueStateTracker.update

    def counted(self: DialogueStateTracker, event: Event, *args: object) -> None:
        replayed.append(event)
        update(self, event, *args)

    monkeypatch.setattr(DialogueStateTracker, "update", counted)
    policy_states.states_for_tracker_history(domain, tracker)
    applied = len(replayed)
    for _ in range(3):  # other policies, the next prediction
        policy_states.states_for_tracker_history(domain, tracker)
    assert len(replayed) == applied
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    policy_states.states_for_tracker_history(domain, tracker)
    assert len(replayed) == applied + 4  # the two new events, on both trackers
    other = DialogueStateTracker.from_events("rest-1", list(tracker.events), domain.slots)
    replayed.clear()
    got = policy_states.states_for_tracker_history(domain, other)
    assert len(replayed) == len(other.applied_events())  # another tracker: from the start
    assert got == RASAS_OWN(domain, other)


def test_the_rasa_server_uses_the_kept_replay() -> None:
    from bot.rasa_side import server as rasa_server

    rasa_server.apply()
    assert Domain.states_for_tracker_history is policy_states.states_for_tracker_history
    assert policy_states.rasas_own is not policy_states.states_for_tracker_history
