"""Plays tests/scenario/scenario.json through Client and through AsyncClient."""

import asyncio
import json

import pytest

import chat_platform
from chat_platform import ChatPlatformError
from conftest import REPO

SCENARIO = json.loads((REPO / "tests" / "scenario" / "scenario.json").read_text())


def expand(v, saved):
    if isinstance(v, str) and v.startswith("$"):
        return saved.get(v[1:], v)
    if isinstance(v, dict) and len(v) == 1:
        (k, g), = v.items()
        if k == "$repeat":
            return g[0] * g[1]
        if k == "$users":
            return [{"username": f"{g['prefix']}{i}", "password": g["password"]} for i in range(g["count"])]
        if k == "$names":
            return [f"{g['prefix']}{i}" for i in range(g["count"])]
        if k == "$nicknames":
            return [{"username": f"{g['prefix']}{i}", "nickname": f"{g['nickname']}{i}"} for i in range(g["count"])]
    if isinstance(v, dict):
        return {k: expand(x, saved) for k, x in v.items()}
    if isinstance(v, list):
        return [expand(x, saved) for x in v]
    return v


def matches(expected, actual, path="result"):
    if isinstance(expected, dict) and "$len" in expected:
        assert isinstance(actual, (list, str)), f"{path}: expected a sized value, got {actual!r}"
        assert len(actual) == expected["$len"], f"{path}: expected length {expected['$len']}, got {len(actual)}"
    elif isinstance(expected, dict) and "$type" in expected:
        types = {"string": str, "number": (int, float), "boolean": bool}[expected["$type"]]
        assert isinstance(actual, types) and not (expected["$type"] == "number" and isinstance(actual, bool)), \
            f"{path}: expected a {expected['$type']}, got {actual!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            matches(v, actual.get(k), f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {expected!r}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        same_kind = isinstance(expected, bool) == isinstance(actual, bool)
        assert expected == actual and same_kind, f"{path}: expected {expected!r}, got {actual!r}"


def canonical(v):
    """A result in the scenario's canonical JSON form."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, (chat_platform.Presence, chat_platform.DeliveryStatus)):
        return v.value
    if isinstance(v, list):
        return [canonical(x) for x in v]
    if isinstance(v, dict):
        return {k: canonical(x) for k, x in v.items()}
    if isinstance(v, chat_platform.MintedToken):
        return {**v.to_dict(), "token": v.token}
    if hasattr(v, "to_dict"):
        return v.to_dict()
    raise AssertionError(f"no canonical form for {v!r}")


def admin(emu, name, args):
    if name == "reset":
        emu.reset()
    elif name == "set_config":
        emu.set_config(**args)
    elif name == "set_presence":
        assert emu.set_presence(args["username"], args["online"])
    elif name == "add_offline_messages":
        assert emu.add_offline_messages(args["username"], [(m["id"], m["delivered"]) for m in args["messages"]])
    elif name == "revoke_tokens":
        emu.revoke_tokens()
    elif name == "set_devices":
        assert emu.set_devices(args["username"], args["devices"])
    else:
        raise AssertionError(f"unknown admin step {name}")


def check_error(e, expect):
    got = {"error": e.kind, "status": e.status, "server_code": e.code, "field": e.field}
    for k, v in expect.items():
        if k == "sent":
            continue
        assert got[k] == v, f"{k}: expected {v!r}, got {got[k]!r} ({e})"


def play(emu, call):
    saved = {}
    seen = set()
    for i, step in enumerate(SCENARIO["steps"]):
        args = expand(step.get("args", {}), saved)
        if "admin" in step:
            admin(emu, step["admin"], args)
            continue
        if "check" in step:
            matches(step["expect"], emu.stats(), "stats")
            continue
        op, expect = step["op"], step["expect"]
        seen.add(op)
        before = emu.stats()["total_requests"]
        try:
            result = canonical(call(op, args))
            error = None
        except ChatPlatformError as e:
            error = e
        sent = emu.stats()["total_requests"] - before
        where = f"step {i} ({op})"
        if "ok" in expect:
            assert error is None, f"{where}: expected success, got {error!r}"
            try:
                matches(expect["ok"], result)
            except AssertionError as a:
                raise AssertionError(f"{where}: {a}") from None
            for name, field in step.get("save", {}).items():
                saved[name] = result[field]
        else:
            assert error is not None, f"{where}: expected {expect}, got {result!r}"
            check_error(error, expect)
            if expect.get("sent") is False:
                assert sent == 0, f"{where}: invalid input reached the server"
    assert len(seen) == 55


# Operations that need no client (chat tokens, webhook checks), or another one.
LOCAL = {"chat_user_token", "chat_app_token", "parse_chat_token", "verify_chat_token", "verify_webhook"}


def local(emu, op, args, client_class):
    if op == "app_certificate_token":
        return client_class(base_url=emu.url, app_key=emu.app_key, app_id=emu.app_id,
                            app_certificate=emu.app_certificate).fetch_token()
    return getattr(chat_platform, op)(**args)


def test_scenario_through_client(emu):
    client = emu.client()

    def call(op, args):
        if op in LOCAL or op == "app_certificate_token":
            return local(emu, op, args, chat_platform.Client)
        if op.startswith("iter_"):
            return list(getattr(client, op)(**args))
        return getattr(client, op)(**args)

    play(emu, call)


def test_scenario_through_async_client(emu):
    loop = asyncio.new_event_loop()
    client = emu.async_client()

    async def run(op, args):
        if op in LOCAL:
            return local(emu, op, args, None)
        if op == "app_certificate_token":
            agora = chat_platform.AsyncClient(base_url=emu.url, app_key=emu.app_key, app_id=emu.app_id,
                                              app_certificate=emu.app_certificate)
            return await agora.fetch_token()
        if op.startswith("iter_"):
            return [u async for u in getattr(client, op)(**args)]
        return await getattr(client, op)(**args)

    try:
        play(emu, lambda op, args: loop.run_until_complete(run(op, args)))
    finally:
        loop.close()


def test_the_matcher_rejects_mismatches():
    with pytest.raises(AssertionError):
        matches({"username": "a"}, {"username": "b"})
    with pytest.raises(AssertionError):
        matches(["a", "b"], ["a"])
    with pytest.raises(AssertionError):
        matches({"$len": 2}, [1])
    with pytest.raises(AssertionError):
        matches(1, True)
    matches({"missing": None}, {})
