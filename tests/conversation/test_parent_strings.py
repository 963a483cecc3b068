"""Every word a parent reads comes from the texts files (bot/conversation/texts.yml,
bot/updates/updates.yml), where each has its u, je and English variant: a sentence typed
into the code reaches every parent in one language and one form of address.

The scan reads the code (no import): string literals that are sent to a parent (a
message's "text" or a button's "title", what `utter_message`, `send_text_message` and the
like are given), and in the channels' and actions' code any literal that reads as a
sentence (three words or more, one of them a Dutch or English function word). Docstrings
and log calls are no one's message; what else a parent never sees (an HTTP error for Meta,
a staff page) is allowed below by name, each with its reason."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "actions")
# code that talks to parents: every sentence in it is suspect
CONVERSATION_CODE = ("bot/channels", "actions")

# calls whose text argument (by position or `text=`) a parent reads
SENDING_CALLS = {
    "utter_message",
    "send_text_message",
    "send_text_with_buttons",
    "send_quick_replies",
    "send_response",
    "bot_message",
}
# keys of a message or button dict a parent reads
SHOWN_KEYS = {"text", "title", "body"}
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
# calls whose literals are code, not words: SQL (sqlite3, SQLAlchemy's text()) and regexes
CODE_CALLS = {"execute", "executescript", "text", "compile"}

FUNCTION_WORDS = {
    word
    for line in (
        "de het een en van ik je jij u uw we wij is zijn niet met voor op dat die er te om "
        "maar of als naar bij ook nog kan wilt heeft ons onze mijn dit deze geen wat hoe",
        "the a an and of to is are you your we our it this that with for on not can "
        "please be have has will would my me what how no",
    )
    for word in line.split()
}
# a word: letters (an apostrophe or hyphen inside), with punctuation around it
WORD = re.compile(r"[(\"'“]*[^\W\d_]+(?:['’-][^\W\d_]+)*[.,;:!?)\"'”]*")


@dataclass(frozen=True)
class Allowed:
    path: str
    starts: str  # the literal's beginning
    reason: str


ALLOWED = (
    Allowed(
        "bot/channels/client_named.py",
        "sender id reserved",
        "the REST and callback channels' HTTP 403 to a client program, not a parent's chat",
    ),
    Allowed(
        "bot/channels/trust.py",
        "Host must be",
        "the REST channel's HTTP 403 to a web page or a misconfigured proxy",
    ),
    Allowed(
        "actions/common.py",
        "ouder (in de chat)",
        "who gave the WhatsApp consent, in the audit log that staff read",
    ),
    Allowed(
        "bot/console/family_document.py",
        "Tekst",
        "a column heading of the family's data as staff read it (the export for an access request)",
    ),
    Allowed(
        "actions/offer.py",
        "aanbod niet aangenomen",
        "a button answer to an offer as staff read it in the request, beside its kind",
    ),
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text!r}"


def is_sentence(text: str) -> bool:
    tokens = text.split()
    words = [token.strip("(\"'“.,;:!?)”").lower() for token in tokens if WORD.fullmatch(token)]
    return len(words) >= 3 and any(word in FUNCTION_WORDS for word in words)


def has_words(text: str | None) -> bool:
    """Whether a literal holds a letter: a dash or comma between values is no text."""
    return text is not None and any(character.isalpha() for character in text)


def literal_text(node: ast.AST) -> str | None:
    """The words of a string literal or of an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


class Scan(ast.NodeVisitor):
    def __init__(self, path: str, conversation_code: bool) -> None:
        self.path = path
        self.conversation_code = conversation_code
        self.findings: list[Finding] = []
        self.skipped: set[int] = set()  # ids of literals that are no message

    def found(self, node: ast.AST, text: str, why: str) -> None:
        if any(self.path == a.path and text.startswith(a.starts) for a in ALLOWED):
            return
        self.findings.append(Finding(self.path, getattr(node, "lineno", 0), text, why))

    def skip_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and literal_text(body[0].value) is not None:
            self.skipped.add(id(body[0].value))

    def skip_all(self, node: ast.AST) -> None:
        self.skipped.update(id(inner) for inner in ast.walk(node))

    def visit_Raise(self, node: ast.Raise) -> None:
        # an exception ends in a log, or in an HTTP answer to a provider or the console
        self.skip_all(node)

    def visit_Module(self, node: ast.Module) -> None:
        self.skip_docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.skip_docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.skip_docstring(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = call_name(node)
        if (name in LOG_CALLS and isinstance(node.func, ast.Attribute)) or name in CODE_CALLS:
            self.skip_all(node)  # a log line (for operators), SQL or a regex
        if name in SENDING_CALLS:
            given = [*node.args, *(k.value for k in node.keywords if k.arg == "text")]
            for argument in given:
                text = literal_text(argument)
                if has_words(text):
                    self.skipped.add(id(argument))
                    self.found(argument, text, f"sent with {name}()")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if literal_text(key) in SHOWN_KEYS and has_words(text := literal_text(value)):
                self.skipped.add(id(value))
                self.found(value, text, f"a message's {literal_text(key)!r}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        self.check_sentence(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.check_sentence(node)
        self.generic_visit(node)

    def check_sentence(self, node: ast.AST) -> None:
        text = literal_text(node)
        if not self.conversation_code or id(node) in self.skipped or text is None:
            return
        if is_sentence(text):
            self.found(node, text, "a sentence in conversation code")


def scan(source: str, relative: str) -> list[Finding]:
    visitor = Scan(relative, relative.startswith(CONVERSATION_CODE))
    visitor.visit(ast.parse(source, filename=relative))
    return visitor.findings


def all_findings() -> list[Finding]:
    return [
        finding
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts  # the database's history, no one's words
        for finding in scan(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]


LEAKING = '''
"""A module's docstring is for developers: no finding."""
import logging, re
log = logging.getLogger(__name__)

async def act(dispatcher, output, sender):
    """So is a function's."""
    dispatcher.utter_message(text="Sorry, dat weet ik niet.")
    await output.send_text_message(sender, f"Hallo {sender}")
    await output.send_response(sender, {"text": "Typ uw vraag", "buttons": [{"title": "Ja"}]})
    log.warning("the turn on %s took too long", sender)
    if re.match(r"^(ik wil|I want) to", sender):
        raise ValueError("this is not for a parent")
    return "Wilt u een medewerker spreken?"
'''


def test_the_scan_finds_what_a_parent_would_read_and_nothing_else() -> None:
    in_actions = {(f.line, f.text) for f in scan(LEAKING, "actions/example.py")}
    assert in_actions == {
        (8, "Sorry, dat weet ik niet."),
        (9, "Hallo "),
        (10, "Typ uw vraag"),
        (10, "Ja"),
        (14, "Wilt u een medewerker spreken?"),
    }
    # outside the conversation's code only what is sent counts: the console's, the
    # updates' and the e-mails' own words are checked where they are written
    elsewhere = {f.text for f in scan(LEAKING, "bot/reporting/example.py")}
    assert "Wilt u een medewerker spreken?" not in elsewhere and "Typ uw vraag" in elsewhere


def test_no_parent_facing_string_outside_the_texts_files() -> None:
    findings = all_findings()
    assert not findings, "move these to bot/conversation/texts.yml:\n" + "\n".join(
        map(str, findings)
    )
