"""Which staff have a conversation open in the console now, and who of them is writing in
it: for "a colleague is viewing / writing" next to the transcript; and when the parent was
last shown that staff are typing, so that it goes out at most once per TYPING_EVERY_SECONDS
per conversation however many keys are pressed (bot/channels/typing.py).

An open conversation page polls its live feed every second and says with each poll whether
something is typed in its reply box; a viewer counts as present while those polls keep
coming (SEEN_SECONDS). Kept in the console process's memory: the console runs as one
process (bot/launcher/stack.py), and a restart only forgets who looked in the last seconds.
"""

import threading
import time
from dataclasses import dataclass

SEEN_SECONDS = 5.0  # a few missed polls (a slow request, a tab in the background)
# WhatsApp shows its indicator for 25 s, Messenger for 20 s, the widget for 6 s after each
TYPING_EVERY_SECONDS = 3.0


@dataclass
class Viewer:
    staff_id: int
    name: str
    writing: bool
    seen: float  # time.monotonic()


class Watchers:
    def __init__(
        self, seen_seconds: float = SEEN_SECONDS, typing_every: float = TYPING_EVERY_SECONDS
    ) -> None:
        self.seen_seconds = seen_seconds
        self.typing_every = typing_every
        self._lock = threading.Lock()
        self._open: dict[int, dict[int, Viewer]] = {}  # handoff id → staff id → viewer
        self._typing_shown: dict[int, float] = {}  # handoff id → time.monotonic()

    def seen(self, handoff_id: int, staff_id: int, name: str, writing: bool) -> None:
        with self._lock:
            self._open.setdefault(handoff_id, {})[staff_id] = Viewer(
                staff_id, name, writing, time.monotonic()
            )

    def others(self, handoff_id: int, staff_id: int) -> list[Viewer]:
        """The colleagues (not `staff_id`) with the conversation open now, by name."""
        cutoff = time.monotonic() - self.seen_seconds
        with self._lock:
            viewers = self._open.get(handoff_id, {})
            for gone in [k for k, v in viewers.items() if v.seen < cutoff]:
                del viewers[gone]
            if not viewers:
                self._open.pop(handoff_id, None)
            return sorted(
                (v for v in viewers.values() if v.staff_id != staff_id), key=lambda v: v.name
            )

    def typing_due(self, handoff_id: int) -> bool:
        """Whether the parent may be shown again that staff are typing; if so, counted as
        shown now."""
        now = time.monotonic()
        with self._lock:
            for gone in [k for k, t in self._typing_shown.items() if now - t >= self.typing_every]:
                del self._typing_shown[gone]
            if handoff_id in self._typing_shown:
                return False
            self._typing_shown[handoff_id] = now
            return True
