"""`gethip serve --lan`: the coach over HTTPS for the phone on the mat, with a certificate it can trust.

The tests serve on 127.0.0.1 (``--lan-address``) and 127.0.0.2: loopback,
so nothing leaves this machine, yet it is the same code a home network gets.
"""

from __future__ import annotations

import ipaddress
import ssl
import stat
from pathlib import Path

import httpx
import numpy as np
import pytest
import segno
import zxingcpp
from cryptography import x509

from gethip.cli.phone import qr_lines
from gethip.web import listening
from tests.cli.runner import gethip
from tests.web.server import free_port, serving

# segno's compact terminal writer: each character is two modules, top and bottom
# (True: dark). Dark modules are printed as blanks.
HALF_BLOCKS = {" ": (True, True), "▀": (False, True), "▄": (True, False), "█": (False, False)}


def trusting(authority: Path) -> ssl.SSLContext:
    """A client that trusts gethip's authority and nothing else, as a phone that installed it."""
    context = ssl.create_default_context(cafile=str(authority))
    return context


def serve_lan(data_dir: Path, address: str, port: int, *extra: str) -> list[str]:
    database = f"sqlite:///{data_dir / 'served.db'}"
    return [
        "--db",
        database,
        "serve",
        "--lan",
        "--lan-address",
        address,
        "--port",
        str(port),
        *extra,
    ]


def read_qr(printed: str) -> list[str]:
    """Every QR code in the terminal output, decoded by a real QR reader (zxing-cpp)."""
    lines = [line for line in printed.splitlines() if line and set(line) <= set(HALF_BLOCKS)]
    width = max(len(line) for line in lines)
    modules = []
    for line in lines:
        pairs = [HALF_BLOCKS[ch] for ch in line.ljust(width, "█")]
        modules.append([top for top, _ in pairs])
        modules.append([bottom for _, bottom in pairs])
    image = np.where(np.array(modules), 0, 255).astype(np.uint8)
    image = np.kron(image, np.ones((6, 6), dtype=np.uint8))  # a camera's view, enlarged
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_the_printed_qr_code_is_the_address(tmp_path: Path) -> None:
    url = "https://192.168.178.42:8443/"
    assert read_qr(qr_lines(url)) == [url]
    # The same modules segno itself makes for the address: nothing lost in printing.
    matrix = segno.make(url, micro=False).matrix
    printed = [line for line in qr_lines(url).splitlines() if line]
    assert len(printed) == (len(matrix) + 8 + 1) // 2  # four-module quiet zone around


def test_serve_lan_answers_https_that_verifies_only_against_its_authority(
    tmp_path: Path,
) -> None:
    port = free_port()
    authority = tmp_path / "tls" / "ca.pem"
    base = f"https://127.0.0.1:{port}"
    # The server makes its authority before it answers; the probe may only trust it then.
    with serving(
        tmp_path, *serve_lan(tmp_path, "127.0.0.1", port), probe=f"{base}/api/today", verify=False
    ) as served:
        trusted = trusting(authority)
        today = httpx.get(f"{base}/api/today", verify=trusted, timeout=10)
        assert today.status_code == 200
        assert today.json()["pick"]["session"] in {"warmup", "openers"}
        page = httpx.get(f"{base}/", verify=trusted, timeout=10)
        assert "content-security-policy" in page.headers
        assert "; Secure" in page.headers["set-cookie"]
        # A phone that has not trusted the authority yet gets no connection at all.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{base}/api/today", timeout=10)
        # The authority is offered for download as phones install it.
        download = httpx.get(f"{base}/ca.crt", verify=trusted, timeout=10)
        assert download.headers["content-type"] == "application/x-x509-ca-cert"
        assert x509.load_der_x509_certificate(download.content) == x509.load_pem_x509_certificate(
            authority.read_bytes()
        )
        pem = httpx.get(f"{base}/ca.pem", verify=trusted, timeout=10)
        assert pem.content == authority.read_bytes()
    output = served.output
    assert f"{base}/" in output
    assert read_qr(output) == [f"{base}/"]
    assert f"{base}/ca.crt" in output
    assert "Install a certificate › CA certificate" in output  # Android
    assert "Certificate Trust Settings" in output  # iPhone
    assert "gethip local CA on" in output
    for path in (tmp_path / "tls").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_serve_lan_keeps_its_certificate_and_renews_it_when_the_address_changes(
    tmp_path: Path,
) -> None:
    tls = tmp_path / "tls"

    def start(address: str) -> str:
        port = free_port()
        base = f"https://{address}:{port}"
        args = serve_lan(tmp_path, address, port)
        with serving(tmp_path, *args, probe=f"{base}/api/today", verify=False) as served:
            answer = httpx.get(f"{base}/api/today", verify=trusting(tls / "ca.pem"), timeout=10)
            assert answer.status_code == 200
        return served.output

    first = start("127.0.0.1")
    assert "new certificate authority" in first
    authority, server = (tls / "ca.pem").read_bytes(), (tls / "server.pem").read_bytes()

    again = start("127.0.0.1")
    assert "new certificate authority" not in again
    assert (tls / "ca.pem").read_bytes() == authority
    assert (tls / "server.pem").read_bytes() == server

    start("127.0.0.2")  # the machine moved to another address: the phone still trusts it
    assert (tls / "ca.pem").read_bytes() == authority
    assert (tls / "server.pem").read_bytes() != server
    leaf = x509.load_pem_x509_certificate((tls / "server.pem").read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.2")]


def test_serve_lan_refuses_an_address_off_any_home_network(tmp_path: Path) -> None:
    result = gethip(tmp_path, "serve", "--lan", "--lan-address", "8.8.8.8", timeout=30)
    assert result.returncode == 2
    assert "not an address on a home network" in result.stderr
    assert not (tmp_path / "tls").exists()
    both = gethip(tmp_path, "serve", "--lan", "--host", "0.0.0.0", timeout=30)
    assert both.returncode == 2
    assert "--lan-address" in both.stderr


# --- finding the address -----------------------------------------------------------------


def test_the_lan_address_is_this_machines_own_or_a_clear_message() -> None:
    # connect() on UDP sends nothing: this is safe with or without a network.
    try:
        found = listening.find_lan_address()
    except listening.NoLanAddress as error:
        assert "--lan-address" in str(error)
        return
    assert not found.is_loopback and not found.is_unspecified


def test_only_loopback_is_served_without_a_word() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert listening.plain(host, 8000, open_ok=False, hostname="vm").open is False
    for host in ("0.0.0.0", "::", "192.168.1.20", "runner-laptop"):
        with pytest.raises(listening.OpenAddress):
            listening.plain(host, 8000, open_ok=False, hostname="vm")
        assert listening.plain(host, 8000, open_ok=True, hostname="vm").open is True


def test_the_lan_listening_answers_its_address_and_local_name() -> None:
    where = listening.on_lan(ipaddress.ip_address("192.168.1.20"), 8443, hostname="Runner-Laptop")
    assert where.url() == "https://192.168.1.20:8443/"
    assert where.names == ("192.168.1.20", "runner-laptop.local")
    assert listening.local_name("not a name!") is None
    v6 = listening.on_lan(ipaddress.ip_address("fd00::2"), 8443, hostname="vm")
    assert v6.url() == "https://[fd00::2]:8443/"


def test_the_readme_tells_a_runner_how_to_reach_the_coach_from_a_phone() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## On your phone", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "gethip serve --lan",
        "--lan-address",
        "/ca.crt",
        "Install a certificate › CA",  # Android
        "Certificate Trust Settings",  # iPhone
        "Add to Home",
    ):
        assert needed in " ".join(section.split()), needed
    assert "--i-know-this-is-open" in readme
