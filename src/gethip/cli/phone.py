"""What `gethip serve --lan` prints: the phone's address, a QR code of it, and how to trust it."""

from __future__ import annotations

import io

import segno
from rich.console import Console
from rich.text import Text

from gethip.web.authority import CA_PATH
from gethip.web.local_ca import ServerCertificate


def qr_lines(text: str) -> str:
    """``text`` as a QR code of half-block characters, two modules a line.

    segno's compact writer prints dark modules as blanks and light ones as
    blocks, so the code is drawn white on black: it scans on dark and light
    terminals alike.
    """
    out = io.StringIO()
    segno.make(text, micro=False).terminal(out=out, compact=True)
    return out.getvalue()


def show_phone_steps(console: Console, url: str, certificate: ServerCertificate) -> None:
    console.print(f"gethip is running at [bold]{url}[/]  (Ctrl+C to stop)", highlight=False)
    console.print("\nOn your phone, on the same Wi-Fi, scan this or type the address:")
    console.print(Text(qr_lines(url), style="white on black"), crop=False, soft_wrap=True)
    if certificate.new_authority:
        console.print("[bold]gethip made a new certificate authority.[/]", highlight=False)
    steps = [
        "First time on a phone? Trust gethip's certificate authority, once:",
        f"  1. Open {url.rstrip('/')}{CA_PATH} and continue past the warning:",
        "     it downloads gethip-ca.crt.",
        "  2. Android: Settings › Security › Encryption & credentials ›",
        "     Install a certificate › CA certificate, then pick gethip-ca.crt.",
        "     iPhone: allow the download, then Settings › Profile Downloaded › Install;",
        "     then Settings › General › About › Certificate Trust Settings, and switch on",
        f"     “{certificate.authority_name}”.",
        "  3. Open the address again: no warning now. Add it to your home screen.",
        "  The authority's SHA-256 fingerprint, as the phone shows it:",
        f"  {certificate.fingerprint}",
    ]
    console.print("\n".join(steps), highlight=False, markup=False, soft_wrap=True)
