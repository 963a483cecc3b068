"""The processes of a running stack as the operating system shows them (Linux /proc):
their command lines (what `ps` shows everyone) and their environment (only their owner)."""

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from tests.support.stack import RunningStack


@dataclass(frozen=True)
class Process:
    pid: int
    argv: list[str]
    environ: dict[str, str]


def _parent_of(pid_dir: Path) -> int | None:
    try:
        stat = (pid_dir / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # after the state: the parent's pid


def _descendants(root: int) -> set[int]:
    """`root` and every process below it (the services run in sessions of their own)."""
    parents = {int(d.name): _parent_of(d) for d in Path("/proc").iterdir() if d.name.isdigit()}
    found, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found.update(children)
        frontier.extend(children)
    return found


def _read_nul_list(path: Path) -> list[str]:
    return [part.decode(errors="replace") for part in path.read_bytes().split(b"\0") if part]


def stack_processes(stack: RunningStack) -> list[Process]:
    """Every process of the stack: `make run` and everything it started."""
    found = []
    for pid in sorted(_descendants(stack.process.pid)):
        pid_dir = Path("/proc") / str(pid)
        try:
            argv = _read_nul_list(pid_dir / "cmdline")
            environ = dict(
                item.split("=", 1) for item in _read_nul_list(pid_dir / "environ") if "=" in item
            )
        except OSError:
            continue
        found.append(Process(int(pid_dir.name), argv, environ))
    return found


def stack_secret(stack: RunningStack, name: str) -> str:
    """A secret the stack's services got in their environment (made by `make run`)."""
    values = {p.environ[name] for p in stack_processes(stack) if p.environ.get(name)}
    assert len(values) == 1, f"{name}: {len(values)} values among the stack's processes"
    return values.pop()


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on `port` (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(_address(address))
    return found


def _address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return ".".join(str(b) for b in reversed(raw))
    words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
    return str(ipaddress.IPv6Address(b"".join(words)))
