"""gethip's own certificate authority, and the server certificate it signs for the home network.

A phone only treats a page as a secure context (service worker, home-screen
install, screen wake lock) over HTTPS with a certificate it trusts. No public
authority signs for 192.168.1.20, so gethip makes its own authority once,
keeps it in the data folder (owner-only files), and the runner trusts it on
the phone once. The authority is name-constrained to home-network addresses
and ``.local`` names: should its key ever leak, it still cannot vouch for
any site on the internet.

The server certificate is renewed whenever the address changes, and well
before it expires; the authority is kept, so the phone need not be told
again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gethip.web.listening import LAN_NETWORKS, IPAddress

AUTHORITY_DAYS = 3652  # ten years
# Phones refuse server certificates valid for longer than 398 days.
SERVER_DAYS = 397
RENEW_BEFORE = timedelta(days=30)
# A phone's clock may run a little behind this machine's.
BACKDATE = timedelta(hours=1)
LOCAL_DOMAIN = "local"


@dataclass(frozen=True)
class CertificateFiles:
    folder: Path

    @property
    def authority(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def authority_key(self) -> Path:
        return self.folder / "ca-key.pem"

    @property
    def server(self) -> Path:
        return self.folder / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.folder / "server-key.pem"


@dataclass(frozen=True)
class ServerCertificate:
    files: CertificateFiles
    authority_name: str
    fingerprint: str  # SHA-256 of the authority, as phones show it
    new_authority: bool  # the phone must be told to trust it (again)
    renewed: bool  # a new server certificate was made on this start


def authority_name(hostname: str) -> str:
    return f"gethip local CA on {hostname}"


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def ensure_server_certificate(
    folder: Path, address: IPAddress, names: Sequence[str], hostname: str, now: datetime
) -> ServerCertificate:
    """The certificate for ``address`` (and ``names``), made or renewed only when needed."""
    files = CertificateFiles(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    authority = _load_authority(files, now)
    new_authority = authority is None
    if authority is None:
        authority = _new_authority(hostname, now)
        _write(files.authority_key, _key_pem(authority[1]))
        _write(files.authority, authority[0].public_bytes(serialization.Encoding.PEM))
    ca, ca_key = authority
    renewed = new_authority or not _server_fits(files, ca, address, names, now)
    if renewed:
        certificate, key = _new_server_certificate(ca, ca_key, address, names, now)
        _write(files.server_key, _key_pem(key))
        _write(files.server, certificate.public_bytes(serialization.Encoding.PEM))
    for path in (files.authority, files.authority_key, files.server, files.server_key):
        path.chmod(0o600)
    return ServerCertificate(
        files=files,
        authority_name=str(ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value),
        fingerprint=fingerprint(ca),
        new_authority=new_authority,
        renewed=renewed,
    )


def _write(path: Path, data: bytes) -> None:
    # Created owner-only, then moved into place: a key is never readable by others,
    # not even for an instant, and a crash leaves the old file whole.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey | None:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    return key if isinstance(key, ec.EllipticCurvePrivateKey) else None


def _load_certificate(path: Path) -> x509.Certificate | None:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return None


def _same_key(certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> bool:
    return certificate.public_key() == key.public_key()


def _load_authority(
    files: CertificateFiles, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    ca = _load_certificate(files.authority)
    key = _load_key(files.authority_key)
    if ca is None or key is None or not _same_key(ca, key):
        return None
    if ca.not_valid_after_utc - now < RENEW_BEFORE:
        return None
    return ca, key


def _server_fits(
    files: CertificateFiles,
    ca: x509.Certificate,
    address: IPAddress,
    names: Sequence[str],
    now: datetime,
) -> bool:
    certificate = _load_certificate(files.server)
    key = _load_key(files.server_key)
    if certificate is None or key is None or not _same_key(certificate, key):
        return False
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return (
        san.get_values_for_type(x509.IPAddress) == [address]
        and sorted(san.get_values_for_type(x509.DNSName)) == sorted(names)
        and certificate.not_valid_before_utc <= now
        and certificate.not_valid_after_utc - now >= RENEW_BEFORE
    )


def _new_authority(
    hostname: str, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, authority_name(hostname)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gethip"),
        ]
    )
    start = now - BACKDATE
    permitted: list[x509.GeneralName] = [x509.IPAddress(network) for network in LAN_NETWORKS]
    permitted.append(x509.DNSName(LOCAL_DOMAIN))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=AUTHORITY_DAYS))
        # Path length 0: it signs server certificates only, never another authority.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _new_server_certificate(
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    address: IPAddress,
    names: Sequence[str],
    now: datetime,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    start = now - BACKDATE
    end = min(start + timedelta(days=SERVER_DAYS), ca.not_valid_after_utc)
    alternative: list[x509.GeneralName] = [x509.IPAddress(address)]
    alternative += [x509.DNSName(name) for name in names]
    certificate = (
        x509.CertificateBuilder()
        # Browsers read only the alternative names; the common name is for people.
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gethip")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return certificate, key


def authority_der(pem: bytes) -> bytes:
    """The authority as phones install it (a .crt is DER)."""
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
