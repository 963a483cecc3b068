"""A parent's answer by e-mail: their own words, without the quoted mail."""

from email.message import EmailMessage

import pytest

from bot.conversation.contact_address import attempted, valid_address
from bot.handoff.mail_answers import answer_of, own_words

WORDS = "Dank u, woensdag is goed!"
QUOTED = "> Beste ouder,\n> Een medewerker heeft geantwoord:\n> woensdag kan."


@pytest.mark.parametrize(
    "mail",
    [
        f"{WORDS}\n\nOp ma 7 dec. 2026 om 09:12 schreef Regenboog <a@b.nl>:\n{QUOTED}",
        f"{WORDS}\n\nOn Mon, 7 Dec 2026 at 09:12, Regenboog\n<a@b.nl> wrote:\n{QUOTED}",
        "Dank u, woensdag is goed!\n\n-----Original Message-----\nFrom: Regenboog\nhallo",
        "Dank u, woensdag is goed!\n\nVan: Regenboog <a@b.nl>\nVerzonden: maandag\nhallo",
        f"Dank u, woensdag is goed!\n{QUOTED}",
        "Dank u, woensdag is goed!\n-- \nSanne de Vries\n06-12345678",
    ],
)
def test_the_quoted_mail_and_signature_are_taken_off(mail: str) -> None:
    assert own_words(mail) == "Dank u, woensdag is goed!"


def test_an_html_only_mail_gives_its_text() -> None:
    message = EmailMessage()
    message.set_content(
        "<p>Dank u,<br>woensdag is goed!</p><blockquote>eerder bericht</blockquote>",
        subtype="html",
    )
    assert answer_of(message) == "Dank u,\nwoensdag is goed!"


@pytest.mark.parametrize(
    ("text", "address", "valid"),
    [
        ("mijn mail is ouder@voorbeeld.nl.", "ouder@voorbeeld.nl", True),
        ("j.de.vries+kdv@gmail.com", "j.de.vries+kdv@gmail.com", True),
        ("zoë@voorbeeld.nl", "zoë@voorbeeld.nl", True),
        ("ouder@voorbeeld", "ouder@voorbeeld", False),
        ("jan..p@x.nl", "jan..p@x.nl", False),
        ("hallo, ik wacht", None, False),
    ],
)
def test_an_address_given_in_the_chat_is_found_and_checked(
    text: str, address: str | None, valid: bool
) -> None:
    assert attempted(text) == address
    assert (address is not None and valid_address(address)) is valid
