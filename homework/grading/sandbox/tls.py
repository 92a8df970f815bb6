"""The real addresses, inside the box: https://openrouter.ai and https://api.telegram.org.

A student's own bot talks to `https://openrouter.ai/api/v1` and `https://api.telegram.org`
with no OPENROUTER_BASE_URL or TELEGRAM_API_URL set; a graded run that set them to
`http://127.0.0.1:…` would be easy to tell apart. So, sandboxed, those variables stay unset:
in each student process's /etc/hosts the two names lead to its own fakes, which listen on
port 443 of a loopback address of the worker's network namespace (where nothing else is)
and speak TLS with a certificate for both names. The certificate's authority is made for
this grading run (`make`) and is the CA bundle inside the box only (in place of certifi's,
which `requests` uses, and the system's): nowhere outside the box is anything trusted anew,
and the authority's private key is never written down.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

NAMES = ("openrouter.ai", "api.telegram.org")
PORT = 443
# Loopback addresses of the worker's own network namespace: the Telegram fake, the checks
# runner's OpenRouter fake and the bot's (each process's /etc/hosts names its own).
ADDRESSES = {"telegram": "127.0.80.1", "runner": "127.0.80.2", "bot": "127.0.80.3"}
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def _certifi() -> str | None:
    """certifi's bundle (what `requests` trusts), if certifi is installed."""
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


def make(folder: Path) -> dict | None:
    """A fresh authority and a certificate for NAMES in `folder`; None where none can be made.

    The result travels in the job: the server's certificate and key (for the worker), and the
    bundles to bind over certifi's and the system's inside the box.
    """
    try:
        import trustme
    except ImportError:  # the course's requirements have it; without it, local URLs
        return None
    authority = trustme.CA(organization_name="Root Certificate Authority",
                           organization_unit_name="Root CA R2")
    server = authority.issue_cert(*NAMES, organization_name="Cloud Edge Services",
                                  organization_unit_name="Edge")
    folder.mkdir(mode=0o711)
    key = folder / "server.pem"
    with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(server.private_key_and_cert_chain_pem.bytes())
    # Inside, the bundles hold this authority alone: the box reaches no other server, and a
    # bundle of one loads in a fraction of a millisecond where certifi's 150 take ~17 ms, for
    # every connection `requests` opens.
    bundle = folder / "bundle.pem"
    bundle.write_bytes(authority.cert_pem.bytes())
    bundle.chmod(0o644)
    binds = [(str(bundle), path) for path in (_certifi(), SYSTEM_BUNDLE)
             if path and os.path.isfile(path)]
    return {"key": str(key), "binds": binds} if binds else None


def serve_tls(fake, key: str) -> None:
    """Make the fake (bound, not yet serving) speak TLS with the certificate in `key`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(key)
    httpd = fake.httpd
    # The handshake happens in the connection's own thread, on its first read (under the
    # fake's timeouts), never in the thread that accepts: a silent client blocks nothing.
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True,
                                       do_handshake_on_connect=False)
    plain = httpd.handle_error

    def handle_error(request, client_address) -> None:
        """A client that gives up on the handshake is no error of the fake's."""
        import sys

        if not isinstance(sys.exc_info()[1], (ssl.SSLError, OSError)):
            plain(request, client_address)

    httpd.handle_error = handle_error


def hosts_lines(name: str) -> str:
    """/etc/hosts lines of process `name` ("runner", "bot"): the names lead to its fakes."""
    return (f"{ADDRESSES[name]}\t{NAMES[0]}\n"
            f"{ADDRESSES['telegram']}\t{NAMES[1]}\n")

