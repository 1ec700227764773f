"""Idiomatic behaviour: iterators, asyncio, exception classes, GIL, bad arguments."""

import asyncio
import gc
import threading
import time

import pytest

import chat_platform as cp
from chat_platform import exceptions as ex


def test_results_are_typed_with_repr_eq_and_to_dict(client):
    u = client.register_user("alice", "pw-alice", nickname="Alice")
    assert isinstance(u, cp.User)
    assert (u.username, u.nickname, u.activated) == ("alice", "Alice", True)
    assert isinstance(u.created, int) and isinstance(u.uuid, str)
    assert u == client.get_user("ALICE")
    assert u != client.register_user("bob", "pw-bob")
    assert repr(u).startswith('User(username="alice"')
    d = u.to_dict()
    assert d["username"] == "alice" and d["nickname"] == "Alice" and d["notification_display_style"] is None
    styled = client.set_notification_display_style("alice", cp.DisplayStyle.WITH_DETAILS)
    assert styled.notification_display_style == cp.DisplayStyle.WITH_DETAILS
    assert int(styled.notification_display_style) == 1
    assert client.set_notification_display_style("alice", 0).notification_display_style == cp.DisplayStyle.NOTIFICATION_ONLY
    assert {u, u} == {u}


def test_sync_iterator_pages_lazily(client, fresh):
    report = client.register_users([cp.NewUser(f"it{i:03}", "pw") for i in range(250)])
    assert report.ok and len(report.created) == 250
    before = fresh.stats()["requests"].get("GET /users", 0)
    it = client.iter_users(page_size=100)
    first = next(it)
    assert first.username.startswith("it")
    assert fresh.stats()["requests"]["GET /users"] - before == 1, "one page fetched so far"
    rest = list(it)
    assert sorted(u.username for u in [first] + rest) == [f"it{i:03}" for i in range(250)]
    assert fresh.stats()["requests"]["GET /users"] - before == 3
    with pytest.raises(StopIteration):
        next(it)


def test_async_iterator_and_gather_share_one_token(fresh):
    async def main():
        async with fresh.async_client() as c:
            await c.register_users([{"username": f"a{i}", "password": "pw"} for i in range(130)])
            names = [u.username async for u in c.iter_users(page_size=40)]
            # Chunks run concurrently, so creation order follows completion, not input.
            assert sorted(names) == sorted(f"a{i}" for i in range(130))
            users = await asyncio.gather(*(c.get_user(f"a{i}") for i in range(100)))
            assert [u.username for u in users] == [f"a{i}" for i in range(100)]

    asyncio.run(main())
    assert fresh.stats()["token_grants"] == 1


def test_gather_100_cold_calls_fetch_one_token(fresh):
    fresh.set_faults({"rules": [{"route": "POST /token", "count": 1, "latency_ms": 100}]})

    async def main():
        c = fresh.async_client()
        await c.register_user_open("cold", "pw")  # open registration: no token
        return await asyncio.gather(*(c.get_user("cold") for _ in range(100)))

    users = asyncio.run(main())
    assert len(users) == 100
    assert fresh.stats()["token_grants"] == 1


def test_every_exception_class_from_its_case(client, fresh):
    client.register_user("exists", "pw")
    cases = [
        (ex.InvalidInputError, lambda: client.get_user("not valid")),
        (ex.NotFoundError, lambda: client.get_user("ghost")),
        (ex.ConflictError, lambda: client.register_user("EXISTS", "pw")),
        (ex.UnauthorizedError, lambda: cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret="wrong").get_user("exists")),
        (ex.ConfigurationError, lambda: cp.Client(base_url=fresh.url, app_key="other-org#other-app", token="t").get_user("exists")),
        (ex.ConfigurationError, lambda: cp.Client(base_url="not a url", app_key="a#b", token="t")),
        (ex.ConfigurationError, lambda: cp.Client(base_url=fresh.url, app_key="no-hash", token="t")),
        (ex.TransportError, lambda: cp.Client(base_url="http://127.0.0.1:9", app_key="a#b", token="t", max_attempts=1).get_user("x")),
    ]
    for cls, call in cases:
        with pytest.raises(cls) as info:
            call()
        e = info.value
        assert isinstance(e, ex.ChatPlatformError)
        assert e.kind in {"INVALID_INPUT", "NOT_FOUND", "CONFLICT", "UNAUTHORIZED", "CONFIGURATION", "TRANSPORT"}
    fresh.set_faults({"rules": [
        {"route": "GET /users/{username}", "count": 10, "status": 429, "retry_after": "0"},
    ]})
    # Unpaced, the attempts run out (paced, throttling is the pacer's and only time ends it).
    with pytest.raises(ex.RateLimitedError) as info:
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret=fresh.client_secret,
                  max_attempts=2, retry_base_delay=0.001, rate_limits=False).get_user("exists")
    assert info.value.retryable and info.value.status == 429 and info.value.retry_after == 0.0
    fresh.set_faults({"rules": [{"route": "GET /users/{username}", "count": 10, "status": 502}]})
    with pytest.raises(ex.ServerError) as info:
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret=fresh.client_secret, max_attempts=2, retry_base_delay=0.001).get_user("exists")
    assert info.value.status == 502 and info.value.retryable
    fresh.set_faults({"rules": [{"route": "GET /users/{username}", "count": 1, "status": 429, "error": "resource_limited"}]})
    with pytest.raises(ex.LimitExceededError) as info:
        client.get_user("exists")
    assert not info.value.retryable and info.value.code == "resource_limited"
    fresh.set_config(contact_limit=0)
    with pytest.raises(ex.LimitExceededError):
        client.add_contact("exists", "exists")
    # Decode: an answer that is not the API's (the emulator's admin JSON).
    odd = cp.Client(base_url=fresh.url + "/_emulator", app_key="health#x", token="t0ken", max_attempts=1)
    with pytest.raises((ex.DecodeError, ex.NotFoundError)):
        odd.get_user("x")


def test_invalid_input_is_a_value_error_naming_the_field(client):
    with pytest.raises(ValueError) as info:
        client.set_no_disturb("alice", 25, 3)
    assert info.value.field == "start_hour" and "start_hour" in str(info.value)
    with pytest.raises(ValueError) as info:
        client.register_users([{"username": "ok", "password": "pw"}, {"username": "OK", "password": "pw"}])
    assert info.value.field == "users[1].username"
    with pytest.raises(ValueError):
        client.set_notification_display_style("alice", 7)


@pytest.mark.parametrize("call", [
    lambda c: c.get_user(None),
    lambda c: c.get_user(42),
    lambda c: c.register_user("a", None),
    lambda c: c.register_users("alice"),
    lambda c: c.register_users([42]),
    lambda c: c.register_users([{"username": "x"}]),
    lambda c: c.register_users([{"username": 1, "password": "p"}]),
    lambda c: c.block_users("alice", "bob"),
    lambda c: c.block_users("alice", [None]),
    lambda c: c.users_status(None),
    lambda c: c.list_users(limit="ten"),
    lambda c: c.set_no_disturb("a", 1.5, 2),
    lambda c: c.set_notification_display_style("a", True),
    lambda c: c.set_notification_display_style("a", "1"),
    lambda c: c.iter_users(page_size="10"),
])
def test_wrong_types_raise_type_errors_naming_the_operation(client, call):
    with pytest.raises(TypeError) as e:
        call(client)
    op = call.__code__.co_names[-1]
    assert str(e.value).startswith(f"{op}: `"), str(e.value)


def test_huge_and_odd_values_are_rejected_cleanly(client, fresh):
    before = fresh.stats()["total_requests"]
    with pytest.raises(ValueError):
        client.block_users("alice", [f"u{i}" for i in range(10_000)])
    with pytest.raises(ValueError):
        client.get_user("x" * 100_000)
    with pytest.raises(ValueError):
        client.get_user("../admin")
    with pytest.raises(ValueError):
        client.get_user("名字")
    with pytest.raises(ValueError):
        client.register_user("ok-name", "p" * 65)
    assert fresh.stats()["total_requests"] == before, "nothing was sent"
    assert client.users_status([]) == []
    assert client.register_users([]).ok


def test_secrets_never_in_repr_or_str(fresh):
    secret = fresh.client_secret
    c = cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret=secret, min_token_interval=0.0)
    token = c.fetch_token()
    texts = [repr(c), str(c), repr(token), str(token), repr(cp.NewUser("n", "hunter2-password")),
             repr(fresh.async_client()), repr(fresh)]
    try:
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id, client_secret="wrong-secret-value").fetch_token()
    except ex.ChatPlatformError as e:
        texts += [repr(e), str(e), str(e.description)]
    try:
        c.register_user("bad name", "hunter2-password")
    except ex.ChatPlatformError as e:
        texts += [repr(e), str(e)]
    for t in texts:
        for s in (secret, token.access_token, "hunter2-password", "wrong-secret-value"):
            assert s not in t, f"{s!r} leaked in {t!r}"
    assert token.access_token.startswith("YWMt")


def test_sync_calls_release_the_gil(fresh):
    fresh.set_faults({"rules": [{"route": "GET /users", "count": 1, "latency_ms": 500}]})
    c = fresh.client()
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    t = threading.Thread(target=spin)
    t.start()
    start = time.perf_counter()
    c.list_users()
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start >= 0.5
    assert len(during) >= 20, f"the other thread ran only {len(during)} times during a 500 ms call"


def test_panics_become_exceptions():
    with pytest.raises(ex.ChatPlatformError) as info:
        cp._native._debug_panic()
    assert "panic" in str(info.value) and info.value.kind == "INTERNAL"

    async def main():
        return await cp._native._debug_panic(asynchronous=True)

    with pytest.raises(ex.ChatPlatformError):
        asyncio.run(main())


def test_clients_close_and_context_managers(fresh):
    with fresh.client() as c:
        c.fetch_token()
    with pytest.raises(ex.ConfigurationError):
        c.get_user("x")

    async def main():
        async with fresh.async_client() as ac:
            assert isinstance(ac, cp.AsyncClient)
        with pytest.raises(ex.ConfigurationError):
            await ac.get_user("x")

    asyncio.run(main())


def test_emulator_helpers(fresh):
    c = fresh.client()
    c.register_user("h1", "pw")
    assert fresh.set_presence("h1") is True
    assert c.user_status("h1") == cp.Presence.ONLINE
    assert fresh.set_presence("ghost") is False
    assert fresh.add_offline_messages("h1", [("m1", False), ("m2", True)])
    assert c.offline_message_count("h1") == 1
    assert c.offline_message_status("h1", "m2") == cp.DeliveryStatus.DELIVERED
    assert fresh.revoke_tokens() >= 1
    assert c.get_user("h1").username == "h1", "refreshed after revocation"
    with pytest.raises(TypeError):
        fresh.set_config(no_such_setting=1)
    with pytest.raises(ValueError):
        fresh.set_faults({"rules": [{"count": "many"}]})
    stats = fresh.stats()
    assert stats["users"] == 1 and stats["token_grants"] == 2
    e = cp.Emulator(org="my-org", app="my-app")
    assert e.app_key == "my-org#my-app"
    e.stop()
    e.stop()
    with pytest.raises(RuntimeError):
        _ = e.url
    del e
    gc.collect()


def test_users_status_unpacks_as_pairs(client):
    client.register_user("p1", "pw")
    [(name, presence)] = client.users_status(["P1"])
    assert name == "P1" and presence is not None and presence == cp.Presence.OFFLINE


def test_one_sync_client_from_many_threads(fresh):
    c = fresh.client()
    c.register_users([cp.NewUser(f"t{i}", "pw") for i in range(8)])
    errors = []

    def work(i):
        try:
            for _ in range(50):
                assert c.get_user(f"t{i}").username == f"t{i}"
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors[:3]
    assert all(not t.is_alive() for t in threads)
    assert fresh.stats()["token_grants"] == 1
