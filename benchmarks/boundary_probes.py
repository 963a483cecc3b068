"""The security review's probes of 2026-12-06 (../shared/reviews/security-2026-12-06.md),
re-run over HTTP against a running stack (`make run`): the findings about how the stack
runs (headers, proxies, channels, limits) and the public pages, each printed with what was
expected and what came back. The unit and stack tests hold each of them; this is the
review's table again, for docs/security.md.

    .venv/app/bin/python -m benchmarks.boundary_probes --rasa http://127.0.0.1:5005 \
        --console http://127.0.0.1:8000 --agent EMAIL

`--agent` names an existing console account (its lock-out is probed with wrong passwords
and lifts after the lock-out period). Exit status 1 when a probe does not hold.
"""

import argparse
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import requests

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Probe:
    finding: str
    what: str
    expected: str
    run: Callable[[], str]


def rest(rasa: str, headers: dict[str, str], body: bytes | None = None) -> str:
    payload = body or f'{{"sender": "probe-{uuid.uuid4().hex}", "message": "hallo"}}'.encode()
    answer = requests.post(
        f"{rasa}/webhooks/rest/webhook", data=payload, headers=headers, timeout=60
    )
    return str(answer.status_code)


def rotated_login(console: str, email: str) -> str:
    """Six wrong passwords, each with another X-Forwarded-For: the sixth must be locked."""
    session = requests.Session()
    codes = []
    for n in range(6):
        page = session.get(f"{console}/login", timeout=10).text
        match = CSRF.search(page)
        token = match.group(1) if match else ""
        answer = session.post(
            f"{console}/login",
            data={"email": email, "password": f"wrong-{n}", "csrf_token": token},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            allow_redirects=False,
            timeout=10,
        )
        codes.append(str(answer.status_code))
    return " ".join(codes)


def probes(rasa: str, console: str, agent: str) -> list[Probe]:
    big = b'{"sender": "probe", "message": "' + b"x" * 2_000_000 + b'"}'
    return [
        Probe("4", "REST, local client without Origin", "200", lambda: rest(rasa, {})),
        Probe(
            "4",
            "REST from a web page (Origin: https://evil.example, text/plain)",
            "403",
            lambda: rest(rasa, {"Origin": "https://evil.example", "Content-Type": "text/plain"}),
        ),
        Probe(
            "4",
            "REST after DNS rebinding (Host: attacker.example)",
            "403",
            lambda: rest(rasa, {"Host": "attacker.example"}),
        ),
        Probe(
            "2",
            "REST relayed (X-Forwarded-For from an untrusted peer)",
            "401",
            lambda: rest(rasa, {"X-Forwarded-For": "127.0.0.1"}),
        ),
        Probe(
            "2",
            "console login, 6 wrong passwords, X-Forwarded-For rotated",
            "401 ×5, then 429",
            lambda: rotated_login(console, agent),
        ),
        Probe(
            "9",
            "console, anonymous 2 MB body",
            "413",
            lambda: str(requests.post(f"{console}/api/queue", data=big, timeout=60).status_code),
        ),
        Probe("9", "Rasa, 2 MB body", "413", lambda: rest(rasa, {}, big)),
        Probe(
            "16",
            "console OpenAPI description, anonymous",
            "401",
            lambda: str(requests.get(f"{console}/openapi.json", timeout=10).status_code),
        ),
        Probe(
            "13",
            "unsubscribe link with a non-ASCII signature",
            "404",
            lambda: str(
                requests.get(
                    f"{console}/updates/unsubscribe",
                    params={"n": "INS-000001", "s": "é" * 16},
                    timeout=10,
                ).status_code
            ),
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    parser.add_argument("--console", default="http://127.0.0.1:8000")
    parser.add_argument("--agent", required=True, help="a console account's e-mail")
    args = parser.parse_args()
    failed = 0
    print("| finding | probe | expected | seen | verdict |\n|---|---|---|---|---|")
    for probe in probes(args.rasa.rstrip("/"), args.console.rstrip("/"), args.agent):
        seen = probe.run()
        holds = seen == probe.expected or (
            probe.expected.startswith("401 ×5") and seen == "401 401 401 401 401 429"
        )
        failed += not holds
        verdict = "HOLDS" if holds else "BROKEN"
        print(f"| {probe.finding} | {probe.what} | {probe.expected} | {seen} | {verdict} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
