"""A family's mails in the outbox are found without parsing every mail there, and a mail
written in another transfer encoding is still found."""

from email.message import EmailMessage
from pathlib import Path

from bot.privacy.family import Family, _mails


def mail(outbox: Path, name: str, to: str, body: str, cte: str | None = None) -> Path:
    message = EmailMessage()
    message["To"], message["Subject"] = to, "Uw inschrijving"
    message.set_content(body, cte=cte) if cte else message.set_content(body)
    path = outbox / f"{name}.eml"
    path.write_bytes(bytes(message))
    return path


def test_the_familys_mails_by_address_or_number_whatever_the_encoding(tmp_path: Path) -> None:
    family = Family(numbers=["INS-000123"], emails=["ouder@example.nl"], phones=[])
    to_parent = mail(tmp_path, "a", "Ouder@Example.nl", "Beste ouder, uw plek komt eraan.")
    naming = mail(tmp_path, "b", "ander@example.nl", "Over inschrijving INS-000123: geen nieuws.")
    encoded = mail(tmp_path, "c", "ander@example.nl", "Inschrijving INS-000123 ✓", cte="base64")
    printable = mail(
        tmp_path, "d", "ander@example.nl", "Inschrijving INS-000123 één", cte="quoted-printable"
    )
    mail(tmp_path, "e", "ander@example.nl", "Inschrijving INS-000124: iemand anders.")
    mail(tmp_path, "f", "ander@example.nl", "Inschrijving INS-000999 ✓", cte="base64")
    assert b"INS-000123" not in encoded.read_bytes()  # only found by reading it
    assert _mails(tmp_path, family) == [to_parent, naming, encoded, printable]
