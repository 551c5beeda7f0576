"""POST one batch to the collector over HTTPS, and say what the answer means.

Encrypted in motion by default: the server's certificate is verified against the
system's trust store, or against ``ca_file`` (a PEM bundle) when given, and its
hostname must match. A client certificate (``client_cert``, and ``client_key`` when
the key is in its own file) authenticates the instance where the collector asks for
one. Plain ``http://`` is refused unless the host is loopback (``127.0.0.1``, ``::1``,
``localhost``): a local agent or collector on the same machine is the one place an
unencrypted hop does not leave the machine.

The answer is an ``Outcome``:

- ``accepted``: a 2xx status; the batch can be acknowledged;
- ``retry``: 5xx, 408, 429, a connection error or a timeout; ``retry_after`` carries the
  server's ``Retry-After`` (seconds or an HTTP date) in seconds when it sent one;
- ``rejected``: any other status (a 4xx saying the batch itself is wrong, a redirect
  this client does not follow): sending it again cannot help, so it is dropped and
  counted rather than retried forever.
"""

from __future__ import annotations

import datetime
import email.utils
import http.client
import os
import ssl
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
DEFAULT_TIMEOUT = 10.0  # seconds, for connecting and for each read

Verdict = Literal["accepted", "retry", "rejected"]


class DeliveryConfigError(ValueError):
    """A delivery setting that cannot work (an unencrypted URL, a missing certificate)."""


@dataclass(frozen=True)
class Outcome:
    """What one POST came to."""

    verdict: Verdict
    status: int | None = None
    retry_after: float | None = None  # seconds
    detail: str = ""


def parse_retry_after(
    value: str | None, now: datetime.datetime | None = None
) -> float | None:
    """``Retry-After`` in seconds from now (never negative), or None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    current = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - current).total_seconds())


def verdict_of(status: int) -> Verdict:
    if 200 <= status < 300:
        return "accepted"
    if status >= 500 or status in (408, 429):
        return "retry"
    return "rejected"


class Transport:
    """Posts bodies to one collector ``url``."""

    def __init__(
        self,
        url: str,
        *,
        ca_file: Path | str | None = None,
        client_cert: Path | str | None = None,
        client_key: Path | str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        if parts.scheme not in ("https", "http") or not host:
            raise DeliveryConfigError(f"the collector URL must be https://host/..., not {url!r}")
        if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
            raise DeliveryConfigError(
                f"refusing plain http:// to {host}: events must be encrypted in motion; use "
                "https://, or http:// only to a collector on this machine (127.0.0.1, ::1, "
                "localhost)"
            )
        if client_key is not None and client_cert is None:
            raise DeliveryConfigError("client_key was given without client_cert")
        self.url = url
        self.host = host
        self.port = parts.port
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.context: ssl.SSLContext | None = None
        if parts.scheme == "https":
            self.context = ssl.create_default_context(
                cafile=None if ca_file is None else str(ca_file)
            )
            if client_cert is not None:
                self.context.load_cert_chain(
                    str(client_cert), None if client_key is None else str(client_key)
                )
        # One connection kept open between posts (HTTP keep-alive), owned by the process
        # that opened it: a forked child opens its own, never writing to its parent's.
        self._open: http.client.HTTPConnection | None = None
        self._owner = os.getpid()

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """The open connection when there is one (True), else a new one (False)."""
        if self._open is not None and self._owner == os.getpid():
            return self._open, True
        self._open, self._owner = None, os.getpid()
        if self.context is None:
            return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout), False
        return http.client.HTTPSConnection(
            self.host, self.port, timeout=self.timeout, context=self.context
        ), False

    def close(self) -> None:
        """Close the kept connection, if this process opened it."""
        if self._open is not None and self._owner == os.getpid():
            self._open.close()
        self._open = None

    def post(self, body: bytes, content_type: str) -> Outcome:
        """Send ``body``; never raises for network or server trouble, it is an ``Outcome``.

        A kept connection the server has meanwhile closed fails before any answer: the
        post is made once more on a new connection."""
        while True:
            connection, reused = self._connection()
            try:
                connection.request(
                    "POST",
                    self.path,
                    body=body,
                    headers={**self.headers, "Content-Type": content_type},
                )
                response = connection.getresponse()
                response.read()
                status = response.status
                retry_after = parse_retry_after(response.getheader("Retry-After"))
            except ssl.SSLCertVerificationError as error:
                # A certificate that does not verify may be fixed by the other side (a
                # renewed certificate): retried, and the events stay queued.
                self._drop(connection)
                return Outcome("retry", detail=f"certificate refused: {error.verify_message}")
            except (OSError, http.client.HTTPException) as error:
                self._drop(connection)
                if reused:
                    continue
                return Outcome("retry", detail=f"{type(error).__name__}: {error}")
            if response.will_close:
                self._drop(connection)
            else:
                self._open = connection
            return Outcome(verdict_of(status), status, retry_after, f"HTTP {status}")

    def _drop(self, connection: http.client.HTTPConnection) -> None:
        connection.close()
        self._open = None
