"""The coroutine every ``AsyncClient`` call is: the native library hands
``lazy`` a function that starts the call, so nothing is sent until the
coroutine is awaited, and then on the loop that awaits it."""

from collections.abc import Awaitable, Callable
from typing import Any


async def lazy(start: Callable[[], Awaitable[Any]], /) -> Any:
    return await start()
