"""Fleet mode through a real Redis (scripts/test-redis.sh starts one for `make test`).

Processes sharing an app and a store make one token grant between them; a
store that is down never fails a call and is reported once; the store's
password never shows.
"""

import logging
import os
import subprocess
import sys

import pytest

import chat_platform

REDIS = os.environ.get("CHAT_PLATFORM_TEST_REDIS")
DEAD = os.environ.get("CHAT_PLATFORM_TEST_DEAD_REDIS")


def store():
    assert REDIS, "CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)"
    return REDIS


WORKER = """
import sys, chat_platform
url, key, cid, secret, store = sys.argv[1:]
with chat_platform.Client(base_url=url, app_key=key, client_id=cid, client_secret=secret, shared_store=store) as c:
    for i in range(5):
        c.get_user(f"u{i}")
print("ok")
"""


def test_processes_sharing_a_store_make_one_token_grant():
    with chat_platform.Emulator(org=f"pyfleet{os.getpid()}", app="grant", latency_ms=20) as emu:
        with chat_platform.Client(base_url=emu.url, app_key=emu.app_key, client_id=emu.client_id,
                                  client_secret=emu.client_secret) as setup:
            setup.register_users([chat_platform.NewUser(f"u{i}", "pw-12345") for i in range(5)])
        grants = emu.stats()["token_grants"]
        args = [emu.url, emu.app_key, emu.client_id, emu.client_secret, store()]
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, *args], stdout=subprocess.PIPE, text=True)
                 for _ in range(4)]
        outs = [p.communicate(timeout=60)[0] for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, outs
        assert emu.stats()["token_grants"] - grants == 1, "one grant for four processes"


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_a_dead_store_never_fails_a_call_and_is_reported_once(fresh, client):
    assert DEAD, "CHAT_PLATFORM_TEST_DEAD_REDIS is not set"
    client.register_users([chat_platform.NewUser(f"u{i}", "pw-12345") for i in range(5)])
    cap = Capture()
    logger = logging.getLogger("chat_platform")
    logger.addHandler(cap)
    logger.setLevel(logging.WARNING)
    try:
        with chat_platform.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                                  client_secret=fresh.client_secret, shared_store=DEAD) as c:
            for i in range(20):
                assert c.get_user(f"u{i % 5}").username == f"u{i % 5}"
    finally:
        logger.removeHandler(cap)
        logger.setLevel(logging.NOTSET)
    warnings = [r for r in cap.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    text = warnings[0].getMessage()
    assert "shared store failed" in text and "calls go on" in text, text


def test_the_store_password_never_shows_and_bad_urls_say_which_keyword(fresh):
    url = "redis://:st0re-Pa55word@127.0.0.1:6379/0"
    c = chat_platform.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                             client_secret=fresh.client_secret, shared_store=url)
    assert "st0re-Pa55word" not in repr(c)
    assert "shared_store='redis://:***@127.0.0.1:6379/0'" in repr(c) or \
        'shared_store="redis://:***@127.0.0.1:6379/0"' in repr(c), repr(c)
    with pytest.raises(TypeError, match="shared_store"):
        chat_platform.Client(base_url=fresh.url, app_key=fresh.app_key, shared_store=6379)
    with pytest.raises(chat_platform.ConfigurationError) as e:
        chat_platform.AsyncClient(base_url=fresh.url, app_key=fresh.app_key, shared_store="http://:pw-secret@h:1")
    assert e.value.field == "shared_store"
    assert "redis://" in str(e.value) and "pw-secret" not in str(e.value)
