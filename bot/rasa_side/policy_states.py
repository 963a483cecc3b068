"""The policies' view of a conversation, computed once per turn instead of per call (issue 32).

Each of Rasa 3.6's policies (Memoization, Rule, TED) turns the tracker into states with
`Domain.states_for_tracker_history`, which replays every event of the session into a new
tracker; they do so at every prediction, several times each, and a turn makes several
predictions (one after each action). After 100 turns that was 120 ms of a turn against
30 at its start (docs/benchmarks.md). Here the replay of a tracker is kept: a later call
for the same tracker (the same object, its events the same objects, with events added
since) goes on from where the last one stopped instead of replaying from the start, so
within a turn the session is replayed once per kind of call instead of once per call.

The states are Rasa's own, computed by the same steps in the same order; only the work
already done is not done again. What is kept is checked on every call: the tracker must
be the same object, and the events it applies must begin with exactly the event objects
replayed before (`is`, not equality: a reverted message or an undone action makes the
replay start again). Which of the tracker's events Rasa applies (`applied_events`, itself
a pass over the session) is computed again only when an event was added. Callers get
their own copies of the states (policies change them: the featurizer removes the text or
the intent of the last message), in which states that shared a part in Rasa's result
still share it.
"""

import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

# trackers whose replay is kept: a turn's, and the turns of other conversations that run
# between its predictions while it waits for the action server
MAX_KEPT = 64


@dataclass
class Replay:
    """`states_for_tracker_history` stopped after `events`, ready to go on."""

    tracker: "weakref.ref[DialogueStateTracker]"
    replayed: DialogueStateTracker  # the prior tracker after the events replayed
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)  # those yielded before the last event
    last_ml_action_sub_state: Any = None
    turn_was_hidden: bool = False


_kept: OrderedDict[tuple[Any, ...], Replay] = OrderedDict()
# per tracker: its events as they were (the deque, its length, its last event) and the
# events Rasa applies of them; the policies of one prediction ask for the same
_applied: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
rasas_own = Domain.states_for_tracker_history


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """Rasa's `Domain.states_for_tracker_history`, going on from the kept replay."""
    key = (id(self), id(tracker), omit_unset_slots, ignore_rule_only_turns, repr(rule_only_data))
    applied = _applied_events(tracker)
    replay = _kept.pop(key, None)
    if replay is None or not _goes_on(replay, tracker, applied):
        replay = Replay(weakref.ref(tracker), tracker.init_copy())
    for event in applied[len(replay.events) :]:
        if isinstance(event, ActionExecuted):
            _step(
                self,
                replay,
                event.hide_rule_turn,
                omit_unset_slots,
                ignore_rule_only_turns,
                rule_only_data,
            )
        replay.replayed.update(event)
        replay.events.append(event)
    _kept[key] = replay
    while len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)
    # the prior tracker after the last event, not kept: the next call has more events
    last = Replay(
        replay.tracker,
        replay.replayed,
        states=list(replay.states),
        last_ml_action_sub_state=replay.last_ml_action_sub_state,
        turn_was_hidden=replay.turn_was_hidden,
    )
    _step(self, last, False, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return _copied(last.states)


def _applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """`tracker.applied_events()`, computed again only when an event was added (a turn
    only appends to a tracker's events; 5 ms a call after 500 events)."""
    events = tracker.events
    seen = (id(events), len(events), id(events[-1]) if events else None)
    kept = _applied.pop(id(tracker), None)
    if kept is not None and kept[0]() is tracker and kept[1] == seen:
        applied = kept[2]
    else:
        applied = tracker.applied_events()
    _applied[id(tracker)] = (weakref.ref(tracker), seen, applied)
    while len(_applied) > MAX_KEPT:
        _applied.popitem(last=False)
    return applied


def _goes_on(replay: Replay, tracker: DialogueStateTracker, applied: list[Event]) -> bool:
    if replay.tracker() is not tracker or len(applied) < len(replay.events):
        return False
    return all(a is b for a, b in zip(applied, replay.events, strict=False))


def _step(
    domain: Domain,
    replay: Replay,
    hide_rule_turn: bool,
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> None:
    """One pass of the loop of Rasa's `states_for_tracker_history`, for the prior tracker
    `replay.replayed` (rasa/shared/core/domain.py, Rasa 3.6)."""
    tr = replay.replayed
    if ignore_rule_only_turns:
        if not replay.turn_was_hidden:
            replay.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
        if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
            replay.turn_was_hidden = hide_rule_turn
        if replay.turn_was_hidden:
            return
    state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if replay.states:
            domain._substitute_rule_only_user_input(state, replay.states[-1])
        if replay.last_ml_action_sub_state:
            state[PREVIOUS_ACTION] = replay.last_ml_action_sub_state
    replay.states.append(domain._clean_state(state))


def _copied(states: list[State]) -> list[State]:
    """The states and their parts copied, parts shared among them staying shared."""
    parts: dict[int, Any] = {}

    def part(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        copy = parts.get(id(value))
        if copy is None:
            copy = parts[id(value)] = dict(value)
        return copy

    return [{name: part(sub_state) for name, sub_state in state.items()} for state in states]


def apply() -> None:
    Domain.states_for_tracker_history = states_for_tracker_history  # type: ignore[method-assign]
