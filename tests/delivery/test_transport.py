"""The transport: TLS verified, plain HTTP only to loopback, answers sorted into verdicts."""

from __future__ import annotations

import datetime
import ssl
from collections.abc import Callable
from pathlib import Path

import pytest
import trustme

from redactlint.delivery import DeliveryConfigError, Transport, parse_retry_after
from redactlint.delivery.transport import verdict_of

from .conftest import Collector, free_port, server_context

BODY = b'{"batch":"b","sent":"t","events":[]}'


@pytest.mark.parametrize("url", ["http://example.com/v1", "http://10.0.0.1:8080/"])
def test_plain_http_is_refused_unless_loopback(url: str) -> None:
    with pytest.raises(DeliveryConfigError, match=r"refusing plain http:// .*encrypted"):
        Transport(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "localhost"])
def test_plain_http_to_loopback_is_allowed(host: str) -> None:
    assert Transport(f"http://{host}:4318/v1/logs").context is None


def test_other_schemes_and_a_lone_key_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DeliveryConfigError, match="must be https"):
        Transport("ftp://example.com/")
    with pytest.raises(DeliveryConfigError, match="client_key was given without client_cert"):
        Transport("https://example.com/", client_key=tmp_path / "key.pem")


def test_verdicts() -> None:
    assert [verdict_of(s) for s in (200, 202, 204)] == ["accepted"] * 3
    assert [verdict_of(s) for s in (500, 503, 408, 429)] == ["retry"] * 4
    assert [verdict_of(s) for s in (400, 401, 403, 404, 413, 301)] == ["rejected"] * 6


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime.datetime(2026, 12, 7, 4, 0, 0, tzinfo=datetime.timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Mon, 07 Dec 2026 04:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 07 Dec 2026 03:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_a_verified_post_is_accepted(collector: Collector, ca_file: Path) -> None:
    outcome = Transport(collector.url, ca_file=ca_file).post(BODY, "application/json")
    assert (outcome.verdict, outcome.status) == ("accepted", 200)
    assert collector.batches == [{"batch": "b", "sent": "t", "events": []}]


def test_503_with_retry_after_and_400(collector: Collector, ca_file: Path) -> None:
    collector.script((503, {"Retry-After": "1"}), (400, {}))
    transport = Transport(collector.url, ca_file=ca_file)
    outcome = transport.post(BODY, "application/json")
    assert (outcome.verdict, outcome.status, outcome.retry_after) == ("retry", 503, 1.0)
    assert transport.post(BODY, "application/json").verdict == "rejected"
    assert collector.batches == []


def test_no_server_is_retry_later(ca_file: Path) -> None:
    outcome = Transport(f"https://127.0.0.1:{free_port()}/", ca_file=ca_file, timeout=2).post(
        BODY, "application/json"
    )
    assert outcome.verdict == "retry" and outcome.status is None


@pytest.mark.parametrize("problem", ["another CA", "wrong hostname"])
def test_a_certificate_that_does_not_verify_is_refused(
    problem: str, make_collector: Callable[..., Collector], ca: trustme.CA, ca_file: Path
) -> None:
    if problem == "another CA":
        cert = trustme.CA().issue_cert("127.0.0.1")
    else:
        cert = ca.issue_cert("collector.example")
    collector = make_collector(server_context(cert)).start()
    outcome = Transport(collector.url, ca_file=ca_file).post(BODY, "application/json")
    assert outcome.verdict == "retry" and "certificate" in outcome.detail
    assert collector.batches == []


def test_client_certificates(
    make_collector: Callable[..., Collector], ca: trustme.CA, ca_file: Path, tmp_path: Path
) -> None:
    context = server_context(ca.issue_cert("127.0.0.1"))
    context.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(context)
    collector = make_collector(context).start()
    client = ca.issue_cert("instance-42@example.com")
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    client.cert_chain_pems[0].write_to_path(str(cert))
    client.private_key_pem.write_to_path(str(key))
    anonymous = Transport(collector.url, ca_file=ca_file).post(BODY, "application/json")
    assert anonymous.verdict == "retry"
    known = Transport(collector.url, ca_file=ca_file, client_cert=cert, client_key=key)
    assert known.post(BODY, "application/json").verdict == "accepted"
    assert len(collector.batches) == 1
