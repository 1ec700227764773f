"""chat_platform: a correct, fast, safe client for the Chat Platform
user-management REST API.

>>> from chat_platform import Client
>>> client = Client(base_url="https://a1.easecdn.com", app_key="org#app",
...                 client_id="...", client_secret="...")   # doctest: +SKIP
>>> client.register_user("alice", "s3cret-pw", nickname="Alice")  # doctest: +SKIP

``Client`` blocks (releasing the GIL); ``AsyncClient`` has the same methods as
awaitables. Errors are subclasses of :class:`chat_platform.exceptions.ChatPlatformError`.
:class:`Emulator` runs a local Chat Platform API for offline tests. The core's
log events go to the standard ``logging`` module under the ``chat_platform`` logger.
"""

from . import exceptions
from ._native import (
    AsyncBatchIterator,
    AsyncClient,
    AsyncUserIterator,
    BatchIterator,
    Client,
    DeliveryStatus,
    DisplayStyle,
    Emulator,
    NewUser,
    Presence,
    Progress,
    Region,
    RegisterBatch,
    RegisterFailure,
    RegisterReport,
    StatusBatch,
    TokenInfo,
    User,
    UserIterator,
    UserPage,
    UserPresence,
    __version__,
)
from .exceptions import (
    ChatPlatformError,
    ConfigurationError,
    ConflictError,
    DecodeError,
    InvalidInputError,
    LimitExceededError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
)

__all__ = [
    "AsyncClient",
    "AsyncBatchIterator",
    "AsyncUserIterator",
    "BatchIterator",
    "ChatPlatformError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "DecodeError",
    "DeliveryStatus",
    "DisplayStyle",
    "Emulator",
    "InvalidInputError",
    "LimitExceededError",
    "NewUser",
    "NotFoundError",
    "Presence",
    "Progress",
    "RateLimitedError",
    "Region",
    "RegisterBatch",
    "RegisterFailure",
    "RegisterReport",
    "StatusBatch",
    "ServerError",
    "TokenInfo",
    "TransportError",
    "UnauthorizedError",
    "User",
    "UserIterator",
    "UserPage",
    "UserPresence",
    "__version__",
    "exceptions",
]
