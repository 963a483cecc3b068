"""A last line of defence for the logs: personal data in a log line is masked.

Our own code logs no message text or personal data (failures as their type and place);
Rasa, Sanic and rasa-sdk may (an exception's text, a request, an entity value). This
filter, put on every handler of the process once logging is configured, masks what looks
like an e-mail address, a phone number, a registration number or a date, in the message
and in an exception's traceback. No imports from Rasa: both environments use it."""

import logging
import re

PATTERNS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<e-mail>"),
    (re.compile(r"\bINS[\s-]?\d{6}\b", re.IGNORECASE), "<registration>"),
    (re.compile(r"(?<![\w.])\+?\d[\d -]{8,}\d\b"), "<phone>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}(?!\d)(?![T ]\d{2}:)"), "<date>"),
    (re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"), "<date>"),
)


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep only its template
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install() -> None:
    """Put the filter on every handler of every logger there is now (root included)."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
