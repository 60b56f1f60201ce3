"""Where `gethip serve` listens, and so which names the app answers to and who can reach it.

Three ways to serve: on loopback (the default, this machine only); on the
home network over HTTPS (``--lan``, for the phone on the mat); or open to
the network over plain HTTP, which anyone on it can read and change, and so
only when the runner says they know (``--i-know-this-is-open``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass

from gethip.core.errors import GethipError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# The networks a phone on the same Wi-Fi can have: private, loopback (tests),
# link-local, carrier-grade NAT (Tailscale and friends) and IPv6 unique-local.
# The local certificate authority may sign for these and nothing else.
LAN_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "127.0.0.0/8",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)
# Any address off every specific route: asking the kernel for the way there
# gives the interface of the default route. Private ranges often have routes
# of their own (a VPN's 10/8, Docker's 172.17/16) and would name those instead.
_ROUTE_PROBE = "198.51.100.1"
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_WILDCARDS = {"0.0.0.0", "::"}


class OpenAddress(GethipError):
    def __init__(self, host: str) -> None:
        super().__init__(
            f"--host {host} can be reached from other machines, and over plain HTTP anyone "
            "on the network could read and change your data. For your phone use --lan "
            "(HTTPS); to serve it open anyway, add --i-know-this-is-open."
        )


class NoLanAddress(GethipError):
    def __init__(self) -> None:
        super().__init__(
            "could not find this machine's address on your network (is Wi-Fi or a cable "
            "connected?); give it with --lan-address, like --lan-address 192.168.1.20"
        )


class NotALanAddress(GethipError):
    def __init__(self, address: str, *, found: bool = False) -> None:
        if found:
            message = (
                f"this machine's address is {address}, which is not on a home network; "
                "give the Wi-Fi one with --lan-address, like --lan-address 192.168.1.20"
            )
        else:
            message = (
                f"{address} is not an address on a home network (like 192.168.1.20 or "
                "10.0.0.5); --lan serves to the phone beside you, not to the internet"
            )
        super().__init__(message)


@dataclass(frozen=True)
class Listening:
    host: str  # the address the socket binds to
    port: int
    https: bool
    # Names the app answers to besides the loopback ones, and the one to show first.
    names: tuple[str, ...] = ()
    # Reachable by other machines over plain HTTP.
    open: bool = False

    def url(self, name: str | None = None) -> str:
        shown = name or (self.names[0] if self.names else self.host)
        if ":" in shown:
            shown = f"[{shown}]"
        return f"{'https' if self.https else 'http'}://{shown}:{self.port}/"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def local_name(hostname: str) -> str | None:
    """``runner-laptop.local``: the name the machine announces on the network, if it has one."""
    label = hostname.split(".")[0].lower()
    return f"{label}.local" if _LABEL.match(label) else None


def on_loopback(host: str, port: int) -> Listening:
    return Listening(host=host, port=port, https=False, names=(host,))


def open_to_network(host: str, port: int, *, hostname: str) -> Listening:
    """Plain HTTP on an address others can reach: the caller warns the runner."""
    if host.strip("[]") in _WILDCARDS:
        # Every interface: answer the names a neighbour would use for this machine.
        try:
            names = [str(find_lan_address())]
        except NoLanAddress:
            names = []
        names += [name for name in (hostname.lower(), local_name(hostname)) if name]
    else:
        names = [host.strip("[]")]
    return Listening(host=host, port=port, https=False, names=tuple(names), open=True)


def plain(host: str, port: int, *, open_ok: bool, hostname: str) -> Listening:
    """Plain HTTP: on loopback, or open to the network when the runner said so."""
    if is_loopback(host):
        return on_loopback(host, port)
    if not open_ok:
        raise OpenAddress(host)
    return open_to_network(host, port, hostname=hostname)


def lan_address(given: str | None) -> IPAddress:
    """The address to serve the phone on: the one given, or this machine's on the default route."""
    if given is None:
        address = find_lan_address()
    else:
        try:
            address = ipaddress.ip_address(given.strip("[]"))
        except ValueError:
            raise NotALanAddress(given) from None
    if not any(address in network for network in LAN_NETWORKS):
        raise NotALanAddress(str(address), found=given is None)
    return address


def on_lan(address: IPAddress, port: int, *, hostname: str) -> Listening:
    names = [str(address)]
    name = local_name(hostname)
    if name:
        names.append(name)
    return Listening(host=str(address), port=port, https=True, names=tuple(names))


def find_lan_address() -> IPAddress:
    # connect() on a UDP socket only chooses the route and the source address;
    # no packet is sent, so this works, and is silent, with the network off.
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((_ROUTE_PROBE, 9))
            found = ipaddress.ip_address(probe.getsockname()[0])
    except OSError:
        raise NoLanAddress() from None
    if found.is_loopback or found.is_unspecified:
        raise NoLanAddress()
    return found
