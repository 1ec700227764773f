"""Core events reach `logging`; secrets never do; forked children work (sync, async, fleet mode)."""

import asyncio
import logging
import os

import pytest

import chat_platform as cp
from chat_platform import exceptions as ex


def test_core_events_reach_logging_without_secrets(fresh, caplog):
    caplog.set_level(1, logger="chat_platform")
    cp._native._refresh_log_level()
    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, min_token_interval=0.0, retry_base_delay=0.001)
    token = c.fetch_token().access_token
    c.register_user("logme", "Pa55word-for-logs")
    fresh.set_faults({"rules": [{"route": "GET /users/{username}", "count": 1, "status": 503}]})
    c.get_user("logme")
    fresh.revoke_tokens()
    c.get_user("logme")
    new_token = c.fetch_token().access_token
    with pytest.raises(ex.ChatPlatformError):
        c.set_password("ghost", "Pa55word-for-logs")
    with pytest.raises(ex.ChatPlatformError):
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret="Wr0ng-secret-xyz").get_user("x")
    records = [r for r in caplog.records if r.name == "chat_platform"]
    text = "\n".join(r.getMessage() for r in records)
    assert any("fetched a new app token" in r.getMessage() for r in records)
    assert any("retrying" in r.getMessage() and r.levelno == logging.INFO for r in records)
    assert any("request done" in r.getMessage() and r.levelno == logging.DEBUG for r in records)
    for secret in (fresh.client_secret, token, new_token, "Pa55word-for-logs", "Wr0ng-secret-xyz"):
        assert secret not in text


def test_quiet_logger_hears_nothing(fresh, caplog):
    logging.getLogger("chat_platform").setLevel(logging.ERROR)
    cp._native._refresh_log_level()
    caplog.set_level(logging.ERROR, logger="chat_platform")
    fresh.client().fetch_token()
    assert not [r for r in caplog.records if r.name == "chat_platform" and r.levelno < logging.ERROR]
    logging.getLogger("chat_platform").setLevel(logging.NOTSET)


def test_a_forked_child_gets_its_own_runtime(fresh):
    c = fresh.client()
    c.register_user("parent", "pw")
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            code = 0 if c.get_user("parent").username == "parent" and c.register_user("child", "pw").username == "child" else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0, "the child could use the client"
    assert c.get_user("child").username == "child", "and the parent still can"


def _in_child(work):
    """Runs `work` in a forked child; the child's exit status: 0 when it returned True."""
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            code = 0 if work() else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status)


def test_an_async_client_made_before_fork_works_in_the_child(fresh):

    c = cp.AsyncClient(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                                  client_secret=fresh.client_secret, min_token_interval=0.0)
    assert asyncio.run(c.register_user("async-parent", "pw-12345")).username == "async-parent"

    async def child():
        got = await c.get_user("async-parent")
        made = await c.register_user("async-child", "pw-12345")
        return got.username == "async-parent" and made.username == "async-child"

    assert _in_child(lambda: asyncio.run(child())) == 0, "the child could use the async client"
    assert asyncio.run(c.get_user("async-child")).username == "async-child", "and the parent still can"


def test_a_fleet_client_made_before_fork_shares_its_token_with_the_children():
    redis = os.environ.get("CHAT_PLATFORM_TEST_REDIS")
    assert redis, "CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)"
    with cp.Emulator(org=f"pyfork{os.getpid()}", app="fleet") as emu:
        c = cp.Client(base_url=emu.url, app_key=emu.app_key, client_id=emu.client_id,
                                 client_secret=emu.client_secret, shared_store=redis)
        c.register_user("forked", "pw-12345")
        assert emu.stats()["token_grants"] == 1
        statuses = [_in_child(lambda: c.get_user("forked").username == "forked") for _ in range(3)]
        assert statuses == [0, 0, 0], statuses
        assert c.get_user("forked").username == "forked"
        assert emu.stats()["token_grants"] == 1, "the children used the fleet's token"
