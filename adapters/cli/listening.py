"""The listening sockets of `serve`, bound before anything else starts.

Binding first turns a taken port or a wrong --host into one line before migrations run or
Slack is dialled, and lets the banner say "listening" only once that is true.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Sequence
from typing import Any

from adapters.cli.checks import CannotStart


def bind_listeners(host: str, port: int, backlog: int = 128) -> list[socket.socket]:
    """Every address `host` resolves to (localhost: IPv4 and IPv6), like asyncio would bind."""
    try:
        addresses = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as error:
        message = f"--host {host}: not a name or address this machine knows"
        raise CannotStart(message, retry=False) from error
    listeners: list[socket.socket] = []
    try:
        for family, kind, proto, _canonical, address in unique(addresses):
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            if os.name == "posix":  # as asyncio does: restart at once after a stop
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:  # `::` must not also claim the IPv4 port
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind((address[0], port, *address[2:]))
            listener.listen(backlog)
            port = listener.getsockname()[1]  # with --port 0, every address shares one port
    except OSError as error:
        for listener in listeners:
            listener.close()
        # Only a taken port may free itself; a wrong address or a privileged port will not.
        retry = error.errno == errno.EADDRINUSE
        raise CannotStart(describe_bind_error(error, host, port), retry=retry) from error
    return listeners


Address = tuple[socket.AddressFamily, socket.SocketKind, int, str, tuple[Any, ...]]


def unique(addresses: Sequence[Address]) -> list[Address]:
    """getaddrinfo can list one address twice (e.g. once per /etc/hosts line)."""
    seen: dict[tuple[int, str], Address] = {}
    for entry in addresses:
        seen.setdefault((entry[0], str(entry[4][0])), entry)
    return list(seen.values())


def describe_bind_error(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is in use: choose another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine"
    if error.errno == errno.EACCES:
        return (
            f"port {port} needs privileges: use a port above 1024 with --port "
            "(and a reverse proxy in front for 443)"
        )
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


def listening_url(host: str, listener: socket.socket) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{listener.getsockname()[1]}"
