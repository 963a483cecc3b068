"""Several machines on this one: a network namespace per host (`ip netns`), each with a
veth link to a private bridge in this namespace, which is the services' host at .1.

The hosts reach each other and the services' host over the bridge and nothing else: no
route leaves it, and the services listen on loopback and the bridge's address only.
Needs root (as on the machines and CI here).
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if done.returncode:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


@dataclass(frozen=True)
class Network:
    bridge: str
    prefix: str  # the first three parts of the hosts' IPv4 addresses
    namespaces: dict[str, str]  # host name -> namespace

    @property
    def gateway(self) -> str:
        """The services' host (this namespace) on the bridge."""
        return f"{self.prefix}.1"

    def address(self, host: str) -> str:
        return f"{self.prefix}.{list(self.namespaces).index(host) + 2}"

    def command(self, host: str, command: list[str]) -> list[str]:
        """`command` run on `host`; `ip netns exec` execs it, so its pid is the command's."""
        return ["ip", "netns", "exec", self.namespaces[host], *command]


@contextmanager
def network(hosts: list[str]) -> Iterator[Network]:
    """Namespaces for `hosts` on a new bridge; removed again afterwards."""
    tag = f"{os.getpid() % 100000}"
    prefix = f"10.231.{os.getpid() % 250 + 1}"
    net = Network(f"plb{tag}", prefix, {host: f"placement-{tag}-{host}" for host in hosts})
    try:
        _ip("link", "add", net.bridge, "type", "bridge")
        _ip("addr", "add", f"{net.gateway}/24", "dev", net.bridge)
        _ip("link", "set", net.bridge, "up")
        for number, (host, namespace) in enumerate(net.namespaces.items()):
            outside, inside = f"plv{tag}h{number}", f"plv{tag}n{number}"
            _ip("netns", "add", namespace)
            _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
            _ip("link", "set", inside, "netns", namespace)
            _ip("link", "set", outside, "master", net.bridge, "up")
            _ip("-n", namespace, "addr", "add", f"{net.address(host)}/24", "dev", inside)
            _ip("-n", namespace, "link", "set", inside, "up")
            _ip("-n", namespace, "link", "set", "lo", "up")
        yield net
    finally:
        for namespace in net.namespaces.values():
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, timeout=30)
        subprocess.run(["ip", "link", "del", net.bridge], capture_output=True, timeout=30)
