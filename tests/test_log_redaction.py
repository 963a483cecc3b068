"""Personal data that reaches a log line anyway is masked (bot/shared/log_redaction.py)."""

import logging

import pytest

from bot.shared.log_redaction import RedactingFilter, redact


@pytest.mark.parametrize(
    ("line", "hidden"),
    [
        ("validating sanne.de.vries@example.nl", "sanne.de.vries@example.nl"),
        ("slot registration_number = INS-004217", "INS-004217"),
        ("typed ins 004217", "ins 004217"),
        ("sender whatsapp:+31612345678", "+31612345678"),
        ("phone 06 1234 5678", "06 1234 5678"),
        ("birth date 2025-09-01 given", "2025-09-01"),
        ("birth date 01-09-2025 given", "01-09-2025"),
    ],
)
def test_personal_data_is_masked(line: str, hidden: str) -> None:
    assert hidden not in redact(line)


def test_what_the_logs_need_stays() -> None:
    for line in (
        "action action_resend_code failed: TimeoutError at identity.py:123",
        "Circuit breaker tripped. Stopped predicting more actions for sender 'test-1'",
        "action server on 127.0.0.1:5055",
    ):
        assert redact(line) == line


def test_the_filter_masks_arguments_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.redaction")
    caplog.handler.addFilter(RedactingFilter())
    try:
        raise ValueError("no match for INS-004217 born 2025-09-01")
    except ValueError:
        logger.exception("request from %s failed", "ouder@example.nl")
    text = caplog.text
    assert "ouder@example.nl" not in text and "INS-004217" not in text
    assert "2025-09-01" not in text
    assert "request from <e-mail> failed" in text and "ValueError" in text
