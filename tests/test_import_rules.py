"""The environment boundary (pyproject.toml, `closed_imports`, tests/support/import_rules.py):
its entry list names every module Rasa loads by the project's own files, and the contract
breaks when something the Rasa process loads is not listed."""

import re

import grimp
import tomli
import yaml
from grimp import ImportGraph
from importlinter.domain.contract import ContractCheck

from bot.settings import PROJECT_ROOT
from tests.support.import_rules import ClosedImportsContract


def boundary_options() -> dict:
    config = tomli.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "closed_imports"]
    return contract


def module_of(class_path: str) -> str:
    return class_path.rsplit(".", 1)[0]


def loaded_by_rasa() -> set[str]:
    """Our modules that config.yml, credentials.yml, endpoints.yml, bot/launcher/stack.py and
    the Makefile have the Rasa environment load."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    components = {module_of(c["name"]) for c in config["pipeline"] if c["name"].startswith("bot.")}
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
    channels = {module_of(name) for name in credentials if name.startswith("bot.")}
    endpoints = (PROJECT_ROOT / "endpoints.yml").read_text()
    typed = {module_of(name) for name in re.findall(r"type:\s*(bot\.[\w.]+)", endpoints)}
    stack = (PROJECT_ROOT / "bot" / "launcher" / "stack.py").read_text()
    started = set(re.findall(r'"(bot\.rasa_side\.\w+)"', stack))
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    run = set(re.findall(r"\$\(RASA_PY\) -m (bot\.[\w.]+)", makefile))
    return components | channels | typed | started | run


def test_the_entry_list_names_every_module_rasa_loads_by_name() -> None:
    assert set(boundary_options()["entry_modules"]) == loaded_by_rasa()


def check(imports: list[tuple[str, str]], allowed: list[str]) -> ContractCheck:
    graph = ImportGraph()
    modules = (
        "bot",
        "bot.channels",
        "bot.channels.rest",
        "bot.shared",
        "bot.shared.clock",
        "bot.db",
    )
    for module in modules:
        graph.add_module(module)
    for package in ("sqlalchemy", "pydantic", "json"):
        graph.add_module(package, is_squashed=True)
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported)
    contract = ClosedImportsContract(
        name="boundary",
        session_options={"root_packages": ["bot"]},
        contract_options={
            "entry_modules": ["bot.channels.rest"],
            "allowed_modules": allowed,
            "allowed_external": ["sqlalchemy"],
        },
    )
    return contract.check(graph, verbose=False)


RASA_SIDE = ["bot", "bot.channels", "bot.channels.**", "bot.shared", "bot.shared.clock"]


def test_what_the_entries_load_through_a_chain_must_be_listed() -> None:
    direct = [("bot.channels.rest", "bot.shared.clock"), ("bot.channels.rest", "sqlalchemy")]
    assert check([*direct, ("bot.shared.clock", "json")], RASA_SIDE).kept
    broken = check([*direct, ("bot.shared.clock", "bot.db"), ("bot.db", "pydantic")], RASA_SIDE)
    assert not broken.kept
    assert broken.metadata["outside"] == {
        "bot.db": ["bot.channels.rest", "bot.shared.clock", "bot.db"],
        "pydantic": ["bot.channels.rest", "bot.shared.clock", "bot.db", "pydantic"],
    }


def test_the_packages_above_an_entry_run_in_its_process() -> None:
    broken = check([], ["bot", "bot.channels.**"])
    assert broken.metadata["outside"] == {"bot.channels": ["bot.channels.rest", "bot.channels"]}


# The Rasa-side tests (tests/rasa_side) run in the Rasa environment too: they may load what
# the Rasa process may (the contract above) and beyond it only these, which those very tests
# show to run on Rasa's pins.
RASA_SIDE_TESTS_MAY_ALSO_LOAD = [
    "tests",
    "tests.rasa_side",
    "tests.rasa_side.**",
    "tests.support",  # the package docstring only
    "tests.support.tiers",  # every test in one tier (conftest.py)
    "tests.support.shuffle",  # the unit tests in a random order (conftest.py's pytest_plugins)
    "tests.support.ports",  # a free port for a Rasa server under test
    "bot.conversation.which_intent",  # test_doubt: the fallback's "Bedoelt u" choices
    "bot.db",  # the package docstring only
    "bot.db.tracker_store",  # test_tracker_cache: the events table's driver URLs (SQLAlchemy only)
    "tests.support.postgres",  # test_tracker_cache: a database of its own (SQLAlchemy only)
    "tests.support.graph_api",  # test_typing: a fake Graph API (standard library only)
]
RASA_SIDE_TESTS_MAY_ALSO_USE = [
    "pytest",
    "sklearn",  # bot.nlu.evaluation (test_nlu_heldout), with Rasa's own scikit-learn
]


def test_the_rasa_side_tests_load_only_what_the_rasa_environment_runs() -> None:
    graph = grimp.build_graph("bot", "actions", "tests", include_external_packages=True)
    rasa = boundary_options()
    tests = sorted(m for m in graph.modules if m.startswith("tests.rasa_side."))
    contract = ClosedImportsContract(
        name="Rasa-side tests",
        session_options={"root_packages": ["bot", "actions", "tests"]},
        contract_options={
            "entry_modules": tests,
            "allowed_modules": [*rasa["allowed_modules"], *RASA_SIDE_TESTS_MAY_ALSO_LOAD],
            "allowed_external": [*rasa["allowed_external"], *RASA_SIDE_TESTS_MAY_ALSO_USE],
        },
    )
    checked = contract.check(graph, verbose=False)
    assert len(tests) > 10
    assert checked.kept, checked.metadata["outside"]
