"""on_event: one Event per attempt and per call, routes never holding a user name, retries
with their reason, the app token's fetches as calls; a bad hook is named, a raising one
changes nothing; the hook survives fork."""

import asyncio
import os

import pytest

import chat_platform as cp


def watched(emu, events, cls=cp.Client, **kw):
    return cls(base_url=emu.url, app_key=emu.app_key, client_id=emu.client_id,
               client_secret=emu.client_secret, retry_base_delay=0.001, on_event=events.append, **kw)


def test_each_attempt_and_call_is_an_event(fresh):
    events = []
    c = watched(fresh, events)
    with pytest.raises(cp.NotFoundError):
        c.get_user("ghost-user")
    calls = [e for e in events if e.kind == "call"]
    assert [e.operation for e in calls] == ["fetch_token", "get_user"]
    get = calls[1]
    assert (get.method, get.route, get.attempt, get.status, get.error) == ("GET", "/users/{username}", 1, 404, "NOT_FOUND")
    assert get.server_code and get.duration > 0 and get.queued >= 0
    attempt = [e for e in events if e.kind == "attempt" and e.operation == "get_user"][0]
    assert (attempt.attempt, attempt.status, attempt.retry, attempt.retry_reason) == (1, 404, False, None)
    assert attempt.duration <= get.duration
    shown = " ".join(repr(e) + str(e.server_code) for e in events)
    assert "ghost-user" not in shown and fresh.client_secret not in shown
    assert "Event(kind=\"call\", operation=\"get_user\"" in repr(get)


def test_a_retried_attempt_says_why(fresh):
    events = []
    c = watched(fresh, events)
    c.register_user("alice", "pw-12345")
    events.clear()
    fresh.set_faults({"rules": [{"route": "GET /users/{username}", "count": 1, "status": 503}]})
    assert c.get_user("alice").username == "alice"
    attempts = [e for e in events if e.kind == "attempt"]
    assert [(a.attempt, a.status, a.retry, a.retry_reason) for a in attempts] == [
        (1, 503, True, "server_error"), (2, 200, False, None)]
    assert attempts[0].retry_after is not None and attempts[0].retry_after >= 0
    assert [(e.operation, e.attempt, e.status) for e in events if e.kind == "call"] == [("get_user", 2, 200)]


def test_the_async_client_reports_too(fresh):
    events = []
    c = watched(fresh, events, cls=cp.AsyncClient)
    asyncio.run(c.register_user("bea", "pw-12345"))
    assert [(e.kind, e.operation) for e in events if e.operation == "register_user"] == [
        ("attempt", "register_user"), ("call", "register_user")]


def test_a_hook_that_is_not_callable_is_named(fresh):
    with pytest.raises(TypeError, match="on_event"):
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, on_event="print")


def test_a_hook_that_raises_changes_nothing(fresh, monkeypatch):
    raised = []
    monkeypatch.setattr("sys.unraisablehook", lambda u: raised.append(u.exc_value))

    def broken(_event):
        raise RuntimeError("a broken hook")

    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, on_event=broken)
    c.register_user("cleo", "pw-12345")
    assert c.get_user("cleo").username == "cleo"
    assert raised and all(isinstance(e, RuntimeError) for e in raised)


def test_a_forked_child_keeps_the_hook(fresh):
    r, w = os.pipe()

    def to_pipe(e):
        if e.kind == "call":
            os.write(w, f"{os.getpid()} {e.operation}\n".encode())

    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                  client_secret=fresh.client_secret, on_event=to_pipe)
    c.register_user("dan", "pw-12345")
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            code = 0 if c.get_user("dan").username == "dan" else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    os.close(w)
    lines = os.fdopen(r).read().split("\n")
    assert os.WEXITSTATUS(status) == 0
    assert f"{pid} get_user" in lines, lines
