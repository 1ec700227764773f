"""The coroutine every ``AsyncClient`` call is: the native library hands
``lazy`` a function that starts the call, so nothing is sent until the
coroutine is awaited, and then on the loop that awaits it. A bulk call is
``stoppable``: cancelled, it stops the work in the core and the
``CancelledError`` carries what was answered before."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any


async def lazy(start: Callable[[], Awaitable[Any]], /) -> Any:
    return await start()


async def stoppable(start: Callable[[], Awaitable[Any]], stop: Callable[[], None], attach: str, /) -> Any:
    """Runs a bulk call; cancelled (``task.cancel()``, ``asyncio.timeout``,
    ``wait_for``), it calls ``stop`` (the core drops the requests in flight and
    sends nothing more), waits for what was answered before, which comes at
    once, and re-raises the ``CancelledError`` with it as ``attach``."""
    call = asyncio.ensure_future(start())
    try:
        return await asyncio.shield(call)
    except asyncio.CancelledError as cancelled:
        stop()
        try:
            done = await call
        except asyncio.CancelledError:
            raise
        except Exception as failed:  # a batch failed before: it carries the work too
            done = getattr(failed, attach, None)
        setattr(cancelled, attach, done)
        raise
