"""Reliability from Python: the chaos import, timeouts."""

import time

import pytest

import chat_platform as cp
from chat_platform import exceptions as ex

CHAOS = {
    "random": {
        "seed": 20261126, "status_rate": 0.20, "statuses": [429, 503], "retry_after_share": 0.5,
        "retry_after": "0", "drop_rate": 0.05, "after_processing_share": 0.5,
        "latency_rate": 0.05, "latency_ms": 150, "exempt": ["POST /token"],
    }
}


def test_chaos_import_of_10000_users(fresh):
    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, max_attempts=12, retry_base_delay=0.02, retry_max_delay=0.5)
    c.fetch_token()
    fresh.set_faults(CHAOS)
    users = [cp.NewUser(f"py{i:05}", f"pw-{i}") for i in range(10_000)]
    report = c.register_users(users)
    stats = fresh.stats()
    fresh.clear_faults()
    indexes = sorted([f.index for f in report.failed] + [int(u.username[2:]) for u in report.created])
    assert indexes == list(range(10_000)), "every input reported exactly once"
    for f in report.failed:
        assert f.kind == "CONFLICT" and "may have created" in f.reason, f
    stored = [u.username for u in c.iter_users(page_size=100)]
    assert len(stored) == 10_000 and len(set(stored)) == 10_000, "no user lost or duplicated"
    assert stats["token_grants"] == 1
    assert stats["faults_injected"] > 30


def test_a_server_that_never_answers_times_out(fresh):
    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, request_timeout=0.5, max_attempts=1)
    c.fetch_token()
    fresh.set_faults({"rules": [{"count": 1, "latency_ms": 60000}]})
    t0 = time.monotonic()
    with pytest.raises(ex.TransportError) as info:
        c.get_user("anyone")
    took = time.monotonic() - t0
    assert info.value.timeout and info.value.retryable
    assert 0.45 <= took < 2.0, took
