"""A small SMTP server on loopback for tests (no aiosmtpd in the environment): it speaks
enough of RFC 5321 for smtplib (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), advertises
SMTPUTF8 only when asked to, and refuses a non-ASCII address without it, as real
servers do. What it received is kept in `envelopes`."""

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Envelope:
    mail_from: str = ""
    mail_options: list[str] = field(default_factory=list)
    rcpt_tos: list[str] = field(default_factory=list)
    data: bytes = b""


@dataclass
class SmtpServer:
    host: str
    port: int
    envelopes: list[Envelope]


def _address(argument: str) -> tuple[str, list[str]]:
    """`FROM:<a@b> SMTPUTF8 BODY=8BITMIME` → ("a@b", ["SMTPUTF8", "BODY=8BITMIME"])"""
    path, _, options = argument.partition(":")[2].strip().partition(" ")
    return path.strip("<>"), options.split()


class _Session(socketserver.StreamRequestHandler):
    smtputf8: bool
    envelopes: list[Envelope]

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 localhost test SMTP")
        envelope = Envelope()
        for raw in self.rfile:
            verb, _, argument = raw.decode("utf-8").rstrip("\r\n").partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                extensions = ["8BITMIME", *(["SMTPUTF8"] if self.smtputf8 else [])]
                for extension in extensions:
                    self.reply(f"250-{extension}")
                self.reply("250 HELP")
            elif verb == "MAIL":
                envelope = Envelope()
                envelope.mail_from, envelope.mail_options = _address(argument)
                self.reply(self._check(envelope.mail_from, envelope))
            elif verb == "RCPT":
                address, _ = _address(argument)
                answer = self._check(address, envelope)
                if answer.startswith("250"):
                    envelope.rcpt_tos.append(address)
                self.reply(answer)
            elif verb == "DATA":
                self.reply("354 end with <CR><LF>.<CR><LF>")
                envelope.data = self._data()
                self.envelopes.append(envelope)
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, RSET, NOOP
                self.reply("250 ok")

    def _check(self, address: str, envelope: Envelope) -> str:
        if address.isascii():
            return "250 ok"
        if self.smtputf8 and "SMTPUTF8" in envelope.mail_options:
            return "250 ok"
        return "553 5.6.7 non-ASCII address without SMTPUTF8"

    def _data(self) -> bytes:
        lines = []
        for line in self.rfile:
            if line == b".\r\n":
                break
            lines.append(line[1:] if line.startswith(b".") else line)
        return b"".join(lines)


@contextmanager
def smtp_server(*, smtputf8: bool = True) -> Iterator[SmtpServer]:
    """An SMTP server on a free loopback port, stopped afterwards."""
    envelopes: list[Envelope] = []
    handler = type("Session", (_Session,), {"smtputf8": smtputf8, "envelopes": envelopes})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield SmtpServer("127.0.0.1", server.server_address[1], envelopes)
        finally:
            server.shutdown()
            thread.join()
