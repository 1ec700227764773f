"""Bulk work from Python: lazy sources (generators, async generators) in,
batches out as they arrive, progress as a callback, and a source that raises
halfway: a clear error, a report of what was done, nothing lost or sent twice."""

import asyncio

import pytest

import chat_platform as cp
from chat_platform.exceptions import ConfigurationError, InvalidInputError


def users(prefix, n, bad_at=None):
    for i in range(n):
        if i == bad_at:
            yield {"username": "not valid", "password": "pw"}
        else:
            yield cp.NewUser(f"{prefix}{i}", "pw-12345")


def stored(client):
    return sorted(u.username for u in client.iter_users())


def test_a_generator_streams_through_in_batches_with_progress(client, fresh):
    batches = list(client.register_users_iter(users("gen", 250, bad_at=7), total=250))
    assert [b.count for b in sorted(batches, key=lambda b: b.first_index)] == [60, 60, 60, 60, 10]
    assert sum(len(b.created) for b in batches) == 249
    failed = [f for b in batches for f in b.failed]
    assert [(f.index, f.kind) for f in failed] == [(7, "INVALID_INPUT")]
    last = max((b.progress for b in batches), key=lambda p: p.done)
    assert (last.done, last.total, last.succeeded, last.failed) == (250, 250, 249, 1)
    assert last.fraction == 1.0 and last.elapsed >= 0
    assert fresh.stats()["requests"]["POST /users"] == 5, "the invalid user was not sent"
    assert len(stored(client)) == 249


def test_register_users_takes_a_generator_and_reports_progress(client):
    seen = []
    report = client.register_users(users("prog", 130), progress=seen.append)
    assert len(report.created) == 130 and not report.failed
    assert [u.username for u in report.created][:3] == ["prog0", "prog1", "prog2"], "input order"
    assert [p.done for p in seen] == sorted(p.done for p in seen) and seen[-1].done == 130
    assert seen[-1].total is None, "a generator's length is unknown"
    listed = []
    client.register_users([cp.NewUser(f"list{i}", "pw-12345") for i in range(61)], progress=listed.append)
    assert listed[-1].total == 61 and listed[-1].done == 61


def test_a_progress_callback_that_raises_does_not_stop_the_work(client):
    calls = []

    def broken(p):
        calls.append(p.done)
        if p.done >= 60:
            raise ZeroDivisionError("the progress bar broke")

    with pytest.raises(ZeroDivisionError, match="the progress bar broke") as e:
        client.register_users(users("bar", 250), progress=broken)
    assert len(e.value.report.created) == 250, "the work went on, its report attached"
    assert len([d for d in calls if d >= 60]) == 1, "not called again after it raised"
    assert len([n for n in stored(client) if n.startswith("bar")]) == 250

    def refuses(p):
        raise ValueError("no")

    with pytest.raises(ValueError) as e:
        client.users_status(["bar0", "bar1"], progress=refuses)
    assert [p.username for p in e.value.presences] == ["bar0", "bar1"]


def test_a_source_raising_halfway_loses_nothing_and_sends_nothing_twice(client, fresh):
    pulled = []

    def breaks():
        for i in range(1000):
            pulled.append(i)
            if i == 150:
                raise ValueError("the export file is truncated")
            yield cp.NewUser(f"half{i}", "pw-12345")

    with pytest.raises(InvalidInputError) as e:
        client.register_users(breaks())
    err = e.value
    assert "register_users: the input failed: ValueError: the export file is truncated" in str(err)
    assert isinstance(err.__cause__, ValueError)
    assert len(err.report.created) == 150 and not err.report.failed, "what was done is reported"
    assert len(pulled) == 151, "nothing read after the failure"
    assert stored(client) == sorted(f"half{i}" for i in range(150)), "each user once"

    # The iterator form: the batches come first, then the error.
    def breaks_again():
        yield cp.NewUser("again0", "pw-12345")
        raise RuntimeError("disk gone")

    it = client.register_users_iter(breaks_again())
    first = next(it)
    assert [u.username for u in first.created] == ["again0"]
    with pytest.raises(InvalidInputError) as e2:
        next(it)
    assert isinstance(e2.value.__cause__, RuntimeError)


def test_a_wrong_item_in_a_lazy_source_names_it(client):
    def mixed():
        yield cp.NewUser("fine0", "pw-12345")
        yield 42

    with pytest.raises(InvalidInputError) as e:
        client.register_users(mixed())
    assert "register_users: `users[1]` must be a NewUser or dict, not int" in str(e.value)
    assert isinstance(e.value.__cause__, TypeError)
    assert [u.username for u in e.value.report.created] == ["fine0"]


def test_users_status_from_a_generator(client):
    client.register_users([cp.NewUser(f"st{i}", "pw-12345") for i in range(5)])
    got = client.users_status(f"st{i}" for i in range(250))
    assert [p.username for p in got] == [f"st{i}" for i in range(250)]
    batches = sorted(client.users_status_iter((f"st{i}" for i in range(150)), total=150), key=lambda b: b.first_index)
    assert [b.first_index for b in batches] == [0, 100] and batches[1].progress.total == 150
    assert all(b.error is None for b in batches)


def test_async_sources_and_async_batches(fresh):
    async def main():
        async with cp.AsyncClient(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                                  client_secret=fresh.client_secret) as c:
            async def agen():
                for i in range(70):
                    await asyncio.sleep(0)
                    yield cp.NewUser(f"async{i}", "pw-12345")

            seen = []
            report = await c.register_users(agen(), progress=seen.append)
            assert len(report.created) == 70 and seen[-1].done == 70
            batches = [b async for b in c.register_users_iter(users("asy", 61))]
            assert sum(len(b.created) for b in batches) == 61

            async def broken():
                yield cp.NewUser("async-broken0", "pw-12345")
                raise KeyError("no more rows")

            with pytest.raises(InvalidInputError) as e:
                await c.register_users(broken())
            assert isinstance(e.value.__cause__, KeyError)
            assert [u.username for u in e.value.report.created] == ["async-broken0"]

    asyncio.run(main())


def test_calls_between_the_batches_of_a_stream_are_answered():
    # A loop that asks the same client something after each batch, with the limits on (as a
    # resumable import does): the stream's requests go on meanwhile, and neither waits for the
    # other. It used to hang for good: a request left unpolled held its turn in the budget.
    with cp.Emulator(rate_limits=True, latency_ms=5) as emu:
        sync = emu.client()
        sync.register_user("seen", "pw-12345")
        created = []
        for batch in sync.register_users_iter(users("between", 600)):
            assert sync.get_user("seen").username == "seen"
            created.append(len(batch.created))
        assert created == [60] * 10 and emu.stats()["users"] == 601

        async def main():
            async with emu.async_client() as c:
                created = []
                async for batch in c.register_users_iter(users("abetween", 600)):
                    assert (await c.get_user("seen")).username == "seen"
                    created.append(len(batch.created))
                return created

        assert asyncio.run(asyncio.wait_for(main(), 60)) == [60] * 10


@pytest.mark.parametrize("scale", [0, -1.5, float("nan")])
def test_a_bad_rate_limit_scale_is_named_when_the_client_is_made(fresh, scale):
    with pytest.raises(ConfigurationError) as e:
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, token="t", rate_limit_scale=scale)
    assert e.value.field == "rate_limit_scale" and "must be a positive number" in str(e.value)
    with pytest.raises(ConfigurationError) as e:
        cp.Client(base_url=fresh.url, app_key=fresh.app_key, token="t", batch_concurrency=0)
    assert e.value.field == "batch_concurrency"


def test_one_batch_type_for_every_bulk_operation(fresh, client):
    client.register_users([cp.NewUser(f"one{i}", "pw-12345") for i in range(3)])
    reg = next(iter(client.register_users_iter([cp.NewUser("one9", "pw-12345"), cp.NewUser("one0", "pw-12345")])))
    status = next(iter(client.users_status_iter(["one0", "one1"])))
    attrs = next(iter(client.users_attributes_iter(["one0"], keys=["nickname"])))
    assert type(reg) is type(status) is type(attrs) is cp.Batch
    assert cp.RegisterBatch is cp.StatusBatch is cp.AttributesBatch is cp.Batch
    assert [u.username for u in reg.items] == [u.username for u in reg.created] == ["one9"]
    assert [(f.username, f.index, f.kind) for f in reg.failed] == [("one0", 1, "CONFLICT")]
    assert isinstance(reg.failed[0], cp.RegisterFailure) and cp.RegisterFailure is cp.ItemFailure
    assert [p.username for p in status.items] == [p.username for p in status.presences] == ["one0", "one1"]
    assert [u.username for u in attrs.users] == ["one0"]
    with pytest.raises(AttributeError, match="a StatusBatch has no `created`: its items are `presences`"):
        _ = status.created
    assert repr(status).startswith("StatusBatch(first_index=0, presences=<2 items>, failed=<0 items>")

    # A request refused as a whole: its names are in `failed`, with its error.
    fresh.set_faults({"rules": [{"route": "POST /users/batch/status", "count": 1, "status": 400}]})
    refused = next(iter(client.users_status_iter(["one0", "one1"])))
    assert refused.items == [] and isinstance(refused.error, cp.ChatPlatformError)
    assert [(f.username, f.index, f.kind) for f in refused.failed] == [("one0", 0, "INVALID_INPUT"), ("one1", 1, "INVALID_INPUT")]
    assert refused.progress.failed == 2


def test_push_nickname_failures_are_item_failures(client):
    client.register_users([cp.NewUser("pn0", "pw-12345")])
    report = client.set_push_nicknames({"pn0": "Zed", "pn-missing": "Nobody"})
    assert report.updated == ["pn0"]
    [f] = report.failed
    assert isinstance(f, cp.PushNicknameFailure) and cp.PushNicknameFailure is cp.ItemFailure
    assert (f.username, f.index, f.kind, f.uncertain) == ("pn-missing", 1, "NOT_FOUND", False)
