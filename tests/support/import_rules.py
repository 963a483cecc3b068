"""An import-linter contract type for the environment boundary (`make lint`, pyproject.toml).

The Rasa server runs in its own environment (Rasa 3.6: SQLAlchemy 1.4, pydantic 1), and
loads modules of `bot` by name: its components (config.yml), channels (credentials.yml),
event broker (endpoints.yml) and `python -m bot.rasa_side.server`. Everything those import,
directly or through a chain, and every package above them (importing `bot.channels.rest`
runs `bot/__init__.py` and `bot/channels/__init__.py`), runs in the Rasa environment too.
import-linter's own contracts forbid named modules; this one allows named modules only, so
a module that newly enters the Rasa process fails the check until it is listed, with its
reason, in the contract.
"""

import sys
from collections import deque

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output
from importlinter.domain.helpers import module_expressions_to_modules


def packages_above(module: str) -> list[str]:
    """`bot.channels.rest` → `bot`, `bot.channels`: Python runs their `__init__` first."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def loaded_by(graph: ImportGraph, entries: list[str]) -> dict[str, list[str]]:
    """Every module the entries load, each with one chain that loads it (entry first)."""
    chains = {entry: [entry] for entry in entries}
    waiting = deque(entries)
    while waiting:
        module = waiting.popleft()
        for imported in [*packages_above(module), *graph.find_modules_directly_imported_by(module)]:
            if imported not in chains:
                chains[imported] = [*chains[module], imported]
                waiting.append(imported)
    return chains


class ClosedImportsContract(Contract):
    """What `entry_modules` load, through any chain, is in `allowed_modules`, the standard
    library or `allowed_external` (top-level names of installed packages)."""

    type_name = "closed_imports"

    entry_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.ModuleExpressionField())
    allowed_external = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        entries = [module.name for module in self.entry_modules]  # type: ignore[attr-defined]
        missing = [entry for entry in entries if entry not in graph.modules]
        allowed = {
            module.name
            for module in module_expressions_to_modules(graph, self.allowed_modules)  # type: ignore[arg-type]
        }
        external = set(self.allowed_external) | set(sys.stdlib_module_names)  # type: ignore[arg-type]
        chains = loaded_by(graph, [entry for entry in entries if entry in graph.modules])
        outside = {
            module: chain
            for module, chain in sorted(chains.items())
            if module not in allowed
            and not (graph.is_module_squashed(module) and module in external)
        }
        return ContractCheck(
            kept=not missing and not outside,
            metadata={"missing": missing, "outside": outside},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for entry in check.metadata["missing"]:
            output.print_error(f"{entry} is not a module: the entry list is out of date.")
            output.new_line()
        for module, chain in check.metadata["outside"].items():
            output.print_error(f"{module} is not allowed, loaded by:")
            output.new_line()
            output.indent_cursor()
            output.print(" -> ".join(chain))
            output.new_line()
