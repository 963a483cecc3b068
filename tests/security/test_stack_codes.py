"""Code limits and a failing mail transport, through the running stack as parents reach it.

The production profile keeps the default limits (six code mails per registration number in
an hour), so many parents' conversations at once about one registration get no more than
six codes, and the rest are offered a person. A mail transport that breaks in the middle
of the identity check gets the parent an apology and leaves no personal data in any log.
"""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from bot.conversation import formats, texts
from bot.settings import Settings
from tests.support import logs
from tests.support.chat import Chat
from tests.support.dates import month_day
from tests.support.registrations import Family, import_families
from tests.support.stack import RunningStack

CROWDED = Family(
    "INS-970201", "Lotte", month_day(-20, 21), "lotte.ouder@example.nl", "+31611110201"
)
UNLUCKY = Family("INS-970202", "Sem", month_day(-20, 5), "sem.ouder@example.nl", "+31611110202")
CONVERSATIONS = 9


@pytest.fixture(scope="module")
def families(production_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> None:
    import_families(production_stack, tmp_path_factory.mktemp("import-codes"), CROWDED, UNLUCKY)


def mails_to(stack: RunningStack, address: str) -> int:
    """The code mails to `address`: the updates job may welcome the new family meanwhile."""
    subject = f"Subject: {texts.say('code_mail_subject')}"
    return sum(
        f"To: {address}" in text and subject in text
        for text in (
            path.read_text(errors="replace") for path in (stack.var_dir / "outbox").glob("*.eml")
        )
    )


def ask_status(stack: RunningStack, family: Family) -> str:
    chat = Chat(stack)
    chat.say_text("hoe staat mijn inschrijving ervoor?")
    chat.say_text(family.number)
    return chat.say_text(family.birth_date.strftime("%d-%m-%Y"))


def test_parallel_conversations_get_no_more_codes_than_the_registration_limit(
    production_stack: RunningStack, families: None
) -> None:
    limit = Settings(_env_file=None).code_mails_per_registration

    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        conversations = [production_stack] * CONVERSATIONS
        answers = list(pool.map(lambda stack: ask_status(stack, CROWDED), conversations))

    sent = [a for a in answers if "controlecode van zes cijfers gestuurd" in a]
    refused = [a for a in answers if "Ik heb al een paar codes gestuurd" in a]
    assert (len(sent), len(refused)) == (limit, CONVERSATIONS - limit), answers
    assert mails_to(production_stack, CROWDED.email) == limit
    # locked: a new conversation later gets no code either
    assert "Ik heb al een paar codes gestuurd" in ask_status(production_stack, CROWDED)
    assert mails_to(production_stack, CROWDED.email) == limit


@contextmanager
def broken_outbox(stack: RunningStack) -> Iterator[None]:
    """The embedded mail transport (the outbox folder) fails: a file stands in its place."""
    outbox = stack.var_dir / "outbox"
    kept = stack.var_dir / "outbox-kept"
    outbox.mkdir(exist_ok=True)
    outbox.rename(kept)
    outbox.write_text("not a folder")
    try:
        yield
    finally:
        outbox.unlink()
        kept.rename(outbox)


def personal_data(family: Family) -> list[str]:
    birth = family.birth_date
    return [
        family.number,
        family.number.removeprefix("INS-"),
        family.email,
        family.phone,
        birth.isoformat(),
        birth.strftime("%d-%m-%Y"),
        f"{birth.day} december {birth.year}",
    ]


def test_a_mail_failure_mid_check_is_apologised_for_and_logs_no_personal_data(
    production_stack: RunningStack, families: None
) -> None:
    window = logs.mark(production_stack)
    chat = Chat(production_stack)
    chat.say_text("Hoi, is er al plek voor Sem?")
    chat.say_text(f"ons nummer is {UNLUCKY.number}")
    with broken_outbox(production_stack):
        answer = chat.say_text(formats.full_date(UNLUCKY.birth_date))

    assert "er gaat bij ons iets mis" in answer and "medewerker" in answer
    deadline = time.monotonic() + 10  # the launcher copies the output a moment later
    while True:
        logged = logs.new_lines(production_stack, window)
        failures = [line for _, line in logged if "failed" in line]
        if failures or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert failures, "the failure itself must be logged (type and place)"
    leaks = {
        value: [f"[{source}] {line}" for source, line in logged if value in line]
        for value in [*personal_data(UNLUCKY), "is er al plek voor Sem", "ons nummer is"]
    }
    assert {value: lines for value, lines in leaks.items() if lines} == {}
