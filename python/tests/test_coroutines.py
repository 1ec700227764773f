"""AsyncClient calls are coroutines, as in any asyncio library: nothing is sent until one is
awaited, they run on the loop that awaits them, and cancelling the task stops the call."""

import asyncio
import gc
import inspect
import time
import warnings

import pytest

import chat_platform as cp


def async_client(emu, **kw):
    return cp.AsyncClient(base_url=emu.url, app_key=emu.app_key, client_id=emu.client_id,
                          client_secret=emu.client_secret, min_token_interval=0.0, **kw)


def test_asyncio_run_takes_a_call_made_outside_any_loop(fresh):
    client = async_client(fresh)
    user = asyncio.run(client.register_user("zed", "s3cret-pw"))
    assert user.username == "zed"
    # A second loop, the same client.
    assert asyncio.run(client.get_user("zed")).username == "zed"


def test_a_call_is_a_coroutine_named_after_the_operation(fresh):
    client = async_client(fresh)
    call = client.get_user("zed")
    try:
        assert inspect.iscoroutine(call), type(call)
        assert call.__qualname__ == "AsyncClient.get_user"
    finally:
        call.close()


def test_a_forgotten_await_sends_nothing_and_python_warns(fresh):
    fresh.client().register_user("victim", "s3cret-pw")
    client = async_client(fresh)
    before = fresh.stats()["total_requests"]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")

        async def forgetful():
            client.delete_user("victim")  # no await: a common slip
            await asyncio.sleep(0.2)

        asyncio.run(forgetful())
        gc.collect()
    assert fresh.stats()["total_requests"] == before, "nothing was sent"
    assert fresh.client().get_user("victim").username == "victim", "the user was not deleted"
    messages = [str(w.message) for w in seen if issubclass(w.category, RuntimeWarning)]
    assert any("AsyncClient.delete_user" in m and "never awaited" in m for m in messages), messages


def test_gather_and_task_groups_run_calls_together(fresh):
    client = async_client(fresh)

    async def main():
        await asyncio.gather(*(client.register_user(f"g{i}", "s3cret-pw") for i in range(5)))
        names = await asyncio.gather(*(client.get_user(f"g{i}") for i in range(5)))
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(client.user_status(f"g{i}")) for i in range(5)]
        return [u.username for u in names], [t.result() for t in tasks]

    names, presences = asyncio.run(main())
    assert names == [f"g{i}" for i in range(5)]
    assert len(presences) == 5


def test_errors_are_raised_where_the_call_is_awaited(fresh):
    client = async_client(fresh)

    async def main():
        call = client.get_user("nobody-here")
        with pytest.raises(cp.NotFoundError):
            await call

    asyncio.run(main())


def test_an_async_iterator_step_is_lazy_too(fresh):
    sync = fresh.client()
    for i in range(3):
        sync.register_user(f"it{i}", "s3cret-pw")
    client = async_client(fresh)

    async def main():
        it = client.iter_users(page_size=2)
        before = fresh.stats()["total_requests"]
        step = it.__anext__()
        assert inspect.iscoroutine(step)
        await asyncio.sleep(0.1)
        assert fresh.stats()["total_requests"] == before, "no page fetched before the step is awaited"
        first = await step
        rest = [u async for u in it]
        return [first.username] + [u.username for u in rest]

    assert sorted(asyncio.run(main())) == ["it0", "it1", "it2"]


def patient_client(url):
    """Each attempt gives up after 0.2 s and the next opens a new connection,
    so a call left running would keep connecting for 10 s."""
    return cp.AsyncClient(base_url=url, app_key="org#app", token="t0ken-value", rate_limits=False,
                          attempt_timeout=0.2, retry_base_delay=0.01, retry_max_delay=0.02,
                          request_timeout=10, max_attempts=40)


def test_cancelling_the_task_stops_the_call(silent_server):
    url, connections = silent_server, silent_server.connections
    client = patient_client(url)

    async def main():
        t0 = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.get_user("alice"), 0.7)
        return time.monotonic() - t0

    took = asyncio.run(main())
    assert took < 1.5, f"cancelled after {took:.2f} s"
    opened = len(connections)
    assert opened >= 2, f"the call retried before it was cancelled ({opened} connections)"
    time.sleep(1.0)
    assert len(connections) == opened, f"{len(connections) - opened} connections opened after the cancel"


def test_a_cancelled_bulk_call_stops_and_carries_what_was_answered(fresh):
    # A source that gives 120 users, then waits forever: two requests
    # answered, then the task is cancelled from the progress callback.
    client = async_client(fresh)

    async def users():
        for i in range(120):
            yield {"username": f"cx{i}", "password": "pw-12345"}
        await asyncio.Event().wait()

    async def main():
        task, loop = None, asyncio.get_running_loop()

        def progress(p):  # called on the library's thread
            if p.done == 120:
                loop.call_soon_threadsafe(task.cancel)

        task = asyncio.ensure_future(client.register_users(users(), progress=progress))
        with pytest.raises(asyncio.CancelledError) as cancelled:
            await task
        return cancelled.value

    e = asyncio.run(asyncio.wait_for(main(), 10))
    assert [u.username for u in e.report.created] == [f"cx{i}" for i in range(120)]
    assert e.report.failed == []
    before = fresh.stats()["total_requests"]
    time.sleep(0.2)
    assert fresh.stats()["total_requests"] == before, "nothing sent after the cancel"
    assert len(cp.Client(base_url=fresh.url, app_key=fresh.app_key, client_id=fresh.client_id,
                         client_secret=fresh.client_secret).users_status([f"cx{i}" for i in range(120)])) == 120


def test_a_timed_out_bulk_call_stops_at_once(silent_server):
    url, connections = silent_server, silent_server.connections
    client = patient_client(url)

    async def main():
        t0 = time.monotonic()
        with pytest.raises(asyncio.TimeoutError) as timed_out:
            await asyncio.wait_for(client.users_status(["a", "b", "c"]), 0.7)
        return time.monotonic() - t0, timed_out.value

    took, e = asyncio.run(main())
    assert took < 1.5, f"cancelled after {took:.2f} s"
    # wait_for raises TimeoutError from the task's CancelledError, which carries the work.
    assert isinstance(e.__cause__, asyncio.CancelledError)
    assert e.__cause__.presences == [], "nothing was answered"
    opened = len(connections)
    assert opened >= 2, f"the call retried before it was cancelled ({opened} connections)"
    time.sleep(1.0)
    assert len(connections) == opened, f"{len(connections) - opened} connections opened after the cancel"
