"""gethip's own certificate authority: made once, name-constrained, and a server certificate phones accept."""

from __future__ import annotations

import ipaddress
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from gethip.web.local_ca import SERVER_DAYS, ServerCertificate, ensure_server_certificate

NOW = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
HOME = ipaddress.ip_address("192.168.1.20")
NAMES = ["runner-laptop.local"]


def make(folder: Path, address: str = "192.168.1.20", now: datetime = NOW) -> ServerCertificate:
    return ensure_server_certificate(
        folder, ipaddress.ip_address(address), NAMES, "runner-laptop", now
    )


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def verify(ca: x509.Certificate, leaf: x509.Certificate, name: x509.GeneralName, when: datetime):
    """Full path validation, name constraints included, as a browser does it."""
    subject = (
        x509.verification.IPAddress(name.value)
        if isinstance(name, x509.IPAddress)
        else x509.verification.DNSName(name.value)
    )
    verifier = PolicyBuilder().store(Store([ca])).time(when).build_server_verifier(subject)
    return verifier.verify(leaf, [])


def test_the_authority_signs_server_certificates_only_for_ten_years(tmp_path: Path) -> None:
    made = make(tmp_path)
    ca = load(made.files.authority)
    assert made.authority_name == "gethip local CA on runner-laptop"
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == made.authority_name
    assert ca.issuer == ca.subject
    basic = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca and basic.value.path_length == 0
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and not usage.value.digital_signature
    lifetime = ca.not_valid_after_utc - ca.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3653)
    assert ca.not_valid_before_utc <= NOW
    assert made.fingerprint == ca.fingerprint(hashes.SHA256()).hex(":").upper()


def test_the_authority_is_constrained_to_home_networks_and_local_names(tmp_path: Path) -> None:
    ca = load(make(tmp_path).files.authority)
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical
    permitted = constraints.value.permitted_subtrees or []
    networks = {name.value for name in permitted if isinstance(name, x509.IPAddress)}
    assert ipaddress.ip_network("192.168.0.0/16") in networks
    assert ipaddress.ip_network("10.0.0.0/8") in networks
    assert all(not network.is_global for network in networks)
    assert [name.value for name in permitted if isinstance(name, x509.DNSName)] == ["local"]


def test_the_server_certificate_chains_to_the_authority_for_the_address(tmp_path: Path) -> None:
    made = make(tmp_path)
    ca, leaf = load(made.files.authority), load(made.files.server)
    chain = verify(ca, leaf, x509.IPAddress(HOME), NOW)
    assert chain[-1] == ca
    verify(ca, leaf, x509.DNSName("runner-laptop.local"), NOW)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [HOME]
    assert names.get_values_for_type(x509.DNSName) == NAMES
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc <= timedelta(days=SERVER_DAYS)
    assert SERVER_DAYS <= 397
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    extended = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(extended) == [ExtendedKeyUsageOID.SERVER_AUTH]
    key = serialization.load_pem_private_key(made.files.server_key.read_bytes(), None)
    assert key.public_key() == leaf.public_key()
    with pytest.raises(VerificationError):
        verify(ca, leaf, x509.IPAddress(ipaddress.ip_address("192.168.1.21")), NOW)
    with pytest.raises(VerificationError):
        verify(ca, leaf, x509.IPAddress(HOME), NOW + timedelta(days=SERVER_DAYS + 1))


def test_a_leaked_authority_key_cannot_vouch_for_a_site_on_the_internet(tmp_path: Path) -> None:
    made = make(tmp_path)
    ca = load(made.files.authority)
    ca_key = serialization.load_pem_private_key(made.files.authority_key.read_bytes(), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    for name in (x509.DNSName("bank.example"), x509.IPAddress(ipaddress.ip_address("8.8.8.8"))):
        key = ec.generate_private_key(ec.SECP256R1())
        forged = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")]))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - timedelta(days=1))
            .not_valid_after(NOW + timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([name]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
            )
            .sign(ca_key, hashes.SHA256())
        )
        with pytest.raises(VerificationError, match=r"(?i)name constraint"):
            verify(ca, forged, name, NOW)


def test_the_files_are_the_owners_alone(tmp_path: Path) -> None:
    made = make(tmp_path / "tls")
    assert stat.S_IMODE((tmp_path / "tls").stat().st_mode) == 0o700
    files = made.files
    for path in (files.authority, files.authority_key, files.server, files.server_key):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert sorted(p.name for p in (tmp_path / "tls").iterdir()) == [
        "ca-key.pem",
        "ca.pem",
        "server-key.pem",
        "server.pem",
    ]


def test_the_next_start_reuses_both_certificates(tmp_path: Path) -> None:
    first = make(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    again = make(tmp_path, now=NOW + timedelta(days=200))
    assert (first.new_authority, first.renewed) == (True, True)
    assert (again.new_authority, again.renewed) == (False, False)
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_new_address_renews_the_server_certificate_and_keeps_the_authority(
    tmp_path: Path,
) -> None:
    make(tmp_path)
    ca_before = (tmp_path / "ca.pem").read_bytes()
    moved = make(tmp_path, address="10.0.0.7")
    assert (moved.new_authority, moved.renewed) == (False, True)
    assert (tmp_path / "ca.pem").read_bytes() == ca_before
    leaf = load(moved.files.server)
    verify(load(moved.files.authority), leaf, x509.IPAddress(ipaddress.ip_address("10.0.0.7")), NOW)


def test_a_server_certificate_near_its_end_is_renewed_in_time(tmp_path: Path) -> None:
    make(tmp_path)
    later = NOW + timedelta(days=SERVER_DAYS - 20)
    renewed = make(tmp_path, now=later)
    assert renewed.renewed and not renewed.new_authority
    leaf = load(renewed.files.server)
    assert leaf.not_valid_after_utc > later + timedelta(days=300)


def test_a_damaged_authority_is_made_anew_and_says_so(tmp_path: Path) -> None:
    first = make(tmp_path)
    (tmp_path / "ca-key.pem").write_bytes(b"not a key")
    again = make(tmp_path)
    assert again.new_authority and again.renewed
    assert again.fingerprint != first.fingerprint
    verify(load(again.files.authority), load(again.files.server), x509.IPAddress(HOME), NOW)
