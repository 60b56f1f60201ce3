"""The local coach answers a kept-alive connection at once, not 40 ms later.

`gethip serve` binds its own socket and hands it to uvicorn, which then does
not turn off Nagle's algorithm on the connections it accepts: each answer's
body waited for the client to acknowledge its headers, and clients delay that
acknowledgement by 40 ms. benchmarks/web.py found it: 22 answers a second
from /api/moves on one connection, against 700 with the fix.
"""

from __future__ import annotations

import socket

from gethip.cli.serve_command import _listen


def test_every_accepted_connection_sends_without_waiting_for_acknowledgements() -> None:
    listener = _listen("127.0.0.1", 0)
    with listener, socket.create_connection(listener.getsockname()[:2]):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
