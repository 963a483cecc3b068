"""Jobs the launcher runs on a schedule beside the services (in production: cron)."""

import subprocess
import threading
from pathlib import Path


class Every:
    """Runs `command` every `minutes` (first after one interval) until `stop`; its output
    is appended to `log_path`. A failing run is logged and the next one comes anyway."""

    def __init__(
        self, command: list[str], minutes: float, log_path: Path, env: dict[str, str], cwd: Path
    ) -> None:
        self.command, self.seconds, self.log_path = command, minutes * 60, log_path
        self.env, self.cwd = env, cwd
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="schedule", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _loop(self) -> None:
        while not self._stopped.wait(self.seconds):
            with self.log_path.open("ab") as log:
                subprocess.run(
                    self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT
                )
